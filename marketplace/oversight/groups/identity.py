"""Identity numbers of the parties behind enterprises: checked, keyed and masked, never kept in clear.

Pure: no Flask, no database. Two registrations of one number (with spaces, dashes, a lower-case
``x`` or full-width digits) share one key, so the same person behind two enterprises is found.
"""
import hashlib
import re
import unicodedata

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

RESIDENT_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
MIN_DOCUMENT_LENGTH = 6
MAX_DOCUMENT_LENGTH = 30


def normalise_identifier(number):
    """Upper case, full-width folded, without spaces or dashes: the form two registrations of one number share."""
    folded = unicodedata.normalize("NFKC", number or "")
    return "".join(ch for ch in folded if ch.isalnum()).upper()


def identity_key(number):
    """The SHA-256 (hex) of a normalised identity number; "" for an empty one, so blanks never link."""
    normal = normalise_identifier(number)
    return hashlib.sha256(normal.encode()).hexdigest() if normal else ""


def mask_identifier(number):
    """The number as shown: the first three and the last four characters, the rest starred."""
    normal = normalise_identifier(number)
    if len(normal) <= 7:
        return "*" * len(normal)
    return normal[:3] + "*" * (len(normal) - 7) + normal[-4:]


def identifier_problem(number, party_kind):
    """Why ``number`` cannot identify a party of ``party_kind``, as a code, or None when it can.

    An enterprise is named by its unified social credit code. A person's 18-character number is
    taken for a mainland resident identity card and must pass its check digit and birth date (not
    python-stdnum's register of places, which lacks newer districts such as Binhai New Area, 120116);
    other documents (passports, Hong Kong and Macao permits) only need a plausible length.
    """
    normal = normalise_identifier(number)
    if not normal:
        return "missing"
    if party_kind == "enterprise":
        return None if uscc.is_valid(normal) else "invalid_credit_code"
    if RESIDENT_ID_SHAPE.match(normal):
        return None if _resident_id_checks(normal) else "invalid_resident_id"
    if not MIN_DOCUMENT_LENGTH <= len(normal) <= MAX_DOCUMENT_LENGTH:
        return "implausible_document"
    return None


def _resident_id_checks(normal):
    """The ISO 7064 check character and a real birth date, as ``stdnum.cn.ric`` computes them."""
    try:
        ric.get_birth_date(normal)
    except ValidationError:
        return False
    return ric.calc_check_digit(normal) == normal[-1]
