"""Routes of marketplace/documents and the rule each must declare."""

RULES = {
    "documents.documents": "enterprise_member",
    "documents.for_subject": "enterprise_member",
    "documents.download": "enterprise_member",
    "documents.oversight": "oversight",
    "documents.oversight_download": "oversight",
    "documents.retry": "operator",
    "documents_api.Documents": "api_settlement_read",
    "documents_api.OneDocument": "api_settlement_read",
    "documents_api.DocumentPdf": "api_settlement_read",
}
