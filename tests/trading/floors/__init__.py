"""Floors and instruments as the operator configures them, and the public floor pages."""
