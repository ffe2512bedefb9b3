"""Payments: the gateway adapter, escrow settlement and the ledger that records every movement of money."""
