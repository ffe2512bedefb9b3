"""An enterprise's notifications: what changed in its counterparties' credit and its own, newest first."""
from flask import Blueprint

bp = Blueprint("notifications", __name__)
