"""Figures of Part 3, "Even more fun": inside the mind and rotations."""
