"""Web pages of logistics tagging."""
from flask import Blueprint

bp = Blueprint("tagging", __name__)
