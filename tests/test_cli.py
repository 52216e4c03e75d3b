"""`python -m nnbook train` runs the whole program and reports an honest accuracy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from nnbook.__main__ import main
from nnbook.network import NeuralNetwork


def test_train_command_prints_accuracy_and_saves_weights(mnist_dir: Path, tmp_path: Path, capsys) -> None:
    weights = tmp_path / "weights.npz"
    code = main(["train", "--hidden", "30", "--epochs", "1", "--limit", "3000", "--quiet",
                 "--data-dir", str(mnist_dir), "--save", str(weights)])
    assert code == 0
    out = capsys.readouterr().out
    accuracy = float(out.split("accuracy on 10,000 test records: ")[1].split()[0])
    assert 0.80 < accuracy < 1.0  # 3,000 records are enough for about 87%
    assert NeuralNetwork.load(weights).layer_sizes == (784, 30, 10)


def test_module_runs_as_a_script() -> None:
    result = subprocess.run([sys.executable, "-m", "nnbook", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "train" in result.stdout
