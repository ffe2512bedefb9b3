"""Who sees what of a credit record: the public summary, the detailed report and its view log, report PDFs.

The summary (grade, verified, valid licences, official entries in their publicity window) is for
anyone signed in. The detailed report is for the enterprise itself, operators, regulators and
counterparties it has authorised (``access.decide``); every reading of it, on a page, through the
API or as a PDF, is logged in the same transaction that reads it, and a refused reader is logged
nowhere. Report PDFs are issued at once and rendered off the request path (``render_pending``);
each carries a number, the SHA-256 of what it says and a QR code to the public verification page,
which logs every check. Views and checks are logs themselves, so they write no audit record;
authorisations, issued reports and their rendering do.
"""
import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

import segno
from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload

from credit.file import services as credit_file
from credit.grading import services as grading
from credit.grading.models import ScoreSnapshot
from credit.reports import access, content
from credit.reports.models import CreditReport, ReportAuthorisation, ReportCheck, ReportView
from credit.scoring.reasons import TEXTS, Reason
from marketplace.accounts import lifecycle
from marketplace.accounts.labels import enterprise_name
from marketplace.accounts.models import Enterprise, Membership, User
from marketplace.audit.services import record
from marketplace.database import transaction, utcnow
from marketplace.documents import rendering
from marketplace.errors import DomainError, Forbidden, InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import SHANGHAI, shanghai_day
from marketplace.policy import CompanyRole

log = logging.getLogger(__name__)

WEB, API, PDF = "web", "api", "pdf"
PENDING, READY, FAILED = "pending", "ready", "failed"
GENUINE, ALTERED, SUPERSEDED, UNKNOWN = "genuine", "altered", "superseded", "unknown"
RENDERS_PER_PASS = 5
VIEW_LOG_LENGTH = 200
# What each capacity sees of the file: the enterprise its own view, oversight the history too.
AUDIENCES = {access.SELF: "subject", access.OPERATOR: "oversight", access.REGULATOR: "oversight",
             access.AUTHORISED: "authorised"}
# A report PDF is handed to third parties, so it shows what an authorised counterparty sees.
PDF_AUDIENCE = "authorised"


class NotScored(DomainError):
    """No report can be issued before the enterprise has a score to report."""

    status = 409


class ReportNotReady(DomainError):
    """The report PDF is still being prepared (or could not be)."""

    status = 409


@dataclass(frozen=True)
class Reader:
    """Who asks to read: the person, their platform role, the enterprise they act for and the ones they belong to."""

    user: User
    platform_role: str | None
    acting_for: Enterprise | None
    member_of: frozenset = frozenset()


def reader_of(user, principal, acting_for):
    """The Reader behind a request's principal, acting for ``acting_for`` (None on oversight pages, staff tokens)."""
    return Reader(user, principal.platform_role, acting_for, frozenset(principal.memberships))


@dataclass(frozen=True)
class PublicSummary:
    """What anyone signed in sees on the profile: grade, verification, valid licences, public entries."""

    enterprise: Enterprise
    verified: bool
    verified_since: datetime | None
    grade: str
    scored: bool
    grade_since: datetime | None
    model_version: str | None
    licences: list
    entries: list


@dataclass(frozen=True)
class DetailedReport:
    """The detailed report as one reader may see it, with the capacity that let them."""

    subject: Enterprise
    access: access.Access
    audience: str
    grade: str
    score: int | None
    model_version: str | None
    override: str | None
    as_of: datetime | None
    grade_since: datetime | None
    points: list = field(default_factory=list)
    reasons: list = field(default_factory=list)
    entries: list = field(default_factory=list)
    timeline: list = field(default_factory=list)


@dataclass(frozen=True)
class Verification:
    """One check on the verification page: the number asked, the report found (if any) and the outcome."""

    number: str
    outcome: str
    report: CreditReport | None = None
    grade: str | None = None
    superseded: bool = False
    uploaded_sha256: str | None = None


# --- finding enterprises -------------------------------------------------------------------------------

