"""Routes of complaints and reports (web pages and API) and the rule each must declare."""

RULES = {
    "oversight_complaints.new_report": "public",
    "oversight_complaints.my_reports": "signed_in",
    "oversight_complaints.enterprise_complaints": "enterprise_member",
    "oversight_complaints.new_complaint": "enterprise_trader",
    "oversight_complaints.enterprise_complaint": "enterprise_member",
    "oversight_complaints.answer": "enterprise_trader",
    "oversight_complaints.desk": "regulator",
    "oversight_complaints.detail": "regulator",
    "oversight_complaints.handle": "regulator",
    "oversight_complaints.statistics": "regulator",
    "oversight_complaints_api.EnterpriseComplaints": {"GET": "api_complaints_read", "POST": "api_complaints_write"},
    "oversight_complaints_api.EnterpriseComplaint": "api_complaints_read",
    "oversight_complaints_api.Answer": "api_complaints_write",
    "oversight_complaints_api.Reports": "api_complaints_write",
    "oversight_complaints_api.Complaints": "api_regulator_read",
    "oversight_complaints_api.OneComplaint": "api_regulator_read",
    "oversight_complaints_api.Handling": "api_regulator_write",
    "oversight_complaints_api.Statistics": "api_regulator_read",
}
