"""Web pages: period reports, seller-identity reports, the regulator access log."""
from flask import Blueprint

bp = Blueprint("oversight_exports", __name__)