def enterprise_by_code(credit_code):
    """:raise NotFound: when no enterprise has this unified social credit code."""
    code = "".join((credit_code or "").split()).upper()
    enterprise = db.session.scalar(select(Enterprise).where(Enterprise.credit_code == code))
    if enterprise is None:
        raise NotFound(_("No enterprise has the unified social credit code %(code)s.", code=code[:18]))
    return enterprise


# --- the public summary --------------------------------------------------------------------------------

def public_summary(enterprise):
    """The summary every signed-in person may read; only entries inside their publicity window appear."""
    standing = grading.standing_of(enterprise)
    today = shanghai_day()
    public = credit_file.entries_of(enterprise, "public")
    return PublicSummary(
        enterprise=enterprise, verified=enterprise.status == lifecycle.EnterpriseStatus.VERIFIED,
        verified_since=enterprise.verified_at, grade=grading.grade_of(enterprise), scored=standing is not None,
        grade_since=standing.grade_since if standing else None,
        model_version=standing.model_version if standing else None,
        licences=[entry for entry in public if entry.kind == "licence"
                  and (entry.valid_until is None or entry.valid_until >= today)],
        entries=[entry for entry in public if entry.kind != "licence"])


# --- who may read the detailed report ------------------------------------------------------------------

def access_of(reader, subject):
    """The reader's capacity for ``subject``'s detailed report. :raise Forbidden: for anyone else."""
    acting_for = reader.acting_for.id if reader.acting_for is not None else None
    grants = []
    if acting_for is not None and acting_for != subject.id:
        grants = [access.Grant(row.id, row.grantee_enterprise_id, row.expires_at, row.revoked_at)
                  for row in db.session.scalars(select(ReportAuthorisation).where(
                      ReportAuthorisation.enterprise_id == subject.id,
                      ReportAuthorisation.grantee_enterprise_id == acting_for))]
    decided = access.decide(subject.id, platform_role=reader.platform_role, acting_for=acting_for,
                            member_of=reader.member_of, grants=grants, now=utcnow())
    if decided is None:
        raise Forbidden(_("%(name)s has not authorised your enterprise to read its detailed credit report, or the "
                          "authorisation has expired or been revoked.", name=enterprise_name(subject)))
    return decided


def may_read(reader, subject):
    """Whether ``reader`` may read ``subject``'s detailed report (so pages offer only links that work)."""
    try:
        access_of(reader, subject)
    except Forbidden:
        return False
    return True


def reading_for(reader, subject):
    """The reader's own enterprises that may read ``subject``'s detailed report (itself, or authorised), by id."""
    if not reader.member_of:
        return []
    own = db.session.scalars(select(Enterprise).where(Enterprise.id.in_(reader.member_of)).order_by(Enterprise.id))
    return [mine for mine in own if may_read(Reader(reader.user, None, mine, reader.member_of), subject)]


def _log_view(reader, subject, granted, channel):
    db.session.add(ReportView(
        enterprise_id=subject.id, viewer_user_id=reader.user.id,
        viewer_enterprise_id=reader.acting_for.id if reader.acting_for is not None else None,
        capacity=granted.capacity, authorisation_id=granted.authorisation_id, channel=channel))


def read_report(reader, credit_code, channel):
    """The detailed report of the enterprise with ``credit_code``, logged as one view through ``channel``.

    :raise NotFound: for an unknown code. :raise Forbidden: for a reader without access (nothing logged).
    """
    with transaction():
        subject = enterprise_by_code(credit_code)
        granted = access_of(reader, subject)
        report = _detailed(subject, granted)
        _log_view(reader, subject, granted, channel)
    return report


def _detailed(subject, granted):
    audience = AUDIENCES[granted.capacity]
    standing = grading.standing_of(subject)
    snapshot = standing.snapshot if standing is not None else None
    return DetailedReport(
        subject=subject, access=granted, audience=audience, grade=grading.grade_of(subject),
        score=standing.score if standing else None, model_version=standing.model_version if standing else None,
        override=standing.override if standing else None, as_of=snapshot.as_of if snapshot else None,
        grade_since=standing.grade_since if standing else None,
        points=points_of(snapshot) if snapshot else [], reasons=reasons_of(snapshot) if snapshot else [],
        entries=list(credit_file.entries_of(subject, audience)),
        timeline=list(credit_file.timeline_of(subject, audience)))


