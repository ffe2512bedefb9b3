"""Tagging: an enterprise's GS1 company prefixes and the commissioning of EPCs for its goods."""
