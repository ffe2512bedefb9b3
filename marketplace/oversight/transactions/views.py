"""Web pages: transaction search and the enterprise 360 view."""
from flask import Blueprint

bp = Blueprint("oversight_transactions", __name__)