def points_of(snapshot):
    """``[{"code", "value", "points"}]`` of a snapshot, in the model's order."""
    return [{"code": code, "value": value, "points": points} for code, value, points in snapshot.points]


def reasons_of(snapshot):
    """``[{"code", "polarity", "text_en", "text_zh", "references"}]`` of a snapshot, strongest first."""
    return [_reason(stored) for stored in snapshot.reasons]


def _reason(stored):
    """A stored reason with its texts: as worded when scored, or from its code for a snapshot that kept none."""
    reason = Reason(stored["code"], stored.get("polarity", "neutral"), stored.get("impact") or 0,
                    tuple(dict(stored.get("values") or {}).items()), tuple(stored.get("references") or ()))
    known = reason.code in TEXTS
    return {"code": reason.code, "polarity": reason.polarity,
            "text_en": stored.get("text_en") or (reason.text("en") if known else reason.code),
            "text_zh": stored.get("text_zh") or (reason.text("zh") if known else reason.code),
            "references": list(reason.references)}


# --- authorisations ------------------------------------------------------------------------------------

def _owner_only(user, enterprise):
    """:raise Forbidden: unless ``user`` owns ``enterprise`` (an API token of a trader reaches here too)."""
    role = db.session.scalar(select(Membership.role).where(Membership.user_id == user.id,
                                                           Membership.enterprise_id == enterprise.id))
    if role != CompanyRole.OWNER:
        raise Forbidden(_("Only an owner of %(name)s grants or revokes access to its credit report.",
                          name=enterprise_name(enterprise)))


def _problem_messages(problems, max_days):
    words = {
        ("grantee", "self"): _("An enterprise always reads its own report; name another enterprise."),
        ("expires_on", "past"): _("The expiry date is in the past."),
        ("expires_on", "too_long"): _("An authorisation runs for at most %(days)d days.", days=max_days),
        ("purpose", "missing"): _("Say what the counterparty reads the report for."),
        ("purpose", "too_long_text"): _("At most %(length)d characters.", length=access.MAX_PURPOSE_LENGTH),
    }
    return {name: [words[(name, code)]] for name, code in problems.items()}


def grant_authorisation(user, enterprise, grantee_code, expires_on, purpose):
    """Let the enterprise with ``grantee_code`` read ``enterprise``'s detailed report through ``expires_on``.

    The authorisation ends at the end of that day in Asia/Shanghai. :raise InvalidInput: for an
    unknown code, the enterprise itself, a past or too distant expiry, or no purpose; nothing is stored.
    :raise Forbidden: unless ``user`` is an owner.
    """
    with transaction() as session:
        _owner_only(user, enterprise)
        purpose = (purpose or "").strip()
        try:
            grantee = enterprise_by_code(grantee_code)
        except NotFound as unknown:
            raise InvalidInput(unknown.message, {"grantee": [unknown.message]}) from None
        max_days = current_app.config["CREDIT_AUTHORISATION_MAX_DAYS"]
        problems = access.authorisation_problems(enterprise.id, grantee.id, expires_on, shanghai_day(), max_days,
                                                 purpose)
        if problems:
            errors = _problem_messages(problems, max_days)
            raise InvalidInput(_("The authorisation was not granted."), errors)
        expires_at = datetime.combine(expires_on + timedelta(days=1), time(0), tzinfo=SHANGHAI).astimezone(UTC)
        authorisation = ReportAuthorisation(enterprise_id=enterprise.id, grantee_enterprise_id=grantee.id,
                                            granted_by_id=user.id, expires_at=expires_at, purpose=purpose)
        session.add(authorisation)
        session.flush()
        record("credit.report_authorised", actor=user.public_id, enterprise=enterprise.public_id,
               target=authorisation.public_id,
               after={"grantee": grantee.credit_code, "expires_on": expires_on.isoformat(), "purpose": purpose})
    return authorisation


