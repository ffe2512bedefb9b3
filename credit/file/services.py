"""The credit file's use cases: recording platform facts and official entries, and reading them back."""
import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from credit.file import facts as file_facts
from credit.file import publicity
from credit.file.labels import CUSTOMS_CATEGORIES, TAX_GRADES
from credit.file.models import OfficialEntry, OfficialEntryStep, PlatformFact
from credit.grading import services as grading
from credit.scoring.facts import ENTRY_KINDS, SEVERITIES
from marketplace.accounts.labels import label
from marketplace.accounts.models import Enterprise
from marketplace.accounts.services import validate_credit_code
from marketplace.audit.services import record
from marketplace.database import lock_for_update, transaction
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from marketplace.outbox import emit

BATCH = 500  # enterprises per query: well under every database's limit on bound parameters
# Only what ``facts.assemble`` reads, as plain rows: a full re-score reads millions without building objects.
_FACT_COLUMNS = (PlatformFact.id, PlatformFact.enterprise_id, PlatformFact.kind, PlatformFact.occurred_on,
                 PlatformFact.amount_minor, PlatformFact.reference, PlatformFact.detail, PlatformFact.corrects_id)
_ENTRY_COLUMNS = (OfficialEntry.enterprise_id, OfficialEntry.public_id, OfficialEntry.kind, OfficialEntry.severity,
                  OfficialEntry.decided_on, OfficialEntry.publicity_max_until, OfficialEntry.ended_on,
                  OfficialEntry.removed_on, OfficialEntry.repaired_on, OfficialEntry.contested)


def facts_for(enterprise, as_of):
    """Everything the score model reads about ``enterprise`` as of ``as_of`` (an aware datetime)."""
    return facts_for_many([enterprise], as_of)[enterprise.id]


def facts_for_many(enterprises, as_of):
    """``{enterprise.id: Facts}`` for many enterprises at once: two queries per 500 enterprises."""
    enterprises = list(enterprises)
    result = {}
    for start in range(0, len(enterprises), BATCH):
        chunk = enterprises[start:start + BATCH]
        ids = [enterprise.id for enterprise in chunk]
        platform = _grouped(db.session.execute(
            select(*_FACT_COLUMNS).where(PlatformFact.enterprise_id.in_(ids)).order_by(PlatformFact.id)))
        official = _grouped(db.session.execute(
            select(*_ENTRY_COLUMNS).where(OfficialEntry.enterprise_id.in_(ids)).order_by(OfficialEntry.id)))
        for enterprise in chunk:
            result[enterprise.id] = file_facts.assemble(
                as_of, verified_day(enterprise), platform.get(enterprise.id, []), official.get(enterprise.id, []))
    return result


def verified_day(enterprise):
    """The Shanghai business day the enterprise was verified, or None."""
    return shanghai_day(enterprise.verified_at) if enterprise.verified_at else None


def _grouped(rows):
    grouped = {}
    for row in rows:
        grouped.setdefault(row.enterprise_id, []).append(row)
    return grouped


def record_fact(enterprise, kind, occurred_on, reference="", amount_minor=None, currency=None, detail=None,
                source_event_id=None, corrects=None):
    """Add one platform fact to ``enterprise``'s file (joining the caller's transaction), or return the one
    the same event already made: each event makes a fact of a kind for an enterprise at most once.

    ``corrects`` is the fact this one replaces (kind "withdrawn" only takes it out).
    The caller rescores the enterprise once it has recorded what it has to (see ``reactions``).
    :raise ValueError: for a kind that is not a platform fact's (a caller's mistake, not a user's).
    """
    if kind not in file_facts.FACT_KINDS:
        raise ValueError(f"unknown platform fact kind {kind!r}; one of {', '.join(file_facts.FACT_KINDS)}")
    with transaction() as session:
        if source_event_id is not None:
            existing = session.scalar(select(PlatformFact).where(
                PlatformFact.source_event_id == source_event_id, PlatformFact.enterprise_id == enterprise.id,
                PlatformFact.kind == kind))
            if existing is not None:
                return existing
        fact = PlatformFact(enterprise_id=enterprise.id, credit_code=enterprise.credit_code, kind=kind,
                            occurred_on=occurred_on, amount_minor=amount_minor, currency=currency,
                            reference=(reference or "")[:40], detail=detail or {},
                            corrects_id=corrects.id if corrects is not None else None,
                            source_event_id=source_event_id)
        session.add(fact)
        session.flush()
        record("credit.fact_recorded", actor="system", enterprise=enterprise.public_id, target=fact.public_id,
               after={"kind": kind, "occurred_on": occurred_on.isoformat(), "reference": fact.reference,
                      "amount_minor": amount_minor, "currency": currency, "source_event": source_event_id})
    return fact


