"""Floor compliance profiles: keeping them, linting every floor, and refusing what a profile forbids.

A floor without a profile row allows everything (trading as before); an operator gives a floor the
built-in State Council profile or a custom one. ``refusal`` is what ``marketplace.oversight.gate``
asks before an order, bid, auction or floor listing.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.accounts.labels import label
from marketplace.audit.services import record
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import Forbidden, InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from marketplace.oversight.compliance import labels  # noqa: F401 (the mechanism names refusals use)
from marketplace.oversight.compliance import profile as rules
from marketplace.oversight.compliance import sources
from marketplace.oversight.compliance.models import FloorComplianceProfile
from marketplace.workdays import add_working_days

MAX_HOLDING_DAYS = 250  # about a year of trading days; beyond it a floor would be closed, not profiled


def _profile(row):
    return rules.Profile(frozenset(row.mechanisms or ()), row.standardised_contracts, row.min_holding_days,
                         row.holder_cap, row.based_on)


def _row_of(floor, lock=False):
    statement = select(FloorComplianceProfile).where(FloorComplianceProfile.floor_id == floor.id)
    if lock:
        statement = lock_for_update(statement).execution_options(populate_existing=True)
    return db.session.scalar(statement)


def profile_of(floor):
    """``floor``'s profile, or None when it has none (everything allowed)."""
    row = _row_of(floor)
    return None if row is None else _profile(row)


# --- refusing what a profile forbids ----------------------------------------------------------------

def refusal(floor, mechanism, enterprise, instrument=None, side=None, quantity=None):
    """:return: why ``floor``'s profile forbids this (a sentence), or None when it allows it.

    Checked: the mechanism is among the floor's; a sale comes at least T+N working days after the
    enterprise's last purchase of the instrument; a purchase does not add a holder beyond the cap.
    """
    found = profile_of(floor)
    if found is None:
        return None
    if not rules.allows_mechanism(found, mechanism):
        return _("The compliance profile of this floor does not allow %(mechanism)s trading.",
                 mechanism=label(mechanism, "trading_mechanism"))
    if instrument is None or side not in ("buy", "sell"):
        return None
    return _holding_refusal(found, enterprise, instrument) if side == "sell" else \
        _holder_cap_refusal(found, enterprise, instrument)


def _holding_refusal(found, enterprise, instrument):
    bought_on = sources.last_buy_day(enterprise, instrument) if found.min_holding_days else None
    if bought_on is None:
        return None
    may_sell_on = rules.earliest_sale_day(bought_on, found, add_working_days)
    if shanghai_day() >= may_sell_on:
        return None
    return _("This floor keeps a minimum holding interval of T+%(days)d: bought on %(bought)s, it may be sold from "
             "%(day)s.", days=found.min_holding_days, bought=bought_on.isoformat(), day=may_sell_on.isoformat())


def _holder_cap_refusal(found, enterprise, instrument):
    if found.holder_cap is None:
        return None
    if not rules.would_exceed_holder_cap(found, rules.holders(sources.fills_of(instrument)), enterprise.id):
        return None
    return _("This instrument has reached this floor's cap of %(cap)d holders; only present holders may buy.",
             cap=found.holder_cap)


# --- the lint ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FloorLint:
    """One floor measured against the built-in profile: its own profile (None: none) and the findings."""

    floor: object
    profile: rules.Profile | None
    findings: list


def lint_floors():
    """Every floor against the State Council's profile; a floor without a profile is linted as unrestricted."""
    rows = {row.floor_id: row for row in db.session.scalars(select(FloorComplianceProfile))}
    results = []
    for floor in sources.floors():
        found = _profile(rows[floor.id]) if floor.id in rows else None
        results.append(FloorLint(floor, found, rules.lint(found or rules.UNRESTRICTED)))
    return results


def floor_named(code):
    """:raise NotFound: for an unknown floor."""
    floor = sources.floor_named(code)
    if floor is None:
        raise NotFound(_("There is no such floor."))
    return floor


# --- keeping profiles --------------------------------------------------------------------------------

def _checked(mechanisms, min_holding_days, holder_cap):
    errors = {}
    mechanisms = list(dict.fromkeys(mechanisms or ()))
    if not mechanisms:
        errors["mechanisms"] = [_("Choose at least one trading mechanism.")]
    elif set(mechanisms) - set(rules.MECHANISMS):
        errors["mechanisms"] = [_("Choose among: %(names)s.", names=", ".join(rules.MECHANISMS))]
    if not isinstance(min_holding_days, int) or isinstance(min_holding_days, bool) \
            or not 0 <= min_holding_days <= MAX_HOLDING_DAYS:
        errors["min_holding_days"] = [_("Enter a whole number of days from 0 to %(n)d.", n=MAX_HOLDING_DAYS)]
    if holder_cap is not None and (not isinstance(holder_cap, int) or isinstance(holder_cap, bool) or holder_cap < 1):
        errors["holder_cap"] = [_("Enter a whole number above zero, or leave it empty for no cap.")]
    if errors:
        raise InvalidInput(_("Some fields are not valid."), errors)
    return [name for name in rules.MECHANISMS if name in mechanisms]


def _snapshot(row):
    return {"based_on": row.based_on, "mechanisms": list(row.mechanisms), "standardised_contracts":
            row.standardised_contracts, "min_holding_days": row.min_holding_days, "holder_cap": row.holder_cap}


def save_profile(actor, floor_code, mechanisms, standardised_contracts, min_holding_days, holder_cap,
                 based_on="custom"):
    """Give ``floor_code`` this profile (replacing its old one); trading follows it at once.

    :raise Forbidden: unless ``actor`` is an operator. :raise InvalidInput: naming each bad field.
    """
    if actor.platform_role != "operator":
        raise Forbidden(_("Only platform operators configure floors."))
    mechanisms = _checked(mechanisms, min_holding_days, holder_cap)
    with transaction() as session:
        floor = floor_named(floor_code)
        row = _row_of(floor, lock=True)
        before = None if row is None else _snapshot(row)
        if row is None:
            row = FloorComplianceProfile(floor_id=floor.id, version=0)
            session.add(row)
        row.based_on, row.mechanisms, row.standardised_contracts = based_on, mechanisms, bool(standardised_contracts)
        row.min_holding_days, row.holder_cap = min_holding_days, holder_cap
        row.updated_by_id, row.updated_at, row.version = actor.id, utcnow(), row.version + 1
        session.flush()
        record("oversight.floor_profile_saved", actor=actor.public_id, target=floor.code, before=before,
               after=_snapshot(row))
    return row


def apply_state_council(actor, floor_code):
    """Put ``floor_code`` under the built-in State Council profile for spot venues."""
    spot = rules.STATE_COUNCIL_SPOT
    return save_profile(actor, floor_code, sorted(spot.mechanisms), spot.standardised_contracts,
                        spot.min_holding_days, spot.holder_cap, based_on=spot.based_on)


def profile_row(floor):
    """The stored profile of ``floor`` (for forms and the API), or None."""
    return _row_of(floor)


def stored_profile(floor_code):
    """:raise NotFound: for an unknown floor, or a floor without a profile (everything allowed there)."""
    row = _row_of(floor_named(floor_code))
    if row is None:
        raise NotFound(_("This floor has no compliance profile: everything is allowed."))
    return row
