"""The trading terms page: the grade → terms table, and the signed-in person's enterprises' grades and terms.

The table is also checked when the app starts (``_check_table``), so a bad ``CREDIT_TERMS`` fails
loudly then, with the grade and field, instead of in the middle of an order.
"""
from flask import Blueprint, render_template
from flask_login import current_user

from credit.scoring.model import GRADES
from credit.terms import services
from credit.terms.table import TERMS_CURRENCY, TermsTableError, read_table
from marketplace import policy
from marketplace.config import ConfigError
from marketplace.permissions import requires
from trading.book import services as book

bp = Blueprint("credit_terms", __name__)


@bp.record_once
def _check_table(state):
    """:raise ConfigError: naming the grade and field of a ``CREDIT_TERMS`` the platform cannot use."""
    try:
        read_table(state.app.config["CREDIT_TERMS"])
    except TermsTableError as error:
        raise ConfigError(str(error)) from None


@bp.get("/credit/terms")
@requires(policy.SIGNED_IN)
def terms():
    """What each grade may do, and where the person's own enterprises stand."""
    table = services.terms_table()
    mine = [services.enterprise_terms(enterprise, book.open_order_value_minor)
            for enterprise in services.member_enterprises(current_user)]
    return render_template("credit/terms/terms.html", grades=[table[grade] for grade in GRADES], mine=mine,
                           currency=TERMS_CURRENCY)
