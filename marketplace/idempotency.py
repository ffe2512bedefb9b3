"""``Idempotency-Key`` for API requests that change state: a retried request gets the first answer.

The key row is written in the same transaction as the work, so a crash leaves neither; two
requests racing with one key meet at the unique index and the loser replays the winner's answer.
"""
import hashlib
import json
from datetime import datetime
from functools import wraps

from flask import Response, g, request
from flask_babel import gettext as _
from sqlalchemy import String, Text, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.database import UTCDateTime, transaction, utcnow
from marketplace.errors import InvalidInput
from marketplace.extensions import db

HEADER = "Idempotency-Key"


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
        if not 1 <= len(key) <= 255:
            raise InvalidInput(_("The Idempotency-Key header must be 1 to 255 characters."),
                               {HEADER: [_("Length must be between 1 and 255.")]})
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
