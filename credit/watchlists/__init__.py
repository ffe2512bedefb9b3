"""Watchlists: following counterparties' credit, told in the app and by signed webhooks."""
