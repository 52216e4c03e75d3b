"""One palette: every colour the package draws with is named in ``nnbook.figures.colours``.

A hex colour written straight into a figure module is a colour nobody can find again: the
next figure picks a shade of its own, and a change of palette misses it. So the package's
Python files may name colours only through ``colours.py``; this test reads every string in
them (comments are free) and fails on any hex colour literal elsewhere.
"""

from __future__ import annotations

import io
import re
import tokenize
from fnmatch import fnmatch
from pathlib import Path

import matplotlib.colors

from nnbook.figures import colours

PACKAGE = Path(__file__).resolve().parents[1] / "code" / "nnbook"
PALETTE = "figures/colours.py"
NOT_YET: tuple[str, ...] = ()  # files allowed their own hex colours: none
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})(?![0-9A-Za-z_])")
# Python 3.12 splits f-strings into several tokens; before that an f-string is one STRING.
_STRING_TOKENS = {tokenize.STRING} | {getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}


def hex_literals(source: str) -> list[tuple[int, str]]:
    """(line, colour) of every hex colour inside a string literal of ``source``."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in _STRING_TOKENS:
            found += [(token.start[0], match.group()) for match in HEX_COLOUR.finditer(token.string)]
    return found


def _palette_names() -> dict[str, str]:
    return {name: getattr(colours, name) for name in colours.__all__}


def test_no_hex_colour_outside_the_palette() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative == PALETTE or any(fnmatch(relative, pattern) for pattern in NOT_YET):
            continue
        offenders += [f"{relative}:{line}: {colour}" for line, colour in hex_literals(path.read_text(encoding="utf-8"))]
    assert not offenders, (
        "hex colours outside nnbook/figures/colours.py (name them there and import the name):\n" + "\n".join(offenders)
    )


def test_the_scanner_sees_strings_and_not_comments() -> None:
    source = "a = \"#A1B2C3\"  # a comment with #FFFFFF\nb = f'{a} on #fff'\nc = 'see issue #16 or item #1234567'\n"
    assert hex_literals(source) == [(1, "#A1B2C3"), (2, "#fff")]


def test_every_palette_name_is_a_colour_and_says_it_once() -> None:
    """Each name holds a valid colour (or a tuple of them), and no colour has two names."""
    seen: dict[str, str] = {}
    for name, value in _palette_names().items():
        for colour in value if isinstance(value, tuple) else (value,):
            assert matplotlib.colors.is_color_like(colour), f"{name} = {colour!r} is not a colour"
            key = matplotlib.colors.to_hex(colour)
            assert key not in seen, f"{name} and {seen[key]} are the same colour {colour}: keep one name"
            seen[key] = name


def test_all_lists_every_colour() -> None:
    defined = {name for name in vars(colours) if name.isupper()}
    assert defined == set(colours.__all__)
