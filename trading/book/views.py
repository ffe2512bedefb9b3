"""Web pages of book."""
from flask import Blueprint

bp = Blueprint("trading", __name__)
