"""Web pages of auctions."""
from flask import Blueprint

bp = Blueprint("auctions", __name__)