def facts_about(enterprise, reference, *kinds):
    """The facts in ``enterprise``'s file about one order, contract or dispute, oldest first."""
    statement = select(PlatformFact).where(PlatformFact.enterprise_id == enterprise.id,
                                           PlatformFact.reference == reference)
    if kinds:
        statement = statement.where(PlatformFact.kind.in_(kinds))
    return db.session.scalars(statement.order_by(PlatformFact.occurred_on, PlatformFact.id)).all()


# --- official entries ------------------------------------------------------------------------------

ENTRY_FIELDS = ("credit_code", "kind", "severity", "decided_on", "authority", "decision_number", "title", "content",
                "valid_until", "removed_on", "tax_grade", "tax_year", "customs_category")
# What each kind must carry, as the publicity system publishes it.
REQUIRED_BY_KIND = {
    "licence": ("title", "authority", "valid_until"),
    "penalty": ("decision_number", "authority", "title", "content"),
    "abnormal_operations": ("authority", "title"),
    "serious_dishonesty": ("authority", "title"),
    "dishonest_debtor": ("authority", "decision_number"),
    "tax_grade": ("tax_grade", "tax_year"),
    "customs_category": ("customs_category",),
}
MAX_LENGTHS = {"authority": 200, "decision_number": 100, "title": 300, "content": 5000}
SOURCES = ("web", "import", "api", "sanction", "demo")


def checked_entry(fields, on=None):
    """``fields`` (strings or values, e.g. a form's, an API body's or an import row's) made into an entry's columns.

    :return: ``(enterprise, columns)``.
    :raise InvalidInput: naming every field at fault; nothing is looked up twice or stored.
    """
    on = on or shanghai_day()
    errors = {}

    def refuse(field, message):
        errors.setdefault(field, []).append(message)

    values = {name: _text(fields.get(name)) for name in ENTRY_FIELDS}
    enterprise = None
    if not values["credit_code"]:
        refuse("credit_code", _("Enter the enterprise's unified social credit code."))
    else:
        try:
            code = validate_credit_code(values["credit_code"].upper())
        except InvalidInput as error:
            for message in error.errors.get("credit_code", [error.message]):
                refuse("credit_code", message)
        else:
            enterprise = db.session.scalar(select(Enterprise).where(Enterprise.credit_code == code))
            if enterprise is None:
                refuse("credit_code", _("No enterprise with this credit code is registered on the platform."))
    kind, severity = values["kind"], values["severity"]
    if kind not in ENTRY_KINDS:
        refuse("kind", _("Choose one of: %(kinds)s.", kinds=", ".join(ENTRY_KINDS)))
    if severity not in SEVERITIES:
        refuse("severity", _("Choose a severity: minor (轻微), general (一般) or serious (严重)."))
    columns = {name: values[name] for name in ("authority", "decision_number", "title", "content")}
    for name, longest in MAX_LENGTHS.items():
        if len(columns[name]) > longest:
            refuse(name, _("At most %(count)s characters.", count=longest))
    decided = _date(values["decided_on"], "decided_on", refuse, required=True)
    if decided is not None and decided > on:
        refuse("decided_on", _("The decision date %(day)s is in the future; enter the day it was decided.",
                               day=decided.isoformat()))
    columns["decided_on"] = decided
    columns["valid_until"] = _date(values["valid_until"], "valid_until", refuse)
    columns["removed_on"] = _date(values["removed_on"], "removed_on", refuse)
    if decided and columns["valid_until"] and columns["valid_until"] <= decided:
        refuse("valid_until", _("A licence or customs category is valid until a day after it was decided."))
    if columns["removed_on"]:
        if decided and columns["removed_on"] < decided:
            refuse("removed_on", _("The enterprise cannot be taken off a list before it was put on it."))
        if columns["removed_on"] > on:
            refuse("removed_on", _("The removal date is in the future."))
    columns["tax_grade"] = values["tax_grade"].upper() or None
    if columns["tax_grade"] and columns["tax_grade"] not in TAX_GRADES:
        refuse("tax_grade", _("A tax credit grade is one of A, B, M, C or D."))
    columns["tax_year"] = _year(values["tax_year"], on, refuse)
    columns["customs_category"] = values["customs_category"] or None
    if columns["customs_category"] and columns["customs_category"] not in CUSTOMS_CATEGORIES:
        refuse("customs_category", _("Choose one of: %(codes)s.", codes=", ".join(CUSTOMS_CATEGORIES)))
    for name in REQUIRED_BY_KIND.get(kind, ()):
        if not values[name] and name not in errors:
            refuse(name, _("An entry of kind “%(kind)s” needs this field.", kind=label(kind, "credit_entry_kind")))
    if errors:
        raise InvalidInput(_("The entry was not recorded: please correct the fields marked."), errors)
    return enterprise, columns | {"kind": kind, "severity": severity}


