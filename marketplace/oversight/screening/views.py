"""Web pages: listing screening, term lists, reviews and quality inspections."""
from flask import Blueprint

bp = Blueprint("oversight_screening", __name__)
