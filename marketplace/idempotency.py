"""``Idempotency-Key`` for API requests that change state: a retried request gets the first answer.

The key row is written in the same transaction as the work, so a crash leaves neither; two
requests racing with one key meet at the unique index and the loser replays the winner's answer.
"""
import hashlib
import json
from datetime import datetime, timedelta
from functools import wraps

from flask import Response, g, request
from flask_babel import gettext as _
from sqlalchemy import String, Text, UniqueConstraint, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.database import UTCDateTime, transaction, utcnow
from marketplace.errors import DomainError, InvalidInput
from marketplace.extensions import db

HEADER = "Idempotency-Key"
# A key reserved by ``idempotent_in_steps`` whose request has not answered in this long was left by a
# process that died; a retry takes it over.
RESERVATION_EXPIRES = timedelta(minutes=2)


class IdempotencyKey(db.Model):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("owner", "key", name="uq_idempotency_keys_owner_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None]
    content_type: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class _ServerFailure(Exception):
    """Carries a 5xx response out of the transaction so the key is not kept for it."""

    def __init__(self, response):
        self.response = response


def request_fingerprint():
    """Method, path and body. JSON bodies compare by content, not by spacing or key order; multipart
    bodies by their fields and file contents, since every rebuilt request has a new boundary."""
    if request.mimetype == "multipart/form-data":
        body = _multipart_content()
    else:
        raw = request.get_data()
        try:
            body = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode() if raw else b""
        except ValueError:
            body = raw
    return hashlib.sha256(request.method.encode() + b" " + request.path.encode() + b"\n" + body).hexdigest()


def _multipart_content():
    parts = [["field", name, value] for name, value in sorted(request.form.items(multi=True))]
    for name, upload in sorted(request.files.items(multi=True), key=lambda item: item[0]):
        parts.append(["file", name, upload.filename, hashlib.sha256(upload.stream.read()).hexdigest()])
        upload.stream.seek(0)
    return json.dumps(parts, ensure_ascii=False).encode()


def idempotent(view):
    """Make a state-changing API view safe to retry with the same ``Idempotency-Key``."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        _check_length(key)
        owner, fingerprint = g.principal_key, request_fingerprint()
        try:
            with transaction() as session:
                stored = _find(owner, key)
                if stored is None:
                    stored = IdempotencyKey(owner=owner, key=key, fingerprint=fingerprint)
                    session.add(stored)
                    session.flush()
                    response = view(*args, **kwargs)
                    if response.status_code >= 500:
                        raise _ServerFailure(response)
                    stored.status_code = response.status_code
                    stored.content_type = response.content_type
                    stored.body = response.get_data(as_text=True)
                    return response
        except _ServerFailure as failure:
            return failure.response
        except IntegrityError:
            stored = _find(owner, key)
            if stored is None:
                raise
        return _replay(stored, fingerprint)

    return wrapper


def idempotent_in_steps(view):
    """``idempotent`` for views whose service commits its own steps around a call to another system (a
    payment through the gateway): one transaction held across that call would undo the service's record
    of it when the call fails or the process dies, and that record is what recovery reads.

    The key is reserved (committed without an answer) before the view runs outside any transaction;
    its answer is stored afterwards. A retry while the first request runs gets 409; a reservation older
    than ``RESERVATION_EXPIRES`` is taken over, which is safe because such services refuse by their own
    records to do the same work twice. A refusal or a server error frees the key, as ``idempotent`` does.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        _check_length(key)
        owner, fingerprint = g.principal_key, request_fingerprint()
        earlier = _reserve(owner, key, fingerprint)
        if earlier is not None:
            if earlier.status_code is None and earlier.fingerprint == fingerprint:
                raise DomainError(_("A request with this Idempotency-Key is still being handled; ask again in "
                                    "a moment."))
            return _replay(earlier, fingerprint)
        try:
            response = view(*args, **kwargs)
        except BaseException:
            _free(owner, key)
            raise
        if response.status_code >= 500:
            _free(owner, key)
            return response
        with transaction():
            stored = _find(owner, key)
            stored.status_code, stored.content_type = response.status_code, response.content_type
            stored.body = response.get_data(as_text=True)
        return response

    return wrapper


def _check_length(key):
    if not 1 <= len(key) <= 255:
        raise InvalidInput(_("The Idempotency-Key header must be 1 to 255 characters."),
                           {HEADER: [_("Length must be between 1 and 255.")]})


def _reserve(owner, key, fingerprint):
    """None once the key is this request's to run; else the earlier request's row (answered or running)."""
    try:
        with transaction() as session:
            earlier = _find(owner, key)
            if earlier is None:
                session.add(IdempotencyKey(owner=owner, key=key, fingerprint=fingerprint))
                session.flush()
                return None
            if (earlier.status_code is None and earlier.fingerprint == fingerprint
                    and earlier.created_at < utcnow() - RESERVATION_EXPIRES):
                taken = session.execute(update(IdempotencyKey).where(
                    IdempotencyKey.id == earlier.id, IdempotencyKey.created_at == earlier.created_at,
                ).values(created_at=utcnow()).execution_options(synchronize_session=False)).rowcount
                if taken:
                    return None
            return earlier
    except IntegrityError:
        return _find(owner, key)


def _free(owner, key):
    """Let a retry run again after a refusal or a failure (whose own transaction has already ended)."""
    db.session.rollback()
    with transaction() as session:
        session.delete(_find(owner, key))


def _find(owner, key):
    return db.session.scalar(select(IdempotencyKey).where(IdempotencyKey.owner == owner, IdempotencyKey.key == key))


def _replay(stored, fingerprint):
    if stored.fingerprint != fingerprint:
        raise InvalidInput(
            _("This Idempotency-Key was already used with a different request."),
            {HEADER: [_("Use a new key for a different request.")]},
        )
    response = Response(stored.body, status=stored.status_code, content_type=stored.content_type)
    response.headers["Idempotent-Replayed"] = "true"
    return response
