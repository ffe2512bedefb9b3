"""Web pages of listings."""
from flask import Blueprint

bp = Blueprint("floor_listings", __name__)
