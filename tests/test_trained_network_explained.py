"""The final network never trains silently: the reader is told why the page waits, and sees a bar."""

from __future__ import annotations

from pathlib import Path

import pytest

from nnbook import pretrained
from nnbook.pretrained import Recipe, final_network


def test_training_the_final_network_says_so_with_a_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    asked = {}

    def fake_train(recipe, *, data_dir=None, progress=False):
        asked["progress"] = progress
        from nnbook.network import NeuralNetwork

        return NeuralNetwork([784, recipe.hidden, 10], learning_rate=recipe.learning_rate, rng=1)

    monkeypatch.setattr(pretrained, "train", fake_train)
    tiny = Recipe(hidden=4, epochs=1)
    final_network(tiny, cache_dir=tmp_path)
    said = capsys.readouterr().out
    assert "trained now" in said and "784-4-10" in said
    assert asked["progress"], "training the final network must show a progress bar"
    final_network(tiny, cache_dir=tmp_path)  # kept now: loads, says nothing
    assert capsys.readouterr().out == ""
