"""Credit watchlists and signed webhooks telling an enterprise of its counterparties' grade changes and new entries."""
from flask import Blueprint

bp = Blueprint("credit_watchlists", __name__)
