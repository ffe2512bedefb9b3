"""Payout pages: a seller's payout account; the operator's settlement batches."""
from flask import Blueprint

bp = Blueprint("payouts", __name__)
