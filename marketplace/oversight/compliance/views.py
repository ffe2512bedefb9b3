"""Web pages: floor compliance profiles and their lint against the State Council's rules for spot venues."""
from flask import Blueprint

bp = Blueprint("oversight_compliance", __name__)
