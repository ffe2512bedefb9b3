"""Web pages of floors."""
from flask import Blueprint

bp = Blueprint("floors", __name__)
