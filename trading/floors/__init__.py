"""Floors (steel, chemicals, agriculture, shipping, and any the operator adds) and their instruments."""
