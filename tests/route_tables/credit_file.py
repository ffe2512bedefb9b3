"""Routes of the credit file (web pages and API) and the rule each must declare."""

RULES = {
    "credit_file.entries": "oversight",
    "credit_file.new_entry": "oversight",
    "credit_file.import_entries": "oversight",
    "credit_file.entry": "signed_in",
    "credit_file.correct_entry": "oversight",
    "credit_file.enterprise_file": "enterprise_member",
    "credit_file_api.Entries": {"GET": "api_credit_read", "POST": "api_credit_official"},
    "credit_file_api.OneEntry": "api_credit_read",
    "credit_file_api.EntryImport": "api_credit_official",
    "credit_file_api.Facts": "api_credit_read",
}
