"""The figures and worked examples of particular pages, in folders that mirror ``book/``.

- :mod:`.colours` is the palette every figure uses; :mod:`.diagrams` draws the network
  diagrams of many pages; :mod:`.digits` draws MNIST digits and the network's answers.
- ``front/``, ``part1/``, ``part2/``, ``part3/``, ``appendix_a/``, ``appendix_b/``: one
  module per page or group of pages, named after what the page is about.

Nothing in the network engine (``nnbook.network`` and its neighbours) imports from here.
"""
