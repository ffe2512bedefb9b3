"""The trading terms page: the grade → terms table, and the signed-in person's enterprises' grades and terms.

The table itself is checked with the other settings when the app starts (``marketplace.config``).
"""
from flask import Blueprint, render_template
from flask_login import current_user

from credit.scoring.model import GRADES
from credit.terms import services
from credit.terms.table import TERMS_CURRENCY
from marketplace import policy
from marketplace.permissions import requires
from trading.book import services as book

bp = Blueprint("credit_terms", __name__)


@bp.get("/credit/terms")
@requires(policy.SIGNED_IN)
def terms():
    """What each grade may do, and where the person's own enterprises stand."""
    table = services.terms_table()
    mine = [services.enterprise_terms(enterprise, book.open_order_value_minor)
            for enterprise in services.member_enterprises(current_user)]
    return render_template("credit/terms/terms.html", grades=[table[grade] for grade in GRADES], mine=mine,
                           currency=TERMS_CURRENCY)
