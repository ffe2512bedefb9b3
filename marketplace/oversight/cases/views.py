"""Web pages: cases gathered from alerts, their work and evidence packages."""
from flask import Blueprint

bp = Blueprint("oversight_cases", __name__)
