"""The book's colours, in one place, so every figure speaks the same visual language.

Lines and marks use the Okabe-Ito palette, which stays distinguishable for readers with any
common kind of colour blindness. Text in colour uses darker shades of the same hues, because
letters need more contrast on white than a line does (WCAG AA: 4.5 to 1). ``INK`` is the
near-black of labels and titles.

Every colour a figure draws with is named here and nowhere else (``tests/test_colours.py``
enforces it), so that a change of palette is one edit and a reader can see at a glance which
colours the book uses. Some names below differ from a neighbour by a shade only: they were
gathered from the figures as they stood, and kept apart so that no picture changed when they
moved here. Fold two together only when you mean to change the pictures that use them.

What the pages call each colour
-------------------------------
Captions, alt texts and prose name a palette colour by one word, the same on every page, so
that "red" on one page is never "vermillion" or "orange-red" on the next (``spoken_name``):

- ``BLUE``: blue; ``ORANGE``: orange; ``GREEN``: green; ``SKY``: light blue;
- ``VERMILLION``: red (an orange-red, but never "vermillion" or "orange-red" in the text);
- ``PURPLE``: purple; ``YELLOW``: yellow; ``GREY``: grey; ``BLACK``: black.

The tints keep the word of their hue; a text shade drawn as a line or a mark is "dark"
plus its hue (``ORANGE_TEXT``: dark orange).
"""

from __future__ import annotations

__all__ = [
    # Okabe-Ito and their text shades
    "BLUE",
    "ORANGE",
    "GREEN",
    "VERMILLION",
    "GREY",
    "SKY",
    "PURPLE",
    "YELLOW",
    "BLACK",
    "ORANGE_TEXT",
    "VERMILLION_TEXT",
    "GREEN_TEXT",
    "GREEN_TEXT_DARK",
    "BLUE_DEEP",
    "VERMILLION_DARK",
    # inks, lines and fills in grey
    "INK_BLACK",
    "INK",
    "INK_DARK",
    "INK_MID",
    "INK_SOFT",
    "TEXT_FADED",
    "LINE_MUTED",
    "LINE_FRAME",
    "LINE_FADED",
    "LINE_GUIDE",
    "LINE_CELL",
    "LINE_LIGHT",
    "GRID_LINE",
    "GRID_LIGHT",
    "FILL_VALUE",
    "FILL_LIGHT",
    "FILL_CELL",
    # tints
    "BLUE_TINT",
    "BLUE_TINT_ROW",
    "BLUE_TINT_BOX",
    "BLUE_TINT_NODE",
    "BLUE_TINT_ANSWER",
    "BLUE_TINT_FACTOR",
    "BLUE_TINT_PALE",
    "BLUE_TINT_CELL",
    "ORANGE_TINT",
    "ORANGE_TINT_COLUMN",
    "ORANGE_TINT_BOX",
    "ORANGE_TINT_CARD",
    "ORANGE_TINT_PALE",
    "ORANGE_LIGHT",
    "ROW_COLUMN_TINT",
    "GREEN_TINT",
    "GREEN_TINT_BOX",
    "GREEN_TINT_REGION",
    "GREEN_TINT_EDGE",
    "VERMILLION_TINT",
    "VERMILLION_TINT_REGION",
    "VERMILLION_TINT_EDGE",
    # illustrations
    "SKIN_TONES",
    "HAIR",
    "CAT_DARK",
    "CAT_NOSE",
    "TRUNK",
    "TRUNK_EDGE",
    "LEAF",
    "LEAF_EDGE",
    "GRASS",
    "NIGHT_SKY",
    "NIGHT_HILL",
    "NIGHT_WALKER",
    "NIGHT_TEXT",
    "NEURON_INK",
    "NEURON_BODY",
    "NEURON_NUCLEUS",
    "NEURON_SHEATH",
    "WATER",
    "CARDBOARD",
    "CARDBOARD_FLAP",
    "PI_BOARD",
    "PI_BOARD_EDGE",
    "PI_HOLE_RING",
    "PI_PIN",
    "PI_PIN_EDGE",
    "PI_CARD_SLOT",
    "COPPER",
    "COPPER_EDGE",
    "COPPER_RING",
    "COPPER_TEXT",
]

# Okabe-Ito, for lines, markers and fills.
BLUE, ORANGE, GREEN, VERMILLION, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#777777"
SKY, PURPLE, YELLOW, BLACK = "#56B4E9", "#CC79A7", "#F0E442", "#000000"
# The word the pages use for each colour above (the table in the module docstring).
_spoken = {
    "BLUE": "blue",
    "ORANGE": "orange",
    "GREEN": "green",
    "VERMILLION": "red",
    "SKY": "light blue",
    "PURPLE": "purple",
    "YELLOW": "yellow",
    "GREY": "grey",
    "BLACK": "black",
}


def spoken_name(name: str) -> str:
    """The one word captions and prose use for the palette colour called ``name`` here.

    >>> spoken_name("VERMILLION")
    'red'
    """
    try:
        return _spoken[name]
    except KeyError:
        raise KeyError(f"{name!r} has no spoken name; the named hues are {', '.join(_spoken)}") from None


# Darker shades of the same hues, for coloured text on white.
ORANGE_TEXT, VERMILLION_TEXT, GREEN_TEXT = "#8A5A00", "#A33A00", "#006B4F"
GREEN_TEXT_DARK = "#00664A"  # the scorecard's "answer ... ✓" (a touch darker than GREEN_TEXT)
BLUE_DEEP = "#0B3D62"  # navy, for bold words on a blue tint (a machine's inside, a class name)
VERMILLION_DARK = "#B04A00"  # the second stripe of the drawing demo's winning bar

