"""Screening use cases: the review queue, re-screening every listing when the lists change, quality inspections.

Holding and releasing a listing goes through its own domain's services (``hold_for_review``,
``settle_review``); this area writes only its own tables.
"""
import logging
import threading
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from logistics.messages import message
from marketplace.audit.services import record
from marketplace.catalog import services as catalog
from marketplace.database import after_commit, transaction, utcnow
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from marketplace.notifications.services import notify
from marketplace.oversight.screening import hooks, lists, screen, sources
from marketplace.oversight.screening.models import ListingScreening, QualityInspection
from trading.listings import services as floor_listings

log = logging.getLogger(__name__)
DOMAIN = {sources.CATALOG: catalog, sources.FLOOR: floor_listings}
SCREEN = {sources.CATALOG: hooks.screen_catalog_listing, sources.FLOOR: hooks.screen_floor_listing}
BATCH = 200
RESULTS = ("pass", "fail")
_rescreening = threading.Lock()


# --- the review queue ------------------------------------------------------------------------------

def queue_statement(status=screen.FLAGGED):
    """Screenings in ``status`` (all when empty), oldest screening first: the review queue."""
    statement = select(ListingScreening).order_by(ListingScreening.screened_at, ListingScreening.id)
    return statement.where(ListingScreening.status == status) if status else statement


def review_queue(status=screen.FLAGGED, limit=200):
    return db.session.scalars(queue_statement(status).limit(limit)).all()


def screening_named(public_id):
    """:raise NotFound: for an unknown screening."""
    row = db.session.scalar(select(ListingScreening).where(ListingScreening.public_id == public_id))
    if row is None:
        raise NotFound(_("There is no such screening."))
    return row


def review(actor, public_id, cleared, note=""):
    """Clear or reject a flagged listing; the listing is published (opened) or paused (withdrawn) by its domain.

    :raise InvalidInput: for a rejection without a note, or a screening no longer waiting (decided already).
    """
    note = (note or "").strip()
    if not cleared and not note:
        raise InvalidInput(_("Say why the listing is rejected."), {"note": [_("A rejection needs a note.")]})
    with transaction():
        found = screening_named(public_id)
        row = hooks.screening_of(found.listing_kind, found.listing_public_id, lock=True)
        if row.status != screen.FLAGGED:
            raise InvalidInput(_("This listing is not waiting for review."), {"status": [_("Decided already.")]})
        row.status = hooks.CLEARED if cleared else hooks.REJECTED
        row.reviewed_by_id, row.reviewed_at, row.review_note = actor.id, utcnow(), note
        record("oversight.listing_reviewed", actor=actor.public_id, enterprise=row.enterprise.public_id,
               target=row.listing_public_id, before={"status": screen.FLAGGED},
               after={"status": row.status, "note": note})
        listing = sources.listing_named(row.listing_kind, row.listing_public_id)
        if listing is not None:
            DOMAIN[row.listing_kind].settle_review(actor, listing, cleared)
    return row


# --- re-screening when the lists change ------------------------------------------------------------

def rescreen_progress():
    """``{"done", "total"}``: live or waiting listings screened against today's lists, of all of them."""
    digest = lists.current_digest()
    done = total = 0
    for kind in sources.KINDS:
        ids = sources.live_public_ids(kind)
        total += len(ids)
        current = set(db.session.scalars(select(ListingScreening.listing_public_id).where(
            ListingScreening.listing_kind == kind, ListingScreening.lists_digest == digest)))
        done += len(ids & current)
    return {"done": done, "total": total}


def rescreen_one(kind, listing):
    """Screen ``listing`` again: flagged → off sale until reviewed; passing now while waiting → back on sale."""
    with transaction():
        if SCREEN[kind](listing):
            DOMAIN[kind].hold_for_review(listing)
        elif sources.is_pending(listing) and hooks.screening_of(kind, listing.public_id).status != screen.FLAGGED:
            DOMAIN[kind].settle_review(None, listing, cleared=True)


def rescreen_screening(public_id):
    """Screen one screening's listing again now (after a licence was recorded, say): one that passes now goes
    on sale. :raise NotFound: :return: the screening."""
    row = screening_named(public_id)
    listing = sources.listing_named(row.listing_kind, row.listing_public_id)
    if listing is not None and (sources.is_pending(listing) or sources.is_live(row.listing_kind, listing)):
        rescreen_one(row.listing_kind, listing)
    return hooks.screening_of(row.listing_kind, row.listing_public_id)


def rescreen_enterprise(enterprise):
    """Screen every live or waiting listing of ``enterprise`` again, whatever lists they were screened against
    (its credit file changed: a licence recorded or ended). :return: how many."""
    count = 0
    for kind in sources.KINDS:
        for listing in sources.live_listings_of(enterprise, kind):
            rescreen_one(kind, listing)
            count += 1
    return count


