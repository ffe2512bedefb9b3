"""Web pages of logistics readers."""
from flask import Blueprint

bp = Blueprint("readers", __name__)
