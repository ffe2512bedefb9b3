from flask import Blueprint

bp = Blueprint("sourcing", __name__)
