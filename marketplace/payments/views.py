"""Payment pages: the enterprise's saved cards."""
from flask import Blueprint

bp = Blueprint("payments", __name__)
