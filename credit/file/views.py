"""Credit file: official entries entered and imported by oversight, and each enterprise's timeline of facts."""
from flask import Blueprint

bp = Blueprint("credit_file", __name__)
