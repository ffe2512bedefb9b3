from flask import Blueprint

bp = Blueprint("enterprises", __name__)
