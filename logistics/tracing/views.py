"""Web pages of logistics tracing."""
from flask import Blueprint

bp = Blueprint("tracing", __name__)
