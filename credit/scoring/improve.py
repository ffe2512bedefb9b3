"""How to improve: the fewest fixable inputs whose change would lift an enterprise one grade.

Exhaustive search, not greedy: for one, then two, then three fixable variables, every combination
of better bins is tried, and the first size that reaches the next grade wins; among those, the
combination gaining the fewest points (the smallest change) is chosen, ties broken by variable
order in the model. With about a dozen variables of a few bins each this is a few thousand sums,
and unlike a greedy pick it never suggests two changes where one would do.
"""
from dataclasses import dataclass
from itertools import combinations, product

from credit.scoring.evaluate import next_grade, score
from credit.scoring.model import Bin

MAX_FACTORS = 3


@dataclass(frozen=True)
class Fix:
    """Bring ``variable`` from ``current`` into ``target``'s range, gaining ``points``."""
    variable: str
    current: float | None
    target: Bin
    points: int


@dataclass(frozen=True)
class Improvement:
    grade: str
    fixes: tuple[Fix, ...]


def how_to_improve(model, facts):
    """The smallest set of fixes lifting the grade by one, or None at AAA, under an override, or out of reach.

    An overridden grade (blacklist, abnormal-operations cap) is lifted by removing or repairing the
    entry, not by conduct, so no fixes are offered for it. Only inputs the file already has are
    offered: a buyer with no deliveries is told to pay sooner, not to start delivering.
    """
    result = score(model, facts)
    target = next_grade(result.grade)
    if target is None or result.override is not None:
        return None
    earned = dict((code, (value, points)) for code, value, points in result.points)
    needed = model.minimum_for(target) - (model.base_points + sum(p for _v, p in earned.values()))
    options = []
    for variable in model.variables:
        value, points = earned[variable.code]
        better = [Fix(variable.code, value, b, b.points - points) for b in variable.bins if b.points > points]
        if variable.fixable and value is not None and better:
            options.append(better)
    for size in range(1, MAX_FACTORS + 1):
        reaching = [fixes for chosen in combinations(options, size) for fixes in product(*chosen)
                    if sum(fix.points for fix in fixes) >= needed]
        if reaching:
            return Improvement(target, min(reaching, key=lambda fixes: sum(fix.points for fix in fixes)))
    return None
