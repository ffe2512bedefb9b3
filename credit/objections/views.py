"""Credit objections (异议) to official entries and applications for credit repair (信用修复)."""
from flask import Blueprint

bp = Blueprint("credit_objections", __name__)
