"""Web pages of logistics shipments."""
from flask import Blueprint

bp = Blueprint("shipments", __name__)
