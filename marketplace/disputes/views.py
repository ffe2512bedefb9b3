"""Dispute pages: the buyer opens, the seller answers, the operator decides."""
from flask import Blueprint

bp = Blueprint("disputes", __name__)
