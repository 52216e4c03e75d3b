"""Figures, worked examples and interactive figures of Part 1, "How they work"."""
