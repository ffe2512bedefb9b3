"""Screening one listing's words against the term lists. Pure: no Flask, no database.

Three lists: ``banned_goods`` (goods that may not be offered at all), ``absolute_terms`` (absolute
advertising claims the Advertising Law forbids: 最佳, 第一, 国家级 …) and ``hazardous_chemicals``
(named by CAS number and names; offering one needs a valid hazardous-chemicals licence in the
seller's credit file). Text is compared after NFKC folding and case folding, so full-width
"ＮＯ．１" or "BEST" are found as "no.1" and "best".
"""
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from stdnum import casrn

BANNED_GOODS = "banned_goods"
ABSOLUTE_TERMS = "absolute_terms"
HAZARDOUS_CHEMICALS = "hazardous_chemicals"
LISTS = (BANNED_GOODS, ABSOLUTE_TERMS, HAZARDOUS_CHEMICALS)

# A licence entry covers hazardous chemicals when its title names them (危险化学品经营许可证 and the like).
LICENCE_MARKERS = ("危险化学品", "hazardous chemical")
_CAS_IN_TEXT = re.compile(r"(?<![\d-])\d{2,7}-\d{2}-\d(?![\d-])")

PASSED = "passed"
FLAGGED = "flagged"


@dataclass(frozen=True)
class Term:
    """One entry of a list; a hazardous chemical's ``term`` is its CAS number, its names are ``aliases``."""

    list_name: str
    term: str
    aliases: tuple = ()


@dataclass(frozen=True)
class ListingText:
    """What a buyer reads of a listing: ``fields`` maps a field name (title, description …) to its text."""

    fields: dict
    attributes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Licence:
    """A licence entry of the seller's credit file: its title and the last day it is valid (None: open-ended)."""

    title: str
    valid_until: date | None = None


@dataclass(frozen=True)
class Finding:
    """A term found: which list, which term, the words that matched and the field they were in."""

    list_name: str
    term: str
    matched: str
    field: str

    def as_record(self):
        return {"list_name": self.list_name, "term": self.term, "matched": self.matched, "field": self.field}


def folded(text):
    """``text`` as compared: NFKC (full-width to half-width) and case-folded."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def is_valid_cas(number):
    """Whether ``number`` is a CAS registry number with a correct check digit."""
    return casrn.is_valid(number or "")


def _words_found(text, words):
    """The longest of ``words`` in ``text``, skipping those inside a longer one found (第一 inside 全国第一)."""
    found = []
    for word in sorted({folded(word) for word in words if word.strip()}, key=len, reverse=True):
        if word in text and not any(word in longer for longer in found):
            found.append(word)
    return found


def _cas_numbers(listing):
    numbers = set()
    for text in listing.fields.values():
        numbers.update(match for match in _CAS_IN_TEXT.findall(folded(text)) if is_valid_cas(match))
    declared = (listing.attributes or {}).get("cas_number")
    if isinstance(declared, str) and is_valid_cas(declared.strip()):
        numbers.add(declared.strip())
    return numbers


def _word_findings(listing, terms, list_name):
    chosen = [term for term in terms if term.list_name == list_name]
    findings = []
    for name, text in sorted(listing.fields.items()):
        folded_text = folded(text)
        for term in chosen:
            for matched in _words_found(folded_text, (term.term, *term.aliases)):
                findings.append(Finding(list_name, term.term, matched, name))
    return _longest_per_field(findings)


def _longest_per_field(findings):
    """Drop a finding whose words lie inside another finding's in the same field (another term's 第一 in 全国第一)."""
    return [one for one in findings if not any(
        other.field == one.field and other.matched != one.matched and one.matched in other.matched
        for other in findings)]


def _chemical_findings(listing, terms):
    numbers = _cas_numbers(listing)
    findings = []
    for term in (term for term in terms if term.list_name == HAZARDOUS_CHEMICALS):
        if term.term in numbers:
            findings.append(Finding(HAZARDOUS_CHEMICALS, term.term, term.term, "cas_number"))
            continue
        named = _word_findings(listing, [Term(HAZARDOUS_CHEMICALS, term.term, term.aliases)], HAZARDOUS_CHEMICALS)
        findings.extend(named[:1])
    return findings


def holds_chemicals_licence(licences, on):
    """Whether one of ``licences`` covers hazardous chemicals and is valid on ``on``."""
    return any(any(marker in folded(licence.title) for marker in LICENCE_MARKERS)
               and (licence.valid_until is None or licence.valid_until >= on) for licence in licences)


def screen(listing, terms, licences=(), on=None):
    """The findings for ``listing`` against ``terms``, in list order; hazardous chemicals only without a valid licence.

    :param on: the day licences must be valid on (required when ``licences`` are given).
    """
    terms = list(terms)
    findings = _word_findings(listing, terms, BANNED_GOODS) + _word_findings(listing, terms, ABSOLUTE_TERMS)
    if not (licences and holds_chemicals_licence(licences, on)):
        findings += _chemical_findings(listing, terms)
    return findings


def verdict(findings):
    """``flagged`` when anything was found, else ``passed``."""
    return FLAGGED if findings else PASSED


def digest(terms):
    """SHA-256 of the lists' content: equal digests mean a screening used the same lists."""
    rows = sorted([term.list_name, folded(term.term), sorted(folded(alias) for alias in term.aliases)]
                  for term in terms)
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def already_cleared(findings, cleared_findings):
    """Whether every finding was among those a reviewer cleared before (the same term in the same field)."""
    cleared = {(one["list_name"], one["term"], one["field"]) for one in cleared_findings}
    return all((one.list_name, one.term, one.field) in cleared for one in findings)
