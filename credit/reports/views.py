"""Credit reports: public summaries, authorised detailed reports and their view log, report PDFs and their verification."""
from flask import Blueprint

bp = Blueprint("credit_reports", __name__)
