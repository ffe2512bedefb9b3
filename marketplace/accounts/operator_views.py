from flask import Blueprint

bp = Blueprint("operator", __name__)
