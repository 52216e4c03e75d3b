"""`python -m nnbook train` runs the whole program, reports an honest accuracy, and refuses bad input at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from nnbook import __main__ as cli
from nnbook import data
from nnbook.__main__ import main
from nnbook.network import NeuralNetwork

CODE = Path(cli.__file__).resolve().parents[1]


def test_train_command_prints_accuracy_and_saves_weights(mnist_dir: Path, tmp_path: Path, capsys) -> None:
    weights = tmp_path / "weights.npz"
    code = main(
        [
            "train",
            "--hidden",
            "30",
            "--epochs",
            "1",
            "--limit",
            "3000",
            "--quiet",
            "--data-dir",
            str(mnist_dir),
            "--save",
            str(weights),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    accuracy = float(out.split("accuracy on 10,000 test records: ")[1].split()[0])
    assert 0.80 < accuracy < 1.0  # 3,000 records are enough for about 87%
    assert NeuralNetwork.load(weights).layer_sizes == (784, 30, 10)


def test_module_runs_as_a_script() -> None:
    result = subprocess.run([sys.executable, "-m", "nnbook", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "train" in result.stdout


# --------------------------------------------------------------------------- bad input, before any work


@pytest.fixture
def no_work(monkeypatch) -> None:
    """Loading MNIST is the first piece of work: a test using this fails if it starts."""

    def forbidden(*args, **kwargs):
        raise AssertionError("the command started working before every argument was checked")

    monkeypatch.setattr(data, "load_mnist", forbidden)


def usage_error(arguments: list[str], capsys) -> str:
    """The one line a refused command prints; its exit code must be 2."""
    with pytest.raises(SystemExit) as stopped:
        main(["train", *arguments])
    assert stopped.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--epochs", "0"], "argument --epochs: must be a whole number >= 1, got '0'"),
        (["--epochs", "2.5"], "argument --epochs: must be a whole number >= 1, got '2.5'"),
        (["--hidden", "0"], "argument --hidden: must be a whole number >= 1, got '0'"),
        (["--lr", "0"], "argument --learning-rate/--lr: must be a finite number above 0, got '0'"),
        (["--learning-rate", "-0.1"], "argument --learning-rate/--lr: must be a finite number above 0, got '-0.1'"),
        (["--lr", "nan"], "argument --learning-rate/--lr: must be a finite number above 0, got 'nan'"),
        (["--lr", "inf"], "argument --learning-rate/--lr: must be a finite number above 0, got 'inf'"),
        (["--batch-size", "0"], "argument --batch-size: must be a whole number >= 1, got '0'"),
        (["--limit", "-5"], "argument --limit: must be a whole number >= 1, got '-5'"),
        (["--limit", "0"], "argument --limit: must be a whole number >= 1, got '0'"),
        (["--seed", "-1"], "argument --seed: must be a whole number >= 0, got '-1'"),
    ],
)
def test_bad_values_get_one_line_and_exit_code_2(arguments, message, capsys, no_work) -> None:
    line = usage_error(arguments, capsys)
    assert line.startswith(f"python -m nnbook train: error: {message}")


def test_a_save_path_in_a_missing_folder_is_refused_before_training(tmp_path: Path, capsys, no_work) -> None:
    wanted = tmp_path / "results" / "weights.npz"
    line = usage_error(["--save", str(wanted)], capsys)
    assert f"argument --save: the folder {wanted.parent} (for {wanted}) does not exist" in line
    assert ".part" not in line and not wanted.parent.exists()


def test_a_save_path_that_is_a_folder_or_cannot_be_written(tmp_path: Path, capsys, monkeypatch, no_work) -> None:
    assert "is a folder; give a file name" in usage_error(["--save", str(tmp_path)], capsys)
    # The tests run as root, where permissions do not stop writes: ask as if they did.
    monkeypatch.setattr(cli.os, "access", lambda path, mode: False)
    line = usage_error(["--save", str(tmp_path / "w.npz")], capsys)
    assert f"argument --save: cannot write into the folder {tmp_path} (for {tmp_path / 'w.npz'})" in line


def test_a_mistyped_data_folder_is_reported_not_created(tmp_path: Path, capsys, no_work) -> None:
    typo = tmp_path / "mnsit"
    line = usage_error(["--data-dir", str(typo)], capsys)
    assert f"argument --data-dir: the folder {typo} does not exist; create it first" in line
    assert not typo.exists()


def test_no_mnist_anywhere_is_one_message_and_exit_code_1(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", "http://127.0.0.1:9/")  # nothing listens on port 9
    assert main(["train", "--data-dir", str(tmp_path), "--quiet"]) == 1
    said = capsys.readouterr().err
    assert said.startswith("nnbook: downloading") and "python -m nnbook: error: could not download" in said
    assert "Traceback" not in said and list(tmp_path.iterdir()) == []


def test_ctrl_c_is_one_line_and_exit_code_130(capsys, monkeypatch) -> None:
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "train_command", interrupted)
    assert main(["train"]) == 130
    assert capsys.readouterr().err.strip() == "python -m nnbook: interrupted"


def test_ctrl_c_while_training_in_a_real_process(mnist_dir: Path, tmp_path: Path) -> None:
    training = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nnbook",
            "train",
            "--data-dir",
            str(mnist_dir),
            "--quiet",
            "--save",
            str(tmp_path / "w.npz"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": str(CODE), "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert training.stdout.readline().startswith("training a (784, 200, 10) network")
        training.send_signal(signal.SIGINT)
        _, err = training.communicate(timeout=60)
    finally:
        training.kill()
    assert training.returncode == 130
    assert err.strip() == "python -m nnbook: interrupted"
    assert list(tmp_path.iterdir()) == []
