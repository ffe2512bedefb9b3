"""Web pages: surveillance rules (versioned, four-eyes), alerts and backtests."""
from flask import Blueprint

bp = Blueprint("oversight_surveillance", __name__)
