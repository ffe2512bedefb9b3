"""Outgoing mail. Embedded default: each message is a file in ``instance/mail-outbox`` and a log line."""
import logging
import smtplib
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlparse

from flask import current_app

from marketplace.database import after_commit, new_public_id, utcnow

log = logging.getLogger(__name__)


def send_after_commit(to, subject, body):
    """Send only once the change that caused the mail is committed; a rolled-back change sends nothing."""
    app = current_app._get_current_object()
    message = EmailMessage()
    message["From"] = app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    after_commit(lambda: _deliver(app, message))


def _deliver(app, message):
    url = app.config["MAIL_URL"]
    if url is None:
        outbox = Path(app.instance_path) / "mail-outbox"
        outbox.mkdir(exist_ok=True)
        path = outbox / f"{utcnow():%Y%m%dT%H%M%S%f}-{new_public_id('msg')}.eml"  # names sort by time
        path.write_bytes(bytes(message))
        log.info("mail to %s (%s) written to %s\n%s", message["To"], message["Subject"], path,
                 message.get_content())
        return
    parsed = urlparse(url)
    smtp_class = smtplib.SMTP_SSL if parsed.scheme == "smtps" else smtplib.SMTP
    with smtp_class(parsed.hostname, parsed.port or (465 if parsed.scheme == "smtps" else 587)) as smtp:
        if parsed.scheme == "smtp":
            smtp.starttls()
        if parsed.username:
            smtp.login(unquote(parsed.username), unquote(parsed.password or ""))
        smtp.send_message(message)
