"""Appendix B, the Raspberry Pi: its picture."""
