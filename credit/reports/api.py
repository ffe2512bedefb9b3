"""Credit reports: public summaries, authorised detailed reports and their view log, report PDFs and their verification."""
from marketplace.api import api_blueprint

blp = api_blueprint("credit_reports_api", __name__, "Credit reports: public summaries, authorised detailed reports and their view log, report PDFs and their verification.")
