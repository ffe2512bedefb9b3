"""Transaction search and the enterprise 360 view for regulators.

Every search, export and 360 read is written to the regulator access log in the same transaction
as the read, so a logged read and the data shown never part.
"""
import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from credit.grading import services as grading
from marketplace.api import paginate
from marketplace.database import transaction
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.money import Money
from marketplace.oversight.exports.services import log_access
from marketplace.oversight.groups import services as groups
from marketplace.oversight.sanctions import services as sanctions
from marketplace.oversight.transactions import filters, footprint, sources

PAGE_SIZE = 50
EXPORT_BATCH = 500
PROBLEMS = {
    "unknown_kind": _l("Choose one of the kinds of transaction."),
    "period_reversed": _l("The period ends before it starts."),
    "period_too_long": _l("Search at most three years at once."),
    "negative_amount": _l("Enter an amount of zero or more."),
    "amounts_reversed": _l("The highest amount is below the lowest."),
    "unknown_currency": _l("Choose one of the currencies."),
}
CSV_COLUMNS = ("kind", "reference", "at", "floor", "instrument", "side", "buyer", "seller", "quantity", "unit",
               "amount", "currency", "status")


def search_transactions(search, limit=PAGE_SIZE, cursor=None):
    """One page (newest first) of the transactions the search finds, and the cursor of the next.

    :raise InvalidInput: for filters that contradict each other or name an unknown enterprise,
        floor or instrument; nothing is logged then.
    """
    with transaction():
        scope = _scope(search)
        log_access("transaction_search", subject=scope.enterprise, query=search.as_query())
        return _page(search, scope, limit, cursor)


def export_csv(search):
    """The whole result as CSV text (UTF-8 with a byte order mark, so spreadsheet programs read the Chinese).

    Logged once as an export; read in batches so a long result never sits twice in memory as rows.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    with transaction():
        scope = _scope(search)
        log_access("transaction_search", subject=scope.enterprise, query=search.as_query(), channel="export")
        page = {"next_cursor": None}
        while True:
            page = _page(search, scope, EXPORT_BATCH, page["next_cursor"])
            writer.writerows(_csv_row(row) for row in page["items"])
            if page["next_cursor"] is None:
                return out.getvalue()


def _page(search, scope, limit, cursor):
    if not filters.may_match(search):
        return {"items": [], "next_cursor": None}
    build, key = sources.STATEMENTS[search.kind]
    page = paginate(db.session, build(search, scope), key, limit, cursor, newest_first=True)
    return {"items": sources.describe(search.kind, page["items"]), "next_cursor": page["next_cursor"]}


def _csv_row(row):
    return (row.kind, row.reference, row.at.isoformat(), row.floor, row.instrument, row.side, row.buyer, row.seller,
            "" if row.quantity is None else str(row.quantity), row.unit,
            "" if row.amount_minor is None else _major(row.amount_minor, row.currency), row.currency, row.status)


def _major(minor, currency):
    return str(Money(minor, currency).amount)


def _scope(search):
    """Resolve the search's names; :raise InvalidInput: for names that match nothing."""
    found = {field: [str(PROBLEMS[code]) for code in codes] for field, codes in filters.problems(search).items()}
    enterprise = sources.enterprise_named(search.enterprise) if search.enterprise else None
    if search.enterprise and enterprise is None:
        found["enterprise"] = [_("No enterprise has this id or unified social credit code.")]
    floor = sources.floor_id(search.floor) if search.floor else None
    if search.floor and floor is None:
        found["floor"] = [_("No floor has this code.")]
    instrument = sources.instrument_id(search.instrument) if search.instrument else None
    if search.instrument and instrument is None:
        found["instrument"] = [_("No instrument has this code.")]
    if found:
        raise InvalidInput(_("The search was not run."), found)
    return sources.Scope(enterprise_id=enterprise.id if enterprise else None, floor_id=floor, instrument_id=instrument,
                         enterprise=enterprise.public_id if enterprise else None)


# --- finding an enterprise, and its whole footprint -----------------------------------------------

@dataclass(frozen=True)
class Section:
    """One part of an enterprise's footprint: how many there are, and the newest few."""

    count: int
    recent: list


@dataclass(frozen=True)
class Footprint:
    enterprise: object
    grade: str | None
    transactions: dict  # kind → Section of ``sources.Row``
    catalog_listings: Section
    floor_listings: Section
    alerts: Section
    cases: Section
    sanctions: Section
    complaints: Section
    parties: list  # the registered parties behind it (identity numbers masked)
    group: object  # ``groups.services.ControlGroup``


def find_enterprises(text, limit=50):
    """Enterprises matching a name, credit code or id (an empty text finds none); the search is logged."""
    text = (text or "").strip()
    if not text:
        return []
    with transaction():
        log_access("enterprise_finder", query={"q": text})
        return footprint.find_enterprises(text, limit)


def enterprise_360(subject_id, locale="zh_CN"):
    """Everything the platform knows about one enterprise, for a regulator; the read is logged.

    :raise NotFound: for an unknown enterprise.
    """
    with transaction():
        enterprise = footprint.enterprise(subject_id)
        if enterprise is None:
            raise NotFound(_("No such enterprise."))
        log_access("enterprise_360", subject=enterprise.public_id, query={})
        group = groups.control_group(enterprise, locale)
        return Footprint(
            enterprise=enterprise, grade=grading.grade_of(enterprise),
            transactions={kind: _recent_transactions(kind, enterprise) for kind in filters.KINDS},
            catalog_listings=Section(*footprint.catalog_listings(enterprise)),
            floor_listings=Section(*footprint.floor_listings(enterprise)),
            alerts=Section(*footprint.alerts(enterprise, group.key)),
            cases=Section(*footprint.cases(enterprise, group.key)),
            sanctions=_sanctions(enterprise), complaints=Section(*footprint.complaints(enterprise)),
            parties=groups.parties_of(enterprise), group=group)


def _recent_transactions(kind, enterprise):
    search = filters.Search(kind=kind, enterprise=enterprise.public_id)
    scope = sources.Scope(enterprise_id=enterprise.id, enterprise=enterprise.public_id)
    build, key = sources.STATEMENTS[kind]
    statement = build(search, scope)
    rows = db.session.scalars(statement.order_by(key.desc()).limit(footprint.RECENT)).all()
    return Section(footprint.count_of(statement), sources.describe(kind, rows))


def _sanctions(enterprise):
    every = sanctions.sanctions_of(enterprise)
    return Section(len(every), list(every[:footprint.RECENT]))
