"""Web pages: decisions and sanctions under four-eyes approval."""
from flask import Blueprint

bp = Blueprint("oversight_sanctions", __name__)
