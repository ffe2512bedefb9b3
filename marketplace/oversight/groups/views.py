"""Web pages: registered parties behind enterprises, and the control groups they make."""
from flask import Blueprint

bp = Blueprint("oversight_groups", __name__)
