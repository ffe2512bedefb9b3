"""Balances and statements from the ledger; the operator's checks of the books and the gateway."""
from flask import Blueprint

bp = Blueprint("ledger", __name__)
