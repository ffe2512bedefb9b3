"""A score model as versioned data: variables, their bins and points, grade bands and overrides.

Models are data, not code, so a new version is a new document (loaded through ``load_model``) and
every score can name the version that produced it. Validation happens on construction, so a model
that exists is a model that covers every input and maps every score to exactly one grade.
"""
from dataclasses import dataclass
from datetime import date

# Best first. C is everything below the lowest band, and the grade of the hard overrides.
GRADES = ("AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C")
DIRECTIONS = ("higher", "lower")


def grade_rank(grade):
    """0 for AAA up to 8 for C: a larger rank is a worse grade."""
    return GRADES.index(grade)


@dataclass(frozen=True)
class Bin:
    """Points for inputs in ``[lower, upper)``; ``None`` is an open end."""
    lower: float | None
    upper: float | None
    points: int

    def contains(self, value):
        return (self.lower is None or self.lower <= value) and (self.upper is None or value < self.upper)


@dataclass(frozen=True)
class Variable:
    """One input of the model and its bin table.

    ``better`` says which way the input improves ("higher" or "lower"); the bins must award points
    monotonically in that direction, so improving an input can never cost points. ``missing_points``
    are awarded when the input does not exist yet (no payments, no deliveries). ``fixable`` marks
    inputs the enterprise can change by its own conduct, the ones "how to improve" may suggest.
    """
    code: str
    bins: tuple[Bin, ...]
    better: str = "higher"
    missing_points: int = 0
    fixable: bool = False

    def __post_init__(self):
        if self.better not in DIRECTIONS:
            raise ValueError(f"variable {self.code!r}: better must be one of {DIRECTIONS}, not {self.better!r}")
        if not self.bins:
            raise ValueError(f"variable {self.code!r} has no bins")
        if self.bins[0].lower is not None or self.bins[-1].upper is not None:
            raise ValueError(f"variable {self.code!r}: the first bin must start and the last end open (null)")
        for left, right in zip(self.bins, self.bins[1:]):
            if left.upper is None or right.lower is None or left.upper != right.lower:
                raise ValueError(
                    f"variable {self.code!r}: bins must be contiguous, but one ends at {left.upper} "
                    f"and the next starts at {right.lower}")
        points = [b.points for b in self.bins]
        rising = points if self.better == "higher" else points[::-1]
        if any(a > b for a, b in zip(rising, rising[1:])):
            raise ValueError(f"variable {self.code!r}: points must not fall as the input gets better")

    def bin_for(self, value):
        """The one bin holding ``value`` (the bins cover every number exactly once)."""
        return next(b for b in self.bins if b.contains(value))

    def points_for(self, value):
        return self.missing_points if value is None else self.bin_for(value).points


@dataclass(frozen=True)
class ScoreModel:
    """Score = base points + each variable's points; the grade is the best band the score reaches.

    ``grade_bands`` pairs each grade but C with its minimum score, best first; a score below them
    all is C. ``neutral_score`` is the floor for a verified enterprise with no history yet, so being
    new is never punished. ``abnormal_operations_cap`` is the best grade an enterprise on the
    abnormal operations list can hold.
    """
    version: str
    effective_from: date
    base_points: int
    variables: tuple[Variable, ...]
    grade_bands: tuple[tuple[str, int], ...]
    neutral_score: int
    abnormal_operations_cap: str = "BB"

    def __post_init__(self):
        if tuple(grade for grade, _minimum in self.grade_bands) != GRADES[:-1]:
            raise ValueError(f"grade_bands must give a minimum for each of {', '.join(GRADES[:-1])}, in that order")
        minimums = [minimum for _grade, minimum in self.grade_bands]
        if any(a <= b for a, b in zip(minimums, minimums[1:])):
            raise ValueError("grade_bands: each grade's minimum score must be above the next grade's")
        if self.abnormal_operations_cap not in GRADES:
            raise ValueError(f"abnormal_operations_cap must be one of {', '.join(GRADES)}")
        codes = [v.code for v in self.variables]
        if len(set(codes)) != len(codes):
            raise ValueError("variables: each code may appear only once")

    def grade_for(self, score):
        return next((grade for grade, minimum in self.grade_bands if score >= minimum), "C")

    def minimum_for(self, grade):
        """The lowest score that earns ``grade`` by the bands (None for C, which has no floor)."""
        return dict(self.grade_bands).get(grade)

    @property
    def neutral_grade(self):
        return self.grade_for(self.neutral_score)


def load_model(document):
    """Build a ``ScoreModel`` from a plain dict (as parsed from JSON).

    :raise ValueError: naming the field that is missing or wrong, or the variable whose bins are bad.
    """
    version = _field(document, "version", str)
    effective_from = _field(document, "effective_from", str)
    try:
        effective = date.fromisoformat(effective_from)
    except ValueError:
        raise ValueError(f"effective_from: {effective_from!r} is not a date (YYYY-MM-DD)") from None
    bands = _field(document, "grade_bands", dict)
    for grade, minimum in bands.items():
        if grade not in GRADES[:-1]:
            raise ValueError(f"grade_bands.{grade}: not a grade with a minimum (one of {', '.join(GRADES[:-1])})")
        if not isinstance(minimum, int) or isinstance(minimum, bool):
            raise ValueError(f"grade_bands.{grade}: the minimum score must be a whole number")
    # JSON objects are unordered (clients and jsonb may sort their keys): the bands go best grade first.
    bands = {grade: bands[grade] for grade in GRADES[:-1] if grade in bands}
    variables = tuple(_variable(entry, index) for index, entry in enumerate(_field(document, "variables", list)))
    return ScoreModel(
        version=version,
        effective_from=effective,
        base_points=_field(document, "base_points", int),
        variables=variables,
        grade_bands=tuple(bands.items()),
        neutral_score=_field(document, "neutral_score", int),
        abnormal_operations_cap=document.get("abnormal_operations_cap", "BB"),
    )


def _variable(entry, index):
    where = f"variables[{index}]"
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: must be an object")
    code = _field(entry, "code", str, where)
    where = f"variable {code!r}"
    bins = []
    for position, bin_entry in enumerate(_field(entry, "bins", list, where)):
        if not isinstance(bin_entry, dict):
            raise ValueError(f"{where}: bins[{position}] must be an object")
        bins.append(Bin(
            lower=_bound(bin_entry, "lower", where, position),
            upper=_bound(bin_entry, "upper", where, position),
            points=_field(bin_entry, "points", int, f"{where}: bins[{position}]"),
        ))
    return Variable(
        code=code,
        bins=tuple(bins),
        better=entry.get("better", "higher"),
        missing_points=entry.get("missing_points", 0),
        fixable=bool(entry.get("fixable", False)),
    )


def _bound(entry, name, where, position):
    value = entry.get(name)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise ValueError(f"{where}: bins[{position}].{name} must be a number or null")
    return value


def _field(document, name, kind, where=None):
    label = f"{where}: {name}" if where else name
    if name not in document:
        raise ValueError(f"{label} is missing")
    value = document[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"{label} must be a {kind.__name__}, not {type(value).__name__}")
    return value
