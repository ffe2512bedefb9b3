"""Downloading stored documents, for their parties, the operator and regulators."""
from flask import Blueprint

bp = Blueprint("documents", __name__)
