"""Append-only, hash-chained record of every change of state."""
