"""nnbook.notebook.glue: myst-nb's glue in a build, a plain display anywhere else."""

from __future__ import annotations

import builtins
import sys

import pytest

from nnbook import notebook


@pytest.fixture()
def no_myst_nb(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend myst-nb is not installed, as on Colab or in a reader's own environment."""
    real_import = builtins.__import__

    def fake_import(name: str, *args, **kwargs):
        if name == "myst_nb" or name.startswith("myst_nb."):
            raise ImportError("no myst_nb here")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "myst_nb", raising=False)
    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_without_myst_nb_a_hidden_value_shows_nothing(no_myst_nb: None, capsys: pytest.CaptureFixture) -> None:
    assert notebook.glue("answer", 42, display=False) is None
    assert capsys.readouterr().out == ""


def test_without_myst_nb_a_shown_value_is_displayed(no_myst_nb: None, capsys: pytest.CaptureFixture) -> None:
    notebook.glue("answer", 42)
    assert "42" in capsys.readouterr().out  # outside a kernel, IPython's display prints the repr


def test_with_myst_nb_the_call_goes_to_its_glue(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    fake = type(sys)("myst_nb")
    fake.glue = lambda name, value, display=True: calls.append((name, value, display))
    monkeypatch.setitem(sys.modules, "myst_nb", fake)
    notebook.glue("accuracy", 0.97, display=False)
    assert calls == [("accuracy", 0.97, False)]
