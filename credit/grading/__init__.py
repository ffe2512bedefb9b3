"""Scoring enterprises: model versions, snapshots, current standings and full re-scoring runs."""