def revoke_authorisation(user, enterprise, authorisation_id):
    """End an authorisation now; revoking one already revoked changes nothing.

    :raise NotFound: for an authorisation ``enterprise`` did not grant. :raise Forbidden: unless an owner.
    """
    with transaction() as session:
        authorisation = session.scalar(select(ReportAuthorisation).where(
            ReportAuthorisation.public_id == authorisation_id, ReportAuthorisation.enterprise_id == enterprise.id)
            .with_for_update())
        if authorisation is None:
            raise NotFound(_("There is no such authorisation."))
        _owner_only(user, enterprise)
        if authorisation.revoked_at is None:
            authorisation.revoked_at, authorisation.revoked_by_id = utcnow(), user.id
            record("credit.report_authorisation_revoked", actor=user.public_id, enterprise=enterprise.public_id,
                   target=authorisation.public_id, before={"expires_at": authorisation.expires_at.isoformat()})
    return authorisation


def authorisations_given(enterprise):
    """Every authorisation the enterprise granted, newest first (in force, expired and revoked)."""
    return db.session.scalars(select(ReportAuthorisation).where(ReportAuthorisation.enterprise_id == enterprise.id)
                              .options(joinedload(ReportAuthorisation.grantee))
                              .order_by(ReportAuthorisation.id.desc())).all()


def authorisations_held(enterprise):
    """The authorisations in force that let ``enterprise`` read other enterprises' reports, soonest ending first."""
    return db.session.scalars(select(ReportAuthorisation).where(
        ReportAuthorisation.grantee_enterprise_id == enterprise.id, ReportAuthorisation.revoked_at.is_(None),
        ReportAuthorisation.expires_at > utcnow()).options(joinedload(ReportAuthorisation.enterprise))
        .order_by(ReportAuthorisation.expires_at)).all()


def authorisation_state(authorisation, now=None):
    """``in_force``, ``expired`` or ``revoked``."""
    if authorisation.revoked_at is not None:
        return "revoked"
    return "in_force" if (now or utcnow()) < authorisation.expires_at else "expired"


def views_statement(enterprise):
    """The readings of ``enterprise``'s detailed report, for paging by id."""
    return select(ReportView).where(ReportView.enterprise_id == enterprise.id).options(
        joinedload(ReportView.viewer), joinedload(ReportView.viewer_enterprise),
        joinedload(ReportView.authorisation))


def views_of(enterprise, limit=VIEW_LOG_LENGTH):
    """The latest ``limit`` readings of the enterprise's detailed report, newest first."""
    return db.session.scalars(views_statement(enterprise).order_by(ReportView.id.desc()).limit(limit)).all()


# --- report PDFs ---------------------------------------------------------------------------------------

def issue_report(reader, credit_code, language):
    """Issue a credit report PDF of the enterprise with ``credit_code`` as it stands now; rendered off the request path.

    The report states the enterprise's current snapshot (one is made first for an enterprise never
    scored). :raise Forbidden: for a reader without access. :raise NotScored: when no score can be had.
    """
    with transaction() as session:
        subject = enterprise_by_code(credit_code)
        granted = access_of(reader, subject)
        standing = grading.standing_of(subject)
        snapshot = standing.snapshot if standing is not None else grading.rescore(subject, "report")
        if snapshot is None:
            raise NotScored(_("%(name)s has no credit score yet, so no report can be issued.",
                              name=enterprise_name(subject)))
        report = CreditReport(number=content.report_number(shanghai_day(), secrets.token_bytes(5)),
                              enterprise_id=subject.id, snapshot_id=snapshot.id, model_version=snapshot.model_version,
                              language="en" if str(language).startswith("en") else "zh",
                              issued_by_id=reader.user.id, issued_at=utcnow(), status=PENDING)
        session.add(report)
        session.flush()
        record("credit.report_issued", actor=reader.user.public_id, enterprise=subject.public_id,
               target=report.number, after={"capacity": granted.capacity, "snapshot": snapshot.id,
                                            "model_version": snapshot.model_version})
    return report


