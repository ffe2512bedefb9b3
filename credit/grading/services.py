"""Scoring use cases. (Stub: the grading work replaces it.)"""
from credit.scoring.standard import STANDARD_MODEL


def rescore(enterprise, cause, now=None):
    """Score ``enterprise`` now inside the caller's transaction; a grade change is announced."""
    return None


def grade_of(enterprise):
    """The enterprise's current grade (the model's neutral grade before its first scoring)."""
    return STANDARD_MODEL.neutral_grade
