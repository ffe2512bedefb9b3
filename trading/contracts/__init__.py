"""Contracts made by fills, auction awards and listed-price purchases; they wait for settlement."""
