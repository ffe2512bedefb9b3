"""The credit file's use cases. (Stub: the credit-file work replaces it.)"""
from credit.scoring.facts import Facts


def facts_for(enterprise, as_of):
    """Everything the score model reads about ``enterprise`` as of ``as_of`` (an aware datetime)."""
    verified = enterprise.verified_at.date() if enterprise.verified_at else None
    return Facts(as_of=as_of, verified_since=verified)


def facts_for_many(enterprises, as_of):
    """``{enterprise.id: Facts}`` for many enterprises at once (a full re-score reads them in batches)."""
    return {enterprise.id: facts_for(enterprise, as_of) for enterprise in enterprises}
