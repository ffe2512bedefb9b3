"""Credit scores and grades: the current grade with its reasons, history, how to improve, score models and re-scoring runs."""
from flask import Blueprint

bp = Blueprint("credit_grading", __name__)
