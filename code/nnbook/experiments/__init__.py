"""The book's experiments: many networks trained and tested, with nothing drawn.

- :mod:`.runner`: Part 2's knobs (learning rate, epochs, hidden nodes), several seeds each;
- :mod:`.rotations`: Part 3's turned training copies, tested fairly;
- :mod:`.backquery`: Part 3's look inside a trained network, by running it backwards.

Their pictures are in :mod:`nnbook.figures`; these modules only compute.
"""
