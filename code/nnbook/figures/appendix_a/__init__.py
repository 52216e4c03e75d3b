"""Appendix A, a gentle calculus: its exact algebra, its slopes and its figures."""
