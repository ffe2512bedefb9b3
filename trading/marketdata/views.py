"""Web pages of marketdata."""
from flask import Blueprint

bp = Blueprint("market", __name__)
