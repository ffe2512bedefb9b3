"""Trading terms by credit grade."""
from flask import Blueprint

bp = Blueprint("credit_terms", __name__)
