"""Reading what the embedded mailer wrote to ``instance/mail-outbox``, as a person reads mail."""
import re
from email import message_from_bytes, policy
from pathlib import Path


def messages(app):
    outbox = Path(app.instance_path) / "mail-outbox"
    files = sorted(outbox.glob("*.eml")) if outbox.exists() else []
    return [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]


def last_link(app, path_fragment):
    """The secret from the newest mailed link containing ``path_fragment`` (the last URL segment)."""
    for message in reversed(messages(app)):
        match = re.search(r"https?://\S*" + re.escape(path_fragment) + r"(\S+)", message.get_content())
        if match:
            return match.group(1).rstrip("/").split("/")[-1]
    raise AssertionError(f"no mail with a link to {path_fragment}")
