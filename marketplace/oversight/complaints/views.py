"""Web pages: complaints and reports, with their statutory clocks."""
from flask import Blueprint

bp = Blueprint("oversight_complaints", __name__)
