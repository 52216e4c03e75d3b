"""Figures of Part 2, "DIY with Python": the primer and the experiments."""
