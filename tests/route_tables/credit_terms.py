"""Routes of credit terms (web page and API) and the rule each must declare."""

RULES = {
    "credit_terms.terms": "signed_in",
    "credit_terms_api.Terms": "api_credit_read",
}