def record_entry(actor, fields, source="web", corrects=None, reason="", related=""):
    """Record an official entry from ``fields`` (see ``checked_entry``), its "recorded" step, an audit record and
    the "credit.entry_recorded" event, and rescore its enterprise, all in one transaction.

    :raise InvalidInput: for any field at fault; nothing is stored then. :raise ValueError: for an unknown source.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown entry source {source!r}; one of {', '.join(SOURCES)}")
    with transaction() as session:
        enterprise, columns = checked_entry(fields)
        return _store_entry(session, actor, enterprise, columns, source, corrects, reason, related)


def _store_entry(session, actor, enterprise, columns, source, corrects=None, reason="", related=""):
    window = publicity.window_for(columns["severity"], columns["decided_on"],
                                  current_app.config["CREDIT_PUBLICITY_MONTHS"], columns["kind"],
                                  columns["valid_until"], columns["tax_year"])
    entry = OfficialEntry(enterprise_id=enterprise.id, credit_code=enterprise.credit_code, source=source,
                          publicity_min_until=window.min_until, publicity_max_until=window.max_until,
                          corrects_id=corrects.id if corrects is not None else None,
                          recorded_by_id=actor.id if actor is not None else None, **columns)
    session.add(entry)
    session.flush()
    session.add(OfficialEntryStep(entry_id=entry.id, step="recorded", reason=reason, related=related,
                                  actor_id=actor.id if actor is not None else None))
    record("credit.entry_recorded", actor=actor.public_id if actor is not None else None,
           enterprise=enterprise.public_id, target=entry.public_id, after=_entry_record(entry))
    emit("credit.entry_recorded", "official_entry", entry.public_id, 1, {
        "enterprise": enterprise.public_id, "credit_code": enterprise.credit_code, "entry": entry.public_id,
        "kind": entry.kind, "severity": entry.severity, "title": entry.title,
        "decided_on": entry.decided_on.isoformat()})
    grading.rescore(enterprise, "entry")
    return entry


def _entry_record(entry):
    return {name: (value.isoformat() if isinstance(value, date) else value)
            for name in ENTRY_FIELDS + ("publicity_min_until", "publicity_max_until", "source")
            if (value := getattr(entry, name)) not in (None, "")} | (
        {"corrects": entry.corrects.public_id} if entry.corrects_id else {})


def correct_entry(actor, entry, fields, reason, related=""):
    """Replace ``entry`` with a new entry carrying ``fields`` over its content; the old one ends today.

    Facts are never edited: the new entry names the one it corrects, the old one gets a "corrected"
    step (``related``: the objection that asked for it, else the new entry). :return: the new entry.
    :raise InvalidInput: for fields at fault, a missing reason or an entry already ended.
    """
    reason = _text(reason)
    if not reason:
        raise InvalidInput(_("Say why the entry is corrected; the enterprise will read it."),
                           {"reason": [_("Give a reason.")]})
    with transaction() as session:
        entry = _locked_entry(session, entry.public_id)
        if entry.ended_on is not None:
            raise InvalidInput(_("This entry was already ended on %(day)s; correct the entry that replaced it.",
                                 day=entry.ended_on.isoformat()))
        current = {name: getattr(entry, name) for name in ENTRY_FIELDS}
        enterprise, columns = checked_entry(current | {name: value for name, value in fields.items()
                                                       if name in ENTRY_FIELDS and name != "credit_code"})
        replacement = _store_entry(session, actor, enterprise, columns, entry.source, corrects=entry,
                                   reason=reason, related=related or entry.public_id)
        entry.ended_on = shanghai_day()
        session.add(OfficialEntryStep(entry_id=entry.id, step="corrected", reason=reason,
                                      related=related or replacement.public_id,
                                      actor_id=actor.id if actor is not None else None))
        record("credit.entry_corrected", actor=actor.public_id if actor is not None else None,
               enterprise=enterprise.public_id, target=entry.public_id,
               before={"ended_on": None}, after={"ended_on": entry.ended_on.isoformat(),
                                                 "replaced_by": replacement.public_id, "reason": reason,
                                                 "related": related})
        grading.rescore(enterprise, "entry")
    return replacement


def _locked_entry(session, public_id):
    entry = session.scalar(lock_for_update(select(OfficialEntry).where(OfficialEntry.public_id == public_id))
                           .execution_options(populate_existing=True))
    if entry is None:
        raise NotFound(_("There is no such official entry."))
    return entry


def _text(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _date(value, field, refuse, required=False):
    if not value:
        if required:
            refuse(field, _("Enter a date (YYYY-MM-DD)."))
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        refuse(field, _("“%(value)s” is not a date; write it as YYYY-MM-DD.", value=value[:20]))
        return None


def _year(value, on, refuse):
    if not value:
        return None
    if not value.isdigit() or not 1990 <= int(value) <= on.year:
        refuse("tax_year", _("Enter a year from 1990 to %(year)s.", year=on.year))
        return None
    return int(value)


# --- importing ------------------------------------------------------------------------------------

MAX_IMPORT_ROWS = 5000
EXTRA_VALUES = "extra_values"  # a CSV row with more values than its header has names


@dataclass(frozen=True)
class RowRefusal:
    row: int  # counted from 1, the first data row (a CSV file's header is not a row)
    field: str
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """What an import did: the entries it stored and, for every refused row, each field at fault and why."""
    rows: int
    stored: tuple
    refused: tuple

    @property
    def refused_rows(self):
        return sorted({refusal.row for refusal in self.refused})


def import_entries(actor, rows, store_valid_rows=False):
    """Record one entry per row (a mapping of ``ENTRY_FIELDS``); every row is checked first.

    All or nothing unless ``store_valid_rows``: any refused row means nothing is stored. Rows are
    stored in one transaction either way. :return: an ``ImportReport``.
    :raise InvalidInput: for no rows or more than ``MAX_IMPORT_ROWS``.
    """
    rows = list(rows)
    if not rows:
        raise InvalidInput(_("The file holds no entries."), {"file": [_("The file holds no entries.")]})
    if len(rows) > MAX_IMPORT_ROWS:
        message = _("At most %(count)s entries per import; split the file.", count=MAX_IMPORT_ROWS)
        raise InvalidInput(message, {"file": [message]})
    with transaction() as session:
        accepted, refused = [], []
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                refused.append(RowRefusal(number, "row", _("A row is an object of fields.")))
                continue
            unknown = sorted(set(row) - set(ENTRY_FIELDS))
            for name in unknown:
                refused.append(RowRefusal(number, str(name), _("This row has more values than the header names.")
                                          if name == EXTRA_VALUES else _("Unknown field; the fields are: %(fields)s.",
                                                                         fields=", ".join(ENTRY_FIELDS))))
            try:
                checked = checked_entry(row)
            except InvalidInput as error:
                refused.extend(RowRefusal(number, field, message)
                               for field, messages in error.errors.items() for message in messages)
                continue
            if not unknown:
                accepted.append(checked)
        if refused and not store_valid_rows:
            return ImportReport(len(rows), (), tuple(refused))
        stored = tuple(_store_entry(session, actor, enterprise, columns, "import") for enterprise, columns in accepted)
        record("credit.entries_imported", actor=actor.public_id if actor is not None else None,
               after={"rows": len(rows), "stored": [entry.public_id for entry in stored],
                      "refused_rows": sorted({refusal.row for refusal in refused})})
    return ImportReport(len(rows), stored, tuple(refused))


def rows_from_file(filename, data):
    """The rows of an uploaded CSV (a header row of field names) or JSON (a list of objects, or ``{"entries": [...]}``).

    :raise InvalidInput: for a file that is neither, or not UTF-8.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = _("The file is not UTF-8 text.")
        raise InvalidInput(message, {"file": [message]}) from None
    if (filename or "").lower().endswith(".json") or text.lstrip().startswith(("[", "{")):
        try:
            parsed = json.loads(text)
        except ValueError as error:
            message = _("The JSON cannot be read: %(error)s.", error=str(error))
            raise InvalidInput(message, {"file": [message]}) from None
        rows = parsed.get("entries") if isinstance(parsed, dict) else parsed
        if not isinstance(rows, list):
            message = _("The JSON is a list of entries, or an object with a list under “entries”.")
            raise InvalidInput(message, {"file": [message]})
        return rows
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "credit_code" not in reader.fieldnames:
        message = _("The CSV's first row names the fields, credit_code among them.")
        raise InvalidInput(message, {"file": [message]})
    return [{(EXTRA_VALUES if name is None else name): value for name, value in row.items() if value not in (None, "")}
            for row in reader]


