"""Precompute page 2.4's check: do the two starting-weight rules train equally well?

Five epochs of a 784-100-10 network at learning rate 0.1, three seeds, once with
the fan-in rule (spread 1/sqrt(links into a node)) and once with the original
program's rule (spread 1/sqrt(nodes in the receiving layer)). The run takes a
few minutes, longer than a page may spend, so the page reads the table this
script writes, ``data/part2/init-comparison.csv`` (one row per run and epoch).

Run: ``python tools/init_comparison.py`` (needs the MNIST files, see data/README.md).
"""

from __future__ import annotations

import csv
from dataclasses import asdict, fields
from pathlib import Path

from nnbook.experiments.runner import Trial, load_digits, run_trials

OUT = Path(__file__).resolve().parent.parent / "data" / "part2" / "init-comparison.csv"
HIDDEN, LEARNING_RATE, EPOCHS, SEEDS = 100, 0.1, 5, (1, 2, 3)


def main() -> None:
    """Train both rules on the same seeds and write every epoch's test accuracy."""
    digits = load_digits()
    rows: list[Trial] = []
    for rule in ("fan_in", "layer"):
        rows += run_trials(digits, [(HIDDEN, LEARNING_RATE, EPOCHS)], SEEDS, init=rule, progress=rule)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=[f.name for f in fields(Trial)])
        writer.writeheader()
        for trial in rows:
            writer.writerow(asdict(trial))
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
