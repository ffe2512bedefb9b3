"""Payouts: what the platform owes sellers leaves by gateway transfer or by a bank settlement batch."""