# --- reading --------------------------------------------------------------------------------------

AUDIENCES = ("public", "subject", "authorised", "oversight")


def entries_of(enterprise, audience, on=None):
    """``enterprise``'s official entries as ``audience`` may see them, newest decision first.

    The public and authorised counterparties see the entries shown today (inside their window, not
    ended, repaired or removed); the enterprise itself and oversight see its whole history.
    """
    _check_audience(audience)
    on = on or shanghai_day()
    entries = db.session.scalars(select(OfficialEntry).where(OfficialEntry.enterprise_id == enterprise.id)
                                 .order_by(OfficialEntry.decided_on.desc(), OfficialEntry.id.desc())).all()
    if audience in ("public", "authorised"):
        entries = [entry for entry in entries if state_of(entry, on) == publicity.PUBLIC]
    return entries


def state_of(entry, on=None):
    """What ``entry`` is on ``on`` (today): one of ``publicity.STATES``."""
    return publicity.state_on(on or shanghai_day(), entry.decided_on, entry.publicity_max_until, entry.ended_on,
                              entry.removed_on, entry.repaired_on)


@dataclass(frozen=True)
class TimelineItem:
    """One line of an enterprise's timeline: a platform fact or an official entry."""
    on: date
    source: str  # platform | official
    kind: str
    reference: str
    amount_minor: int | None = None
    currency: str | None = None
    detail: dict = field(default_factory=dict)
    public_id: str = ""
    state: str = ""  # an entry's state, or "replaced"/"withdrawn" for a platform fact no longer standing


