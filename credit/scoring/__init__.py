"""The score model: pure functions from an enterprise's facts and a versioned model to a grade.

Nothing here reads a database or the clock: the caller gathers the facts as of a moment, so the
same facts and the same model version always give the same result.
"""