def rescreen_all():
    """Screen every live or waiting listing not yet screened against today's lists. :return: how many."""
    digest, count = lists.current_digest(), 0
    for kind in sources.KINDS:
        after_id = 0
        while batch := sources.live_listings(after_id, kind, BATCH):
            for listing in batch:
                row = hooks.screening_of(kind, listing.public_id)
                if row is None or row.lists_digest != digest:
                    rescreen_one(kind, listing)
                    count += 1
            after_id = batch[-1].id
            db.session.expire_all()
    return count


def start_rescreen(app):
    """Re-screen in a daemon thread once the caller's transaction commits (one at a time). :return: None."""
    after_commit(lambda: threading.Thread(target=_rescreen_in, args=(app,), name="oversight-rescreen",
                                          daemon=True).start())


def _rescreen_in(app):
    with app.app_context():
        with _rescreening:
            try:
                rescreen_all()
            except Exception:
                log.exception("re-screening the listings failed")
            finally:
                db.session.remove()


def change_term(app, actor, public_id=None, active=None, **new_term):
    """Add a term (``new_term``) or switch one on or off, then re-screen every listing in the background."""
    with transaction():
        row = (lists.set_active(actor, public_id, active) if public_id
               else lists.add_term(actor, **new_term))
        start_rescreen(app)
    return row


# --- quality inspections ---------------------------------------------------------------------------

def _checked_inspection(kind, listing_id, sampled_on, authority, report_number, result):
    errors = {}
    listing = sources.listing_named(kind, listing_id)
    if listing is None:
        errors["listing"] = [_("There is no such listing.")]
    if not isinstance(sampled_on, date):
        errors["sampled_on"] = [_("Enter the day the sample was taken.")]
    elif sampled_on > shanghai_day():
        errors["sampled_on"] = [_("The sampling day cannot be in the future.")]
    for name, value in (("authority", authority), ("report_number", report_number)):
        if not (value or "").strip():
            errors[name] = [_("This field is required.")]
    if result not in RESULTS:
        errors["result"] = [_("Choose pass or fail.")]
    if errors:
        raise InvalidInput(_("Some fields are not valid."), errors)
    return listing


def record_inspection(actor, kind, listing_id, sampled_on, authority, report_number, result, items=(), note=""):
    """Record a sampling inspection's result against a listing and its enterprise; a failed one is told to it.

    :raise InvalidInput: naming each bad field; nothing is stored then.
    """
    listing = _checked_inspection(kind, listing_id, sampled_on, authority, report_number, result)
    enterprise = sources.enterprise_of(kind, listing)
    with transaction() as session:
        row = QualityInspection(listing_kind=kind, listing_public_id=listing.public_id, enterprise_id=enterprise.id,
                                sampled_on=sampled_on, authority=authority.strip()[:200],
                                report_number=report_number.strip()[:100], result=result, items=list(items),
                                note=(note or "").strip(), recorded_by_id=actor.id)
        session.add(row)
        session.flush()
        record("oversight.quality_inspection_recorded", actor=actor.public_id, enterprise=enterprise.public_id,
               target=listing.public_id, after={"inspection": row.public_id, "result": result,
                                                "report_number": row.report_number})
        if result == "fail":
            notify(enterprise, "oversight.quality_inspection_failed", message(
                "A sampling inspection of “%(title)s” failed (report %(report)s, %(authority)s).",
                title=sources.title_of(kind, listing), report=row.report_number, authority=row.authority))
    return row


def inspections_of(kind, listing_id):
    """A listing's inspections, newest sampling first."""
    return db.session.scalars(select(QualityInspection).where(
        QualityInspection.listing_kind == kind, QualityInspection.listing_public_id == listing_id)
        .order_by(QualityInspection.sampled_on.desc(), QualityInspection.id.desc())).all()


def listing_record(kind, listing_id):
    """A listing's oversight record: the listing, its screening and its inspections. :raise NotFound:"""
    listing = sources.listing_named(kind, listing_id)
    if listing is None:
        raise NotFound(_("There is no such listing."))
    return listing, hooks.screening_of(kind, listing_id), inspections_of(kind, listing_id)


def screening_for_seller(enterprise, kind, listing_id):
    """The screening of one of ``enterprise``'s own listings: why it waits, or what the reviewer decided.

    :raise NotFound: unless the listing is the enterprise's and has been screened.
    """
    listing = sources.listing_named(kind, listing_id)
    row = hooks.screening_of(kind, listing_id) if listing is not None else None
    if row is None or row.enterprise_id != enterprise.id:
        raise NotFound(_("There is no screening of such a listing of your enterprise."))
    return row


