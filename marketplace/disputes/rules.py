"""When a dispute may be opened, what a decision pays out, who won, and which evidence files are kept.

Pure: no Flask, no database. Amounts are minor units. Refusals carry a code; ``labels`` words them
for people, so the rules can be tested exhaustively without a request.
"""
import enum
import hashlib
import re
import unicodedata
from dataclasses import dataclass


class Reason(enum.StrEnum):
    QUALITY = "quality"
    QUANTITY = "quantity"
    NOT_DELIVERED = "not_delivered"
    WRONG_GOODS = "wrong_goods"
    DAMAGED = "damaged"
    OTHER = "other"


class DisputeStatus(enum.StrEnum):
    OPEN = "open"  # waiting for the seller's answer
    ANSWERED = "answered"  # both sides heard; waiting for the operator
    DECIDED = "decided"


class Decision(enum.StrEnum):
    RELEASE = "release"  # everything held goes to the seller (less the fee)
    REFUND = "refund"  # everything held goes back to the buyer
    SPLIT = "split"  # part back to the buyer, the rest to the seller


class Party(enum.StrEnum):
    BUYER = "buyer"
    SELLER = "seller"


UNDECIDED = frozenset({DisputeStatus.OPEN, DisputeStatus.ANSWERED})

MAX_FILES_PER_PARTY = 10
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILENAME = 200


class Refused(ValueError):
    """A rule said no; ``code`` names which (``labels.refusal`` words it)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


# --- opening -------------------------------------------------------------------------------------

def check_opening(escrow_status, open_windows, goods_to_come, reason):
    """:raise Refused: unless the buyer may open a dispute now.

    ``open_windows`` counts deliveries not yet released whose inspection window has not ended;
    ``goods_to_come`` says whether part of the quantity has not arrived. While any window is open
    every reason may be given; goods shipped and not (all) arrived may only be disputed as not delivered.
    """
    if reason not in set(Reason):
        raise Refused("unknown_reason")
    if escrow_status == "shipped":
        if reason != Reason.NOT_DELIVERED:
            raise Refused("goods_not_arrived")
        return
    if escrow_status != "delivered":
        raise Refused("already_disputed" if escrow_status == "disputed" else "not_disputable")
    if open_windows:
        return
    if goods_to_come and reason == Reason.NOT_DELIVERED:
        return
    raise Refused("window_closed")


# --- deciding ------------------------------------------------------------------------------------

def refund_for(decision, held, refund_minor=None):
    """The part of ``held`` that goes back to the buyer under ``decision``; the seller's side gets the rest.

    :raise Refused: for an unknown decision, or a split that is not strictly between nothing and all.
    """
    if decision == Decision.RELEASE:
        return 0
    if decision == Decision.REFUND:
        return held
    if decision != Decision.SPLIT:
        raise Refused("unknown_decision")
    if refund_minor is None:
        raise Refused("split_needs_amount")
    if not 0 < refund_minor < held:
        raise Refused("split_out_of_range")
    return refund_minor


def outcome_for(party, decision):
    """``"yes"``, ``"no"`` or ``"partly"``: whether ``party`` won, or None while undecided.

    The buyer wins a refund, the seller a release; a split is won partly by both.
    """
    if decision is None:
        return None
    if decision == Decision.SPLIT:
        return "partly"
    won = Decision.REFUND if party == Party.BUYER else Decision.RELEASE
    return "yes" if decision == won else "no"


# --- evidence ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    content_type: str
    extensions: tuple


JPEG = Kind("image/jpeg", (".jpg", ".jpeg"))
PNG = Kind("image/png", (".png",))
WEBP = Kind("image/webp", (".webp",))
PDF = Kind("application/pdf", (".pdf",))
UTF8_TEXT = Kind("text/plain; charset=utf-8", (".txt",))
GB18030_TEXT = Kind("text/plain; charset=gb18030", (".txt",))

# Control characters other than tab, line and page breaks: text files do not hold them, binary files do.
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class EvidenceFile:
    filename: str
    content_type: str
    size: int
    sha256: str


def check_evidence(filename, data, already_from_party=0):
    """What an uploaded file is, judged by its bytes (the name and the stated type are not trusted).

    Pictures (JPEG, PNG, WebP), PDF and plain text (UTF-8 or GB18030) of at most 10 MB pass;
    each party adds at most ten files to a dispute. The name kept is made safe to offer for
    download and ends in the extension of what the file really is.
    :raise Refused: ``empty``, ``too_large``, ``wrong_type`` or ``too_many_files``.
    """
    if already_from_party >= MAX_FILES_PER_PARTY:
        raise Refused("too_many_files")
    if not data:
        raise Refused("empty")
    if len(data) > MAX_FILE_BYTES:
        raise Refused("too_large")
    kind = kind_of(data)
    if kind is None:
        raise Refused("wrong_type")
    return EvidenceFile(safe_filename(filename, kind), kind.content_type, len(data), hashlib.sha256(data).hexdigest())


def kind_of(data):
    """The kind of file by its leading bytes (and, for text, by decoding it whole), or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"%PDF-"):
        return PDF
    for encoding, kind in (("utf-8-sig", UTF8_TEXT), ("gb18030", GB18030_TEXT)):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _BINARY_CONTROLS.search(text):
            return kind
    return None


_REFUSED_BY_FILE_SYSTEMS = frozenset('\\/:*?"<>|')


def base_name(filename):
    """The file's own name without any path, with characters file systems refuse replaced."""
    name = unicodedata.normalize("NFC", str(filename or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch if ch.isprintable() and ch not in _REFUSED_BY_FILE_SYSTEMS else "_" for ch in name)
    return name.strip(" .") or "evidence"


def safe_filename(filename, kind):
    """``base_name``, ending in the extension of ``kind`` (what the file really is), at most MAX_FILENAME long."""
    name = base_name(filename)
    extension = kind.extensions[0]
    if not name.lower().endswith(kind.extensions):
        name += extension
    if len(name) > MAX_FILENAME:
        name = name[:MAX_FILENAME - len(extension)].rstrip(" .") + extension
    return name