def reports_for(reader, subject, limit=10):
    """The latest reports about ``subject`` the reader may fetch: all of them for the enterprise itself and
    oversight, a counterparty's own otherwise."""
    statement = select(CreditReport).where(CreditReport.enterprise_id == subject.id)
    if access_of(reader, subject).capacity == access.AUTHORISED:
        statement = statement.where(CreditReport.issued_by_id == reader.user.id)
    return db.session.scalars(statement.order_by(CreditReport.id.desc()).limit(limit)).all()


def reports_about(reader, credit_code, limit=50):
    """The reports about the enterprise with ``credit_code`` the reader may fetch (see ``reports_for``)."""
    return reports_for(reader, enterprise_by_code(credit_code), limit)


def issued_report(reader, credit_code, number):
    """Report ``number`` about the enterprise with ``credit_code``, where it stands; reading its status is no view.

    :raise NotFound: for no such report of that enterprise. :raise Forbidden: for a reader without access.
    """
    subject = enterprise_by_code(credit_code)
    access_of(reader, subject)
    return _report_of(subject, number)


def _report_of(subject, number):
    report = db.session.scalar(select(CreditReport).where(
        CreditReport.number == content.normalised_number(number)[:32], CreditReport.enterprise_id == subject.id))
    if report is None:
        raise NotFound(_("There is no such credit report."))
    return report


def report_pdf(reader, credit_code, number):
    """``(report, its PDF or None until ready)`` of report ``number`` about the enterprise with ``credit_code``.

    Fetching a ready PDF is a view of the detailed report, logged with the reader's capacity.

    :raise NotFound: for no such report of that enterprise. :raise Forbidden: for a reader without access.
    """
    with transaction():
        subject = enterprise_by_code(credit_code)
        granted = access_of(reader, subject)
        report = _report_of(subject, number)
        pdf = None
        if report.status == READY:
            _log_view(reader, subject, granted, PDF)
            pdf = report.content
    return report, pdf


def render_pending(limit=RENDERS_PER_PASS):
    """Render up to ``limit`` pending reports, oldest first. :return: how many were rendered.

    A missing font is logged and the reports wait for it; one report's own failure is kept on it.
    """
    waiting = db.session.scalars(select(CreditReport.public_id).where(CreditReport.status == PENDING)
                                 .order_by(CreditReport.id).limit(limit)).all()
    rendered = 0
    for public_id in waiting:
        try:
            report = render(public_id)
        except rendering.FontMissing as missing:
            log.error("credit reports wait: %s", missing)
            db.session.rollback()
            return rendered
        rendered += report is not None and report.status == READY
    return rendered


def render(public_id):
    """Render one pending report in its own transaction, its row locked meanwhile; a ready one is left alone.

    :return: the report, or None while another renderer holds it.
    """
    with transaction():
        report = db.session.scalar(select(CreditReport).where(CreditReport.public_id == public_id)
                                   .with_for_update(skip_locked=True).execution_options(populate_existing=True))
        if report is None or report.status != PENDING:
            return report
        try:
            said = report_content(report)
            digest = content.content_sha256(said)
            pdf = rendering.render_pdf(_report_html(report, said, digest))
        except (rendering.FontMissing, SQLAlchemyError):
            raise
        except Exception as error:  # noqa: BLE001 - whatever broke this one report is kept with it
            report.status = FAILED
            log.warning("credit report %s failed: %s: %s", report.number, type(error).__name__, error)
            record("credit.report_failed", actor="system", target=report.number,
                   after={"error": f"{type(error).__name__}: {error}"[:500]})
            return report
        report.content, report.content_sha256 = pdf, digest
        report.file_sha256 = hashlib.sha256(pdf).hexdigest()
        report.status = READY
        record("credit.report_rendered", actor="system", enterprise=report.enterprise.public_id,
               target=report.number, after={"content_sha256": digest, "file_sha256": report.file_sha256})
    return report


