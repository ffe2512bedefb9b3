"""Disputes: a buyer contests a delivery within its inspection window; the operator decides."""
