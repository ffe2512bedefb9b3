"""Routes of credit grading (web pages and API) and the rule each must declare."""

RULES = {
    "credit_grading.hub": "enterprise_member",
    "credit_grading.models": "oversight",
    "credit_grading.add_model": "operator",
    "credit_grading.model": "oversight",
    "credit_grading.runs_list": "oversight",
    "credit_grading.start_run": "operator",
    "credit_grading.run": "oversight",
    "credit_grading.run_progress": "oversight",
    "credit_grading.oversight": "oversight",
    "credit_grading_api.Score": "api_credit_read",
    "credit_grading_api.ScoreHistory": "api_credit_read",
    "credit_grading_api.Models": {"GET": "api_credit_read", "POST": "api_credit_operator"},
    "credit_grading_api.Runs": "api_credit_operator",
    "credit_grading_api.OneRun": "api_credit_operator",
}
