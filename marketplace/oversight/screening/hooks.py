"""What the catalog and the floor listings call when a listing is published: screen it, in their transaction.

A flagged listing must wait for review; the caller gives it its ``pending_review`` status. This
module imports neither the catalog's nor trading's services, so both may import it.
"""
from sqlalchemy import select

from logistics.messages import message
from marketplace.audit.services import record
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from marketplace.notifications.services import notify
from marketplace.oversight.screening import lists, screen, sources
from marketplace.oversight.screening.models import ListingScreening

CLEARED = "cleared"
REJECTED = "rejected"
STATUSES = (screen.PASSED, screen.FLAGGED, CLEARED, REJECTED)


def screen_catalog_listing(listing):
    """Screen a catalog listing being published or changed. :return: True when it must wait for review."""
    return _screen(sources.CATALOG, listing).status == screen.FLAGGED


def screen_floor_listing(listing):
    """Screen a floor listing being offered. :return: True when it must wait for review."""
    return _screen(sources.FLOOR, listing).status == screen.FLAGGED


def screening_of(kind, public_id, lock=False):
    """The latest screening of a listing, or None."""
    statement = select(ListingScreening).where(ListingScreening.listing_kind == kind,
                                               ListingScreening.listing_public_id == public_id)
    if lock:
        statement = lock_for_update(statement).execution_options(populate_existing=True)
    return db.session.scalar(statement)


def _screen(kind, listing):
    """Store what the current lists find in ``listing``; the seller is told when it must wait."""
    with transaction() as session:
        current = lists.active_terms()
        enterprise = sources.enterprise_of(kind, listing)
        findings = screen.screen(sources.text_of(kind, listing), current, sources.licences_of(enterprise),
                                 on=shanghai_day())
        row = screening_of(kind, listing.public_id, lock=True)
        if row is None:
            row = ListingScreening(listing_kind=kind, listing_public_id=listing.public_id, enterprise_id=enterprise.id,
                                   status=screen.PASSED, findings=[])
            session.add(row)
        before = row.status
        keeps_clearance = before == CLEARED and screen.already_cleared(findings, row.findings)
        row.status = CLEARED if keeps_clearance and findings else screen.verdict(findings)
        row.findings = [finding.as_record() for finding in findings]
        row.title, row.lists_digest, row.screened_at = sources.title_of(kind, listing)[:300], screen.digest(current), utcnow()
        if row.status == screen.FLAGGED:
            row.reviewed_by_id = row.reviewed_at = row.review_note = None
        session.flush()
        if row.status != before or row.status == screen.FLAGGED:
            record("oversight.listing_screened", enterprise=enterprise.public_id, target=listing.public_id,
                   before={"status": before}, after={"status": row.status, "findings": row.findings})
        if row.status == screen.FLAGGED and before != screen.FLAGGED:
            _tell_seller(enterprise, kind, row)
        return row


def _tell_seller(enterprise, kind, row):
    words = [f"{finding['matched']} ({finding['field']})" for finding in row.findings]
    link = f"/oversight/screening/notices/{row.public_id}"
    notify(enterprise, "oversight.listing_waits_for_review",
           message("Your listing “%(title)s” waits for review by the market regulator: %(count)s finding(s).",
                   title=row.title, count=len(words)),
           details=[{"zh": "发现：" + "、".join(words), "en": "Found: " + ", ".join(words)}], link=link)