# ---------------------------------------------------------------------------- greys
# Inks: text and the strokes drawn like text (arrows, outlines, brackets), darkest first.
INK_BLACK = "#111111"  # numbers in matrix cells; the rim of the Pi's processor
INK = "#222222"  # labels and titles
INK_DARK = "#333333"  # arrows, outlines, brackets and quiet notes
INK_MID = "#444444"  # layer names and side notes; the timeline's axis
INK_SOFT = "#555555"  # secondary text (headings, decades, the primer's notes) and plain outlines
TEXT_FADED = "#9A9A9A"  # labels of the faded part of a network diagram
# Lines that stay in the background, darkest first.
LINE_MUTED = "#AAAAAA"  # outlines of nodes the eye should pass over
LINE_FRAME = "#BBBBBB"  # thin frames round pictures and colour bars (also the Pi's sockets)
LINE_FADED = "#C4C4C4"  # faded links of a network diagram
LINE_GUIDE = "#CCCCCC"  # guide lines at 0 and 1 behind a graph
LINE_CELL = "#D0D0D0"  # the edges of a matrix's cells
LINE_LIGHT = "#D9D9D9"  # the parts of a drawing that stay in the background
GRID_LINE = "#DDDDDD"  # grid lines of the results graphs
GRID_LIGHT = "#E5E5E5"  # the fainter grid of the seed-spread graph
# Grey fills, darkest first.
FILL_VALUE = "#F1F1F1"  # the little tags that carry a value in a network diagram
FILL_LIGHT = "#F2F2F2"  # boxes that stand to one side (side paths, the network, the product)
FILL_CELL = "#F4F4F4"  # empty cells and nodes that are not the subject

# ---------------------------------------------------------------------------- tints
# Pale tints of the palette's hues, for fills behind text (darkest first within each hue).
BLUE_TINT_ROW = "#CFE3F3"  # the row of a matrix being multiplied
BLUE_TINT_BOX = "#D6EAF5"  # large boxes: Part 1 on the book map, the onion's inner layer
BLUE_TINT_NODE = "#DCEBF7"  # a highlighted node of a network diagram
BLUE_TINT = "#E3EEF7"  # a machine's box, the primer's recipe card
BLUE_TINT_ANSWER = "#E3EEF8"  # the entry of a product being worked out
BLUE_TINT_FACTOR = "#E3F1FA"  # the sigmoid slope's box in the three-factor strip
BLUE_TINT_PALE = "#EEF4FA"  # the logic gate and summing node; the input rows of a truth table
BLUE_TINT_CELL = "#EEF5FB"  # matrix cells off the diagonal
ORANGE_TINT_COLUMN = "#FBE6BF"  # the column of a matrix being multiplied
ORANGE_TINT_BOX = "#FBE3C8"  # large boxes: Part 3 on the book map, the onion's outer layer
ORANGE_TINT = "#FCEFD0"  # the diagonal of a matrix, the nodes j and k
ORANGE_TINT_CARD = "#FCEFD6"  # the primer's objects
ORANGE_TINT_PALE = "#FDF3E1"  # the sigmoid's box in the neuron diagram
ORANGE_LIGHT = "#FFD9B3"  # a pale orange path, drawn on the dark contour map
ROW_COLUMN_TINT = "#E8DCCB"  # where a highlighted row meets a highlighted column
GREEN_TINT_EDGE = "#9FCFB9"  # the outline of the "line says 1" key
GREEN_TINT_BOX = "#D5F0E6"  # Part 2 on the book map
GREEN_TINT_REGION = "#D8F0E6"  # where a line says 1
GREEN_TINT = "#E0F3EC"  # the previous output's box in the three-factor strip
VERMILLION_TINT_EDGE = "#E9B9A0"  # the outline of the "line says 0" key
VERMILLION_TINT_REGION = "#FBE3D6"  # where a line says 0
VERMILLION_TINT = "#FDE8DA"  # the error's box in the three-factor strip

# ---------------------------------------------------------------------------- illustrations
# Page 1.1's little photos (figures.part1.predictors): a crowd of faces, a cat and a tree.
SKIN_TONES = ("#FFDBAC", "#E0AC69", "#C68642", "#8D5524")
HAIR = "#3B2A1A"
CAT_DARK, CAT_NOSE = "#5A3A00", "#CC6677"  # the fur is ORANGE
TRUNK, TRUNK_EDGE = "#8B5A2B", "#4A2E12"
LEAF, LEAF_EDGE = "#3A9E5F", "#1F5E36"
GRASS = "#9ACD7A"
# Page 1.14's walker on a dark hillside (figures.part1.gradient_descent.hiker_figure).
NIGHT_SKY, NIGHT_HILL = "#0B1D33", "#24364F"
NIGHT_WALKER, NIGHT_TEXT = "#F5F5F5", "#AFC4DD"
# The biological neuron and the cups of water (figures.part1.neuron_figures).
NEURON_INK, NEURON_BODY, NEURON_NUCLEUS, NEURON_SHEATH = "#4A4A4A", "#F6D9A8", "#C98D2C", "#E6EEF7"
WATER = "#9ECAE9"
# The primer's variable, a cardboard box (figures.part2.primer).
CARDBOARD, CARDBOARD_FLAP = "#F3E3C3", "#E8D2A6"
# Appendix B's Raspberry Pi Zero and two-pence coin (figures.appendix_b.pi).
PI_BOARD, PI_BOARD_EDGE = "#2F7D4A", "#1B4D2C"
PI_HOLE_RING, PI_PIN, PI_PIN_EDGE = "#C9B037", "#E8D27A", "#9C8420"
PI_CARD_SLOT = "#999999"
COPPER, COPPER_EDGE, COPPER_RING, COPPER_TEXT = "#C7814A", "#7A4A22", "#9A5E30", "#5A3214"
