"""Web pages: market dashboards: turnover, volume, price index, alerts and complaints per floor and period, with drill-down."""
from flask import Blueprint

bp = Blueprint("oversight_market", __name__)
