"""Figures of the front matter: the prologue and the introduction."""
