"""Credit scores and grades: the current grade with its reasons, history, how to improve, score models and re-scoring runs."""
from marketplace.api import api_blueprint

blp = api_blueprint("credit_grading_api", __name__, "Credit scores and grades: the current grade with its reasons, history, how to improve, score models and re-scoring runs.")
