"""The data the grading pages' charts draw (credit-charts.js), built from what the tables beside them show."""
from credit.scoring.model import GRADES
from marketplace.i18n import SHANGHAI


def history_chart(snapshots):
    """Score and grade per snapshot, oldest first, dated by the Shanghai day it was scored."""
    if not snapshots:
        return None
    return {"kind": "history",
            "days": [s.as_of.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") for s in snapshots],
            "scores": [s.score for s in snapshots], "grades": [s.grade for s in snapshots]}


def distribution_chart(rows):
    """One stacked bar per ``(name, {grade: count})`` row, one stack segment per grade, best grade first."""
    if not rows:
        return None
    return {"kind": "distribution", "categories": [name for name, _counts in rows],
            "series": [{"name": grade, "counts": [counts.get(grade, 0) for _name, counts in rows]}
                       for grade in GRADES]}


def transitions_chart(run):
    """How many enterprises moved from one grade to another in ``run``, most frequent first."""
    moves = sorted((run.transitions or {}).items(), key=lambda item: (-item[1], item[0]))
    if not moves:
        return None
    return {"kind": "transitions", "labels": [move.replace(">", " → ") for move, _count in moves],
            "counts": [count for _move, count in moves]}
