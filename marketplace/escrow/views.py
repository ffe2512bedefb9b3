"""Settlement pages of one order or contract: pay, ship, confirm delivery, accept, cancel."""
from flask import Blueprint

bp = Blueprint("escrow", __name__)
