"""Web pages of contracts."""
from flask import Blueprint

bp = Blueprint("contracts", __name__)