def timeline_of(enterprise, audience, on=None):
    """``enterprise``'s file as one timeline, newest first, as ``audience`` may see it.

    The public sees only the entries shown today. The enterprise and authorised counterparties also see
    its platform facts as they stand; oversight sees replaced and withdrawn facts too.
    """
    _check_audience(audience)
    on = on or shanghai_day()
    items = [TimelineItem(entry.decided_on, "official", entry.kind, entry.decision_number or entry.title,
                          detail={"severity": entry.severity, "title": entry.title}, public_id=entry.public_id,
                          state=state_of(entry, on)) for entry in entries_of(enterprise, audience, on)]
    if audience != "public":
        facts = db.session.scalars(select(PlatformFact).where(PlatformFact.enterprise_id == enterprise.id)
                                   .order_by(PlatformFact.id)).all()
        standing = {fact.id for fact in file_facts.in_force(facts)}
        for fact in facts:
            if fact.id not in standing and audience != "oversight":
                continue
            state = "" if fact.id in standing else ("withdrawn" if fact.kind == "withdrawn" else "replaced")
            items.append(TimelineItem(fact.occurred_on, "platform", fact.kind, fact.reference, fact.amount_minor,
                                      fact.currency, dict(fact.detail or {}), fact.public_id, state))
    return sorted(items, key=lambda item: item.on, reverse=True)


def _check_audience(audience):
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}")


def entry_for(public_id, enterprise=None):
    """One entry with its steps; with ``enterprise`` (a member's own), only that enterprise's. :raise NotFound:"""
    entry = db.session.scalar(select(OfficialEntry).where(OfficialEntry.public_id == public_id))
    if entry is None or (enterprise is not None and entry.enterprise_id != enterprise.id):
        raise NotFound(_("There is no such official entry."))
    return entry


def entries_statement(credit_code=None, kind=None, enterprise=None):
    """Entries for oversight lists (all, or by credit code and kind), newest recorded first."""
    statement = select(OfficialEntry)
    if enterprise is not None:
        statement = statement.where(OfficialEntry.enterprise_id == enterprise.id)
    if credit_code:
        statement = statement.where(OfficialEntry.credit_code == credit_code.strip().upper())
    if kind:
        statement = statement.where(OfficialEntry.kind == kind)
    return statement.order_by(OfficialEntry.recorded_at.desc(), OfficialEntry.id.desc())


def entries_page(page, size, credit_code=None, kind=None, enterprise=None):
    """``(entries, total)`` of one page."""
    statement = entries_statement(credit_code, kind, enterprise).options(selectinload(OfficialEntry.enterprise))
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    return db.session.scalars(statement.limit(size).offset((page - 1) * size)).all(), total


def enterprise_by_credit_code(code):
    """:raise NotFound: unless an enterprise with this code is registered."""
    enterprise = db.session.scalar(select(Enterprise).where(Enterprise.credit_code == (code or "").strip().upper()))
    if enterprise is None:
        raise NotFound(_("No enterprise with this credit code is registered on the platform."))
    return enterprise


def replacement_of(entry):
    """The entry that corrected ``entry``, or None."""
    return db.session.scalar(select(OfficialEntry).where(OfficialEntry.corrects_id == entry.id))
