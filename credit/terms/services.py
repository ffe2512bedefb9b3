"""Trading terms of an enterprise: the terms of its current credit grade, read at the moment they are asked.

Nothing is stored here: trading and settlement ask ``terms_of`` each time they need the terms, so a
grade change applies to the very next order, bid, listing or contract.
"""
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from credit.grading import services as grading
from credit.terms import table
from marketplace.accounts.models import Enterprise, Membership
from marketplace.errors import InvalidInput
from marketplace.extensions import db


class GradeBarred(InvalidInput):
    """The enterprise's credit grade may not place orders, bids or listings; nothing was written."""


def terms_table():
    """``{grade: GradeTerms}`` of the configured ``CREDIT_TERMS`` (checked at start, see ``views``)."""
    return table.read_table(current_app.config["CREDIT_TERMS"])


def terms_of(enterprise):
    """The trading terms of ``enterprise``'s grade now."""
    return table.terms_for(grading.grade_of(enterprise), terms_table())


def ensure_grade_may_trade(enterprise, terms=None):
    """The check every order, bid and listing use case makes after the verification check.

    :raise GradeBarred: naming the grade when its terms forbid trading (grade C).
    """
    terms = terms or terms_of(enterprise)
    if not terms.may_trade:
        message = barred_text(terms.grade)
        raise GradeBarred(message, {"credit_grade": [message]})
    return terms


def barred_text(grade):
    return _("Credit grade %(grade)s may not place orders, bids or listings: the trading terms of grade %(grade)s "
             "refuse it.", grade=grade)


@dataclass(frozen=True)
class EnterpriseTerms:
    """One enterprise's grade terms with where it stands against its open-order limit."""
    enterprise: Enterprise
    terms: table.GradeTerms
    open_order_minor: int


def enterprise_terms(enterprise, open_order_value):
    """``enterprise``'s terms now; ``open_order_value(enterprise)`` is trading's figure for its open orders."""
    terms = terms_of(enterprise)
    return EnterpriseTerms(enterprise, terms, open_order_value(enterprise))


def member_enterprises(user):
    """The enterprises ``user`` belongs to, by name."""
    return db.session.scalars(select(Enterprise).join(Membership, Membership.enterprise_id == Enterprise.id)
                              .where(Membership.user_id == user.id).order_by(Enterprise.name_zh)).all()
