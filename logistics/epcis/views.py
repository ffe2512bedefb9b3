"""Web pages of logistics epcis."""
from flask import Blueprint

bp = Blueprint("epcis", __name__)
