"""Routes of credit reports (summary, access page, detailed reports, PDFs, verification) and their rules."""

RULES = {
    "credit_reports.access": "enterprise_member",
    "credit_reports.grant": "enterprise_owner",
    "credit_reports.revoke": "enterprise_owner",
    "credit_reports.counterparty_report": "enterprise_member",
    "credit_reports.counterparty_issue": "enterprise_member",
    "credit_reports.counterparty_pdf": "enterprise_member",
    "credit_reports.oversight_report": "oversight",
    "credit_reports.oversight_issue": "oversight",
    "credit_reports.oversight_pdf": "oversight",
    "credit_reports.verify_lookup": "public",
    "credit_reports.verify": "public",
    "credit_reports.verify_upload": "public",
    "credit_reports_api.Summary": "api_credit_read",
    "credit_reports_api.DetailedReport": "api_credit_read",
    "credit_reports_api.Authorisations": {"GET": "api_credit_read", "POST": "api_credit_write"},
    "credit_reports_api.OneAuthorisation": "api_credit_write",
    "credit_reports_api.Views": "api_credit_read",
    "credit_reports_api.Reports": "api_credit_read",
    "credit_reports_api.OneReport": "api_credit_read",
    "credit_reports_api.ReportPdf": "api_credit_read",
}
# A staff token acts for no enterprise, so it has no authorisations or view log of its own (403).
STAFF_REFUSED = {"credit_reports_api.Authorisations", "credit_reports_api.Views"}
