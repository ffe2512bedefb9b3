"""Regulators' reads: the access log of non-public data (written by every console view, read on its own
page), and the retention purge that never removes anything younger than ``OVERSIGHT_RETENTION_YEARS``.
The reports themselves are in ``reports``."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from flask import current_app, g, has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select

from marketplace.accounts.models import User
from marketplace.audit import services as audit
from marketplace.database import transaction, utcnow
from marketplace.errors import InvalidInput
from marketplace.i18n import SHANGHAI, shanghai_day
from marketplace.oversight.exports import retention
from marketplace.oversight.exports.models import OversightAccess, OversightExport

ACCESS_PAGE_SIZE = 50


@dataclass(frozen=True)
class AccessPage:
    rows: list
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class Purged:
    cutoff: date
    accesses: int
    exports: int


def log_access(view, subject=None, query=None, channel=None):
    """Record that the current regulator (or operator) read non-public data; joins the caller's transaction
    when there is one.

    ``view`` names what was read (e.g. "enterprise_360"), ``subject`` whom it was about (a public id),
    ``query`` the filters used. Outside a staff request it records nothing.
    """
    principal = g.get("principal") if has_request_context() else None
    if principal is None or principal.platform_role is None:
        return
    if channel is None:
        channel = "api" if principal.token_id is not None else "web"
    with transaction() as session:
        session.add(OversightAccess(user_id=principal.user_id, token_id=principal.token_id, channel=channel,
                                    view=view, subject=subject,
                                    query=dict(query if query is not None else request.args.to_dict()),
                                    at=utcnow()))




def _day_start(day):
    return datetime.combine(day, time(), SHANGHAI)


def file_path(export):
    """Where an export's PDF is kept: the instance folder belongs to the installation, as the database does."""
    return Path(current_app.instance_path) / "oversight" / "exports" / f"{export.public_id}.pdf"


def access_log(person=None, subject=None, view=None, start=None, end=None, page=1):
    """The access log, newest first, ``ACCESS_PAGE_SIZE`` a page: filtered by the person (name or e-mail,
    part of it), the subject's public id, the view (its name or the start of it) and Shanghai days."""
    statement = select(OversightAccess).join(User, User.id == OversightAccess.user_id)
    if person:
        statement = statement.where(or_(User.display_name.contains(person), User.email.contains(person)))
    if subject:
        statement = statement.where(OversightAccess.subject == subject)
    if view:
        statement = statement.where(OversightAccess.view.startswith(view))
    if start:
        statement = statement.where(OversightAccess.at >= _day_start(start))
    if end:
        statement = statement.where(OversightAccess.at < _day_start(end + timedelta(days=1)))
    with transaction() as session:
        total = session.scalar(select(func.count()).select_from(statement.subquery()))
        pages = max(1, -(-total // ACCESS_PAGE_SIZE))
        page = min(max(page, 1), pages)
        rows = session.scalars(statement.order_by(OversightAccess.at.desc(), OversightAccess.id.desc())
                               .offset((page - 1) * ACCESS_PAGE_SIZE).limit(ACCESS_PAGE_SIZE)).all()
        return AccessPage(rows, total, page, pages)


def purge(cutoff, today=None, actor=None):
    """Delete access-log rows and exports (with their files) of Shanghai days before ``cutoff``.

    :raise InvalidInput: when ``cutoff`` is later than ``OVERSIGHT_RETENTION_YEARS`` before today: nothing
        younger than the retention period is ever purged.
    """
    today = today or shanghai_day()
    years = current_app.config["OVERSIGHT_RETENTION_YEARS"]
    if not retention.may_purge_before(cutoff, today, years):
        message = _("Records younger than %(years)d years are kept: the cut-off can be %(latest)s at the latest.",
                    years=years, latest=retention.latest_cutoff(today, years).isoformat())
        raise InvalidInput(message, {"before": [message]})
    moment = _day_start(cutoff)
    with transaction() as session:
        old_exports = session.scalars(select(OversightExport).where(OversightExport.created_at < moment)).all()
        accesses = session.execute(delete(OversightAccess).where(OversightAccess.at < moment)).rowcount
        for export in old_exports:
            session.delete(export)
        audit.record("oversight.purged", actor=actor, after={"before": cutoff.isoformat(), "access_log": accesses,
                                                             "exports": len(old_exports)})
    _remove_files(old_exports)
    return Purged(cutoff, accesses, len(old_exports))


def _remove_files(exports):
    """Remove the purged exports' PDFs once their rows are gone (a file left by a crash is harmless)."""
    for export in exports:
        file_path(export).unlink(missing_ok=True)
