"""The standard score model, version 2026.1, written as the JSON document it would be stored as.

Base 600; a verified newcomer starts at 640 (BBB). The best conduct on every input reaches 735;
one late payment (index below 80) costs at least 20 points, a serious penalty in force 120.
"""
from credit.scoring.model import load_model


def _counted(code, bins, fixable=True):
    return {"code": code, "better": "lower", "fixable": fixable, "bins": bins}


STANDARD_DOCUMENT = {
    "version": "2026.1",
    "effective_from": "2026-01-01",
    "base_points": 600,
    "neutral_score": 640,
    "abnormal_operations_cap": "BB",
    "grade_bands": {"AAA": 730, "AA": 700, "A": 670, "BBB": 640, "BB": 610, "B": 570, "CCC": 520, "CC": 460},
    "variables": [
        {"code": "payment_index", "better": "higher", "fixable": True, "bins": [
            {"lower": None, "upper": 50, "points": -120},
            {"lower": 50, "upper": 70, "points": -60},
            {"lower": 70, "upper": 80, "points": -20},
            {"lower": 80, "upper": 90, "points": 20},
            {"lower": 90, "upper": None, "points": 40}]},
        _counted("delivery_days_late", [
            {"lower": None, "upper": 1, "points": 30},
            {"lower": 1, "upper": 3, "points": 0},
            {"lower": 3, "upper": 7, "points": -30},
            {"lower": 7, "upper": 15, "points": -60},
            {"lower": 15, "upper": None, "points": -100}]),
        {"code": "rfid_confirmed_share", "better": "higher", "fixable": True, "bins": [
            {"lower": None, "upper": 0.5, "points": -10},
            {"lower": 0.5, "upper": 0.9, "points": 0},
            {"lower": 0.9, "upper": None, "points": 15}]},
        _counted("disputes_lost", [
            {"lower": None, "upper": 1, "points": 0},
            {"lower": 1, "upper": 2, "points": -20},
            {"lower": 2, "upper": 4, "points": -50},
            {"lower": 4, "upper": None, "points": -90}]),
        _counted("cancellations_by_fault", [
            {"lower": None, "upper": 1, "points": 0},
            {"lower": 1, "upper": 3, "points": -15},
            {"lower": 3, "upper": None, "points": -40}]),
        _counted("complaints_upheld", [
            {"lower": None, "upper": 1, "points": 0},
            {"lower": 1, "upper": 3, "points": -15},
            {"lower": 3, "upper": None, "points": -40}]),
        # Penalties stop counting at the end of their publicity window or on repair, not by conduct.
        _counted("penalties_minor", [
            {"lower": None, "upper": 1, "points": 0},
            {"lower": 1, "upper": 3, "points": -10},
            {"lower": 3, "upper": None, "points": -30}], fixable=False),
        _counted("penalties_general", [
            {"lower": None, "upper": 1, "points": 0},
            {"lower": 1, "upper": 2, "points": -40},
            {"lower": 2, "upper": None, "points": -80}], fixable=False),
        _counted("penalties_serious", [
            {"lower": None, "upper": 1, "points": 0},
            {"lower": 1, "upper": None, "points": -120}], fixable=False),
        {"code": "tenure_months", "better": "higher", "bins": [
            {"lower": None, "upper": 12, "points": 0},
            {"lower": 12, "upper": 36, "points": 10},
            {"lower": 36, "upper": None, "points": 25}]},
        {"code": "settled_volume_minor", "better": "higher", "bins": [
            {"lower": None, "upper": 10_000_000, "points": 0},
            {"lower": 10_000_000, "upper": 1_000_000_000, "points": 10},
            {"lower": 1_000_000_000, "upper": None, "points": 25}]},
    ],
}

STANDARD_MODEL = load_model(STANDARD_DOCUMENT)