def report_content(report):
    """What the report says, as JSON values: the subject, the snapshot reported and the entries a counterparty sees."""
    subject = report.enterprise
    snapshot = db.session.get(ScoreSnapshot, report.snapshot_id)
    return {
        "number": report.number,
        "issued_at": report.issued_at.astimezone(UTC).isoformat(timespec="seconds"),
        "subject": {"credit_code": subject.credit_code, "name_zh": subject.name_zh, "name_en": subject.name_en},
        "model_version": snapshot.model_version, "score": snapshot.score, "grade": snapshot.grade,
        "override": snapshot.override, "as_of": snapshot.as_of.astimezone(UTC).isoformat(timespec="seconds"),
        "points": points_of(snapshot),
        "reasons": [{key: reason[key] for key in ("code", "polarity", "text_en", "text_zh")}
                    for reason in reasons_of(snapshot)],
        "entries": [_entry_content(entry) for entry in credit_file.entries_of(subject, PDF_AUDIENCE)],
    }


def _entry_content(entry):
    def day(value):
        return value.isoformat() if value else None

    return {"entry": entry.public_id, "kind": entry.kind, "severity": entry.severity,
            "decided_on": day(entry.decided_on), "authority": entry.authority,
            "decision_number": entry.decision_number, "title": entry.title, "valid_until": day(entry.valid_until),
            "publicity_until": day(entry.publicity_max_until), "contested": bool(entry.contested)}


def verification_url(number):
    """The public verification page of report ``number``, at the platform's public address."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return url_for("credit_reports.verify", number=number, _external=True)


def _report_html(report, said, digest):
    """The report's HTML, made inside a request to PUBLIC_URL (the templates' context expects one)."""
    link = verification_url(report.number)
    issued = report.issued_at.astimezone(SHANGHAI)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return render_template(
            "credit/reports/report_pdf.html", document_number=report.number, report=said, content_sha256=digest,
            verification_url=link, qr_data_uri=segno.make(link, error="m").png_data_uri(scale=3),
            issued_on=issued.strftime("%Y-%m-%d"), issued_at=issued.strftime("%Y-%m-%d %H:%M (UTC+8)"),
            as_of=datetime.fromisoformat(said["as_of"]).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M (UTC+8)"))


# --- verification --------------------------------------------------------------------------------------

def verify(number, upload=None):
    """Check report ``number`` (and an uploaded copy, if given) and log the check.

    Outcomes: ``unknown`` (no ready report has that number), ``altered`` (the upload's SHA-256 is not
    the issued file's), ``superseded`` (genuine, but a newer report of the enterprise exists),
    ``genuine``. Asking without a file checks the number alone.
    """
    given = hashlib.sha256(upload).hexdigest() if upload is not None else None
    with transaction() as session:
        verification = verification_of(number, given)
        session.add(ReportCheck(report_id=verification.report.id if verification.report else None,
                                number=verification.number, outcome=verification.outcome, sha256_given=given))
    return verification


def verification_of(number, given_sha256=None):
    """What checking ``number`` (against a file's SHA-256, if given) finds, without logging it."""
    number = content.normalised_number(number)[:32]
    report = db.session.scalar(select(CreditReport).where(CreditReport.number == number,
                                                          CreditReport.status == READY))
    if report is None:
        return Verification(number, UNKNOWN, uploaded_sha256=given_sha256)
    superseded = db.session.scalar(select(func.count()).where(
        CreditReport.enterprise_id == report.enterprise_id, CreditReport.id > report.id,
        CreditReport.status != FAILED)) > 0
    if given_sha256 is not None and given_sha256 != report.file_sha256:
        outcome = ALTERED
    else:
        outcome = SUPERSEDED if superseded else GENUINE
    grade = db.session.get(ScoreSnapshot, report.snapshot_id).grade
    return Verification(number, outcome, report, grade, superseded, given_sha256)


def checks_of(reports):
    """``{report id: how many times it was checked}``."""
    ids = [report.id for report in reports]
    if not ids:
        return {}
    return dict(db.session.execute(select(ReportCheck.report_id, func.count()).where(ReportCheck.report_id.in_(ids))
                                   .group_by(ReportCheck.report_id)).all())
