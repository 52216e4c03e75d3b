"""What only the website needs: the interactive-figure mechanism and the drawing demo.

- :mod:`.widgets`: a slider and precomputed drawings that work with no kernel;
- :mod:`.digit_demo`: the draw-a-digit pad of Part 3 and its JavaScript (``js/``).
"""
