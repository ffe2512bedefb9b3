"""GS1 EPC identifiers: hex ↔ tag URI ↔ pure-identity URI ↔ GS1 Digital Link.

Supported binary schemes: SGTIN-96, SGTIN-198, SSCC-96, SGLN-96, GRAI-96. ``epcpy`` does
the bit work; this module adds the filter value read from the bits, percent-escaping of
serials in pure-identity URIs, GS1 check digits (``stdnum.ean``), reader-style hex
normalisation and the Digital Link form. Pure module: no Flask, no database.

A tag with an unknown or unsupported header (e.g. a factory-default ``E280…`` EPC) gives an
:class:`UnknownEpc` value, not an exception, so callers can store it raw and flag it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Union
from urllib.parse import quote, unquote, urlsplit

from epcpy.epc_schemes.grai import GRAI, GRAIFilterValue
from epcpy.epc_schemes.sgln import SGLN, SGLNFilterValue
from epcpy.epc_schemes.sgtin import SGTIN, SGTINFilterValue
from epcpy.epc_schemes.sscc import SSCC, SSCCFilterValue
from epcpy.utils.common import ConvertException, replace_uri_escapes, revert_uri_escapes
from stdnum import ean as _gs1

from logistics.identifiers.transport import InvalidIdentifier
from logistics.messages import message

__all__ = [
    "Epc",
    "UnknownEpc",
    "MalformedEpc",
    "from_hex",
    "from_uri",
    "from_digital_link",
    "to_hex",
    "with_filter",
    "sgtin",
    "sscc",
    "sgln",
    "grai",
    "gs1_check_digit",
    "DIGITAL_LINK_BASE",
]

DIGITAL_LINK_BASE = "https://id.gs1.org"

SGTIN96_MAX_SERIAL = 2**38 - 1
GRAI96_MAX_SERIAL = 2**38 - 1
SGLN96_MAX_EXTENSION = 2**41 - 1


class MalformedEpc(InvalidIdentifier):
    """Input that cannot be an EPC at all (bad hex, truncated, bad URI, bad check digit)."""

    def __init__(self, text: str) -> None:
        super().__init__("epc", text)


@dataclass(frozen=True)
class UnknownEpc:
    """A read whose header is not one we decode; keep ``hex`` raw and flag it."""

    hex: str
    header: int

    @property
    def header_hex(self) -> str:
        return f"{self.header:02X}"


@dataclass(frozen=True)
class Epc:
    """One EPC in all its forms.

    ``reference`` is the item reference (with indicator digit) for SGTIN, the serial reference
    (with extension digit) for SSCC, the location reference for SGLN and the asset type for
    GRAI. ``serial`` is the raw (unescaped) serial, the SGLN extension, or None for SSCC.
    ``filter``, ``hex`` and ``tag_uri`` are None for a pure identity read without a filter.
    """

    scheme: str  # binary coding scheme: sgtin-96, sgtin-198, sscc-96, sgln-96, grai-96
    filter: Optional[int]
    company_prefix: str
    reference: str
    serial: Optional[str]
    hex: Optional[str]
    tag_uri: Optional[str]
    pure_identity_uri: str
    digital_link: str

    @property
    def kind(self) -> str:
        """The EPC scheme without the bit length: sgtin, sscc, sgln, grai."""
        return self.scheme.split("-")[0]

    @property
    def gs1_key(self) -> str:
        """GTIN-14, SSCC-18, GLN-13 or GRAI (14 digits with leading 0 + serial)."""
        return _gs1_key(self.kind, self.company_prefix, self.reference, self.serial)


# ---------------------------------------------------------------- schemes

# header byte → (binary coding scheme, bit length, epcpy class, filter enum)
_HEADERS = {
    0x30: ("sgtin-96", 96, SGTIN, SGTINFilterValue),
    0x36: ("sgtin-198", 198, SGTIN, SGTINFilterValue),
    0x31: ("sscc-96", 96, SSCC, SSCCFilterValue),
    0x32: ("sgln-96", 96, SGLN, SGLNFilterValue),
    0x33: ("grai-96", 96, GRAI, GRAIFilterValue),
}
_BY_SCHEME = {v[0]: v for v in _HEADERS.values()}
_CLASSES = {"sgtin": SGTIN, "sscc": SSCC, "sgln": SGLN, "grai": GRAI}


def _hex_len(bits: int) -> int:
    """Hex digits of a scheme padded to whole 16-bit words (96 → 24, 198 → 52)."""
    return -(-bits // 16) * 4


def gs1_check_digit(digits: str) -> str:
    """GS1 mod-10 check digit of ``digits`` (GTIN, SSCC, GLN, GRAI body), via python-stdnum."""
    return _gs1.calc_check_digit(digits)


def _numeric_fits(value: Optional[str], maximum: int) -> bool:
    return (
        value is not None
        and value.isascii()
        and value.isdigit()
        and (value == "0" or not value.startswith("0"))
        and int(value) <= maximum
    )


def _gs1_key(kind: str, cp: str, ref: str, serial: Optional[str]) -> str:
    if kind == "sgtin":
        body = ref[0] + cp + ref[1:]
        return body + gs1_check_digit(body)
    if kind == "sscc":
        body = ref[0] + cp + ref[1:]
        return body + gs1_check_digit(body)
    if kind == "sgln":
        body = cp + ref
        return body + gs1_check_digit(body)
    if kind == "grai":
        body = cp + ref
        return "0" + body + gs1_check_digit(body) + (serial or "")
    raise MalformedEpc(message("unsupported EPC scheme %(kind)r", kind=kind))


def _digital_link(kind: str, cp: str, ref: str, serial: Optional[str]) -> str:
    key = _gs1_key(kind, cp, ref, serial)
    if kind == "sgtin":
        return f"{DIGITAL_LINK_BASE}/01/{key}/21/{quote(serial, safe='')}"
    if kind == "sscc":
        return f"{DIGITAL_LINK_BASE}/00/{key}"
    if kind == "sgln":
        # TDS: extension 0 is the GLN with no AI 254
        if serial == "0":
            return f"{DIGITAL_LINK_BASE}/414/{key}"
        return f"{DIGITAL_LINK_BASE}/414/{key}/254/{quote(serial, safe='')}"
    body = key[:14]
    return f"{DIGITAL_LINK_BASE}/8003/{body}{quote(serial or '', safe='')}"


def _choose_scheme(kind: str, serial: Optional[str]) -> str:
    if kind == "sgtin":
        return "sgtin-96" if _numeric_fits(serial, SGTIN96_MAX_SERIAL) else "sgtin-198"
    if kind == "sscc":
        return "sscc-96"
    if kind == "sgln":
        if not _numeric_fits(serial, SGLN96_MAX_EXTENSION):
            raise MalformedEpc(
                message("SGLN extension %(serial)r does not fit SGLN-96 (numeric, no leading zeros, "
                        "< 2^41); SGLN-195 is not supported", serial=serial)
            )
        return "sgln-96"
    if kind == "grai":
        if not _numeric_fits(serial, GRAI96_MAX_SERIAL):
            raise MalformedEpc(
                message("GRAI serial %(serial)r does not fit GRAI-96 (numeric, no leading zeros, "
                        "< 2^38); GRAI-170 is not supported", serial=serial)
            )
        return "grai-96"
    raise MalformedEpc(message("unsupported EPC scheme %(kind)r", kind=kind))


def _check_filter(value) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 7:
        raise MalformedEpc(message("filter value must be an integer 0-7, got %(value)r", value=value))
    return value


def _make(
    kind: str,
    cp: str,
    ref: str,
    serial: Optional[str],
    filter: Optional[int],
    scheme: Optional[str] = None,
) -> Epc:
    """Build an Epc from components (serial raw, unescaped). Validates through epcpy."""
    filter = _check_filter(filter)
    scheme = scheme or _choose_scheme(kind, serial)
    name, _bits, cls, filter_enum = _BY_SCHEME[scheme]
    if kind == "sscc":
        pure = f"urn:epc:id:sscc:{cp}.{ref}"
    else:
        pure = f"urn:epc:id:{kind}:{cp}.{ref}.{revert_uri_escapes(serial)}"
    try:
        obj = cls(pure)
    except (ConvertException, ValueError) as exc:
        msg = getattr(exc, "message", "") or str(exc) or "rejected by epcpy"
        raise MalformedEpc(message("invalid %(kind)s %(uri)s: %(reason)s",
                                   kind=kind.upper(), uri=pure, reason=msg)) from exc
    hex_value = tag_uri = None
    if filter is not None:
        coding = cls.BinaryCodingScheme[name.upper().replace("-", "_")]
        fv = filter_enum(str(filter))
        try:
            tag_uri = obj.tag_uri(binary_coding_scheme=coding, filter_value=fv)
            hex_value = obj.hex(binary_coding_scheme=coding, filter_value=fv)
        except ConvertException as exc:
            raise MalformedEpc(message("cannot encode %(uri)s as %(scheme)s: %(reason)s", uri=pure, scheme=name,
                                           reason=str(exc.message or exc))) from exc
        hex_value = hex_value.upper().zfill(_hex_len(_bits))
    return Epc(
        scheme=name,
        filter=filter,
        company_prefix=cp,
        reference=ref,
        serial=serial,
        hex=hex_value,
        tag_uri=tag_uri,
        pure_identity_uri=pure,
        digital_link=_digital_link(kind, cp, ref, serial),
    )


# ---------------------------------------------------------------- hex

_HEX_NOISE = re.compile(r"[\s_:\-]+")


def normalise_hex(text: str) -> str:
    """Upper-case hex without 0x prefix or whitespace; MalformedEpc if not even-length hex."""
    if not isinstance(text, str):
        raise MalformedEpc(message("EPC hex must be text"))
    value = _HEX_NOISE.sub("", text)
    if value[:2].lower() == "0x":
        value = value[2:]
    if not value:
        raise MalformedEpc(message("EPC hex is empty"))
    if not re.fullmatch(r"[0-9A-Fa-f]+", value):
        bad = next(c for c in value if c not in "0123456789abcdefABCDEF")
        raise MalformedEpc(message("EPC hex contains a non-hex character %(character)r", character=bad))
    if len(value) % 2:
        raise MalformedEpc(message("EPC hex has an odd number of digits (%(count)s)", count=len(value)))
    return value.upper()


def from_hex(text: str) -> Union[Epc, UnknownEpc]:
    """Decode EPC memory as a reader reports it.

    Accepts either case, an optional ``0x``, whitespace, and trailing zero words beyond the
    scheme's length. Unknown/unsupported headers give :class:`UnknownEpc`; malformed input
    raises :class:`MalformedEpc`.
    """
    value = normalise_hex(text)
    header = int(value[:2], 16)
    if header not in _HEADERS:
        return UnknownEpc(hex=value, header=header)
    name, bits, cls, _ = _HEADERS[header]
    kind = name.split("-")[0]
    need = _hex_len(bits)
    if len(value) < need:
        raise MalformedEpc(
            message("%(scheme)s needs %(need)s hex digits (%(bits)s bits), got %(count)s",
                    scheme=name.upper(), need=need, bits=bits, count=len(value))
        )
    if value[need:].strip("0"):
        raise MalformedEpc(
            message("data after the %(bits)s-bit %(scheme)s is not zero padding: %(rest)s",
                    bits=bits, scheme=name.upper(), rest=value[need:])
        )
    value = value[:need]
    binary = f"{int(value, 16):0{need * 4}b}"
    filter_value = int(binary[8:11], 2)
    try:
        obj = cls.from_binary(binary)
    except (ConvertException, ValueError, KeyError, IndexError) as exc:
        msg = getattr(exc, "message", "") or str(exc)
        raise MalformedEpc(message("%(scheme)s %(hex)s does not decode: %(reason)s",
                                   scheme=name.upper(), hex=value, reason=msg)) from exc
    cp, ref, serial = _split_pure(obj.epc_uri)
    epc = _make(kind, cp, ref, serial, filter_value, scheme=name)
    if epc.hex != value:
        raise MalformedEpc(message("%(scheme)s %(hex)s is not a canonical encoding (expected %(expected)s)",
                                   scheme=name.upper(), hex=value, expected=epc.hex))
    return epc


# ---------------------------------------------------------------- URIs

_PURE = re.compile(r"urn:epc:id:(sgtin|sscc|sgln|grai):(.+)", re.IGNORECASE)
_TAG = re.compile(r"urn:epc:tag:([a-z]+-[0-9]+):([0-7])\.(.+)", re.IGNORECASE)


def _split_pure(pure: str):
    kind, rest = pure.split(":", 4)[3:5]
    parts = rest.split(".", 2)
    if kind == "sscc":
        if len(parts) != 2:
            raise MalformedEpc(message("%(uri)s: an SSCC URI has company prefix and serial reference", uri=pure))
        return parts[0], parts[1], None
    if len(parts) != 3:
        raise MalformedEpc(message("%(uri)s: expected company prefix, reference and serial", uri=pure))
    return parts[0], parts[1], replace_uri_escapes(parts[2])


def from_uri(text: str, filter: Optional[int] = None) -> Epc:
    """Parse a tag URI (``urn:epc:tag:sgtin-96:3.…``) or a pure-identity URI (``urn:epc:id:…``).

    A pure identity has no filter: pass ``filter`` to get hex and tag URI, otherwise they are
    None. For a tag URI, ``filter`` (if given) must agree with the URI's.
    """
    if not isinstance(text, str):
        raise MalformedEpc(message("EPC URI must be text"))
    uri = text.strip()
    m = _TAG.fullmatch(uri)
    if m:
        scheme, tag_filter, rest = m.group(1).lower(), int(m.group(2)), m.group(3)
        if scheme not in _BY_SCHEME:
            raise MalformedEpc(message("unsupported EPC tag scheme %(scheme)r", scheme=scheme))
        if filter is not None and filter != tag_filter:
            raise MalformedEpc(message("tag URI has filter %(found)s, not %(wanted)s", found=tag_filter, wanted=filter))
        kind = scheme.split("-")[0]
        cp, ref, serial = _split_pure(f"urn:epc:id:{kind}:{rest}")
        if scheme == "sgtin-96" and not _numeric_fits(serial, SGTIN96_MAX_SERIAL):
            raise MalformedEpc(message("serial %(serial)r does not fit SGTIN-96", serial=serial))
        return _make(kind, cp, ref, serial, tag_filter, scheme=scheme)
    m = _PURE.fullmatch(uri)
    if m:
        kind = m.group(1).lower()
        cp, ref, serial = _split_pure(f"urn:epc:id:{kind}:{m.group(2)}")
        return _make(kind, cp, ref, serial, filter)
    raise MalformedEpc(message("%(text)r is not an EPC tag URI or pure-identity URI", text=text))


def with_filter(epc: Epc, filter: int) -> Epc:
    """The same identity with a (new) filter value, hence hex and tag URI."""
    return _make(epc.kind, epc.company_prefix, epc.reference, epc.serial, filter, scheme=epc.scheme)


def to_hex(epc: Union[Epc, str], filter: Optional[int] = None) -> str:
    """Hex of an Epc or URI; ``filter`` is required when the EPC has none (pure identity)."""
    if isinstance(epc, str):
        epc = from_uri(epc)
    if filter is None:
        if epc.hex is None:
            raise MalformedEpc(message("%(uri)s has no filter value; pass filter=0..7", uri=epc.pure_identity_uri))
        return epc.hex
    return with_filter(epc, filter).hex


# ---------------------------------------------------------------- GS1 keys and builders


def _digits(value: str, field: str, lengths) -> str:
    if not isinstance(value, str):
        value = str(value)
    value = re.sub(r"\s+", "", value)
    if not (value.isascii() and value.isdigit()):
        raise MalformedEpc(message("%(field)s %(value)r must be digits", field=field, value=value))
    if len(value) not in lengths:
        raise MalformedEpc(message("%(field)s %(value)r has %(count)s digits; expected %(lengths)s", field=field,
                                   value=value, count=len(value), lengths=" or ".join(map(str, lengths))))
    return value


def _verify_check(value: str, field: str) -> None:
    expected = gs1_check_digit(value[:-1])
    if value[-1] != expected:
        raise MalformedEpc(message("%(field)s %(value)s has a wrong check digit: expected %(expected)s, got %(got)s",
                                   field=field, value=value, expected=expected, got=value[-1]))


def _prefix_length(n) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or not 6 <= n <= 12:
        raise MalformedEpc(message("GS1 company prefix length must be 6-12, got %(length)r", length=n))
    return n


def _sgtin_parts(gtin: str, cpl: int):
    gtin = _digits(gtin, "GTIN", (8, 12, 13, 14)).zfill(14)
    _verify_check(gtin, "GTIN")
    cpl = _prefix_length(cpl)
    return gtin[1 : 1 + cpl], gtin[0] + gtin[1 + cpl : 13]


def sgtin(gtin: str, serial, company_prefix_length: int, filter: Optional[int] = 1) -> Epc:
    """SGTIN from a GTIN (8/12/13/14 digits, check digit verified) and a serial.

    SGTIN-96 when the serial is numeric, without leading zeros and < 2^38, else SGTIN-198.
    """
    cp, ref = _sgtin_parts(gtin, company_prefix_length)
    serial = str(serial)
    return _make("sgtin", cp, ref, serial, filter)


def sscc(code: str, company_prefix_length: int, filter: Optional[int] = 0) -> Epc:
    """SSCC-96 from an 18-digit SSCC (check digit verified)."""
    code = _digits(code, "SSCC", (18,))
    _verify_check(code, "SSCC")
    cpl = _prefix_length(company_prefix_length)
    return _make("sscc", code[1 : 1 + cpl], code[0] + code[1 + cpl : 17], None, filter)


def sgln(gln: str, extension="0", company_prefix_length: int = 7, filter: Optional[int] = 0) -> Epc:
    """SGLN-96 from a 13-digit GLN (check digit verified) and a numeric extension."""
    gln = _digits(gln, "GLN", (13,))
    _verify_check(gln, "GLN")
    cpl = _prefix_length(company_prefix_length)
    return _make("sgln", gln[:cpl], gln[cpl:12], str(extension), filter)


def grai(code: str, company_prefix_length: int, filter: Optional[int] = 0) -> Epc:
    """GRAI-96 from the AI 8003 value: ``0`` + 13 digits with check digit, then the serial."""
    code = re.sub(r"\s+", "", str(code))
    if len(code) < 15 or not code[:14].isdigit() or not code.startswith("0"):
        raise MalformedEpc(
            message("GRAI %(code)r must be '0', 13 digits with check digit, then a serial (AI 8003)", code=code)
        )
    body, serial = code[1:14], code[14:]
    _verify_check(body, "GRAI")
    cpl = _prefix_length(company_prefix_length)
    return _make("grai", body[:cpl], body[cpl:12], serial, filter)


def from_digital_link(url: str, company_prefix_length: int, filter: Optional[int] = None) -> Epc:
    """GS1 Digital Link (any host) → Epc (pure identity unless ``filter`` is given).

    Supports ``/01/<GTIN>/21/<serial>``, ``/00/<SSCC>``, ``/414/<GLN>[/254/<ext>]`` and
    ``/8003/<GRAI>``. The company prefix length is the enterprise's recorded one.
    """
    if not isinstance(url, str):
        raise MalformedEpc(message("Digital Link must be text"))
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise MalformedEpc(message("%(url)r is not an http(s) GS1 Digital Link", url=url))
    segs = [s for s in parts.path.split("/") if s]
    # keep only the primary key and its qualifiers (a custom path prefix may come first)
    for i, seg in enumerate(segs):
        if seg in ("01", "00", "414", "8003"):
            segs = segs[i:]
            break
    else:
        raise MalformedEpc(message("%(url)r has no GS1 key (01, 00, 414 or 8003)", url=url))
    ai = segs[0]
    pairs = dict(zip(segs[2::2], (unquote(s) for s in segs[3::2])))
    if len(segs) < 2:
        raise MalformedEpc(message("%(url)r: AI %(ai)s has no value", url=url, ai=ai))
    key = unquote(segs[1])
    if ai == "01":
        if "21" not in pairs:
            raise MalformedEpc(message("%(url)r has a GTIN but no serial (/21/…); an EPC needs one", url=url))
        return sgtin(key, pairs["21"], company_prefix_length, filter)
    if ai == "00":
        return sscc(key, company_prefix_length, filter)
    if ai == "414":
        return sgln(key, pairs.get("254", "0"), company_prefix_length, filter)
    return grai(key, company_prefix_length, filter)
