"""nnbook.checks and nnbook.progress: the shared argument checks and the one progress bar."""

from __future__ import annotations

import numpy as np
import pytest

from nnbook.checks import positive_number, whole_number
from nnbook.progress import progress_bar


@pytest.mark.parametrize("value", [1, 7, np.int64(3), np.uint8(200)])
def test_whole_numbers_come_back_as_int(value) -> None:
    result = whole_number(value, "epochs")
    assert result == value and type(result) is int


def test_the_minimum_can_be_zero() -> None:
    assert whole_number(0, "limit", minimum=0) == 0
    with pytest.raises(ValueError, match=r"^limit must be a whole number >= 0, got -1$"):
        whole_number(-1, "limit", minimum=0)


@pytest.mark.parametrize("value", [0, -3, True, False, 2.0, 2.5, "3", None, np.float64(4.0)])
def test_anything_else_is_not_a_count(value) -> None:
    with pytest.raises(ValueError, match=r"^epochs must be a whole number >= 1, got "):
        whole_number(value, "epochs")


@pytest.mark.parametrize("value", [0.1, 3, np.float32(0.5), 1e-9])
def test_positive_numbers_come_back_as_float(value) -> None:
    result = positive_number(value, "learning rate")
    assert result == pytest.approx(float(value)) and type(result) is float


@pytest.mark.parametrize(
    "value", [0, 0.0, -0.1, float("nan"), float("inf"), -float("inf"), True, np.bool_(True), "0.1", None]
)
def test_anything_else_is_not_a_size(value) -> None:
    with pytest.raises(ValueError, match=r"^learning rate must be a finite number above 0, got "):
        positive_number(value, "learning rate")


def test_a_bar_only_when_asked_for(capsys) -> None:
    with progress_bar(False, 10, "record") as bar:
        bar.update(10)
    assert capsys.readouterr().err == ""
    with progress_bar("counting", 10, "record") as bar:
        bar.update(10)
    assert "counting" in capsys.readouterr().err
    with progress_bar(True, 10, "epoch", default_label="experiment") as bar:
        bar.update(3)
    shown = capsys.readouterr().err
    assert "experiment" in shown and "epoch" in shown
