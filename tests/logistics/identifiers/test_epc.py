"""GS1 EPC identifiers: hex, tag URI, pure-identity URI and GS1 Digital Link."""

import pytest
from hypothesis import given, settings, strategies as st

from logistics.identifiers import (
    Epc,
    InvalidIdentifier,
    MalformedEpc,
    UnknownEpc,
    from_digital_link,
    from_hex,
    from_uri,
    grai,
    gs1_check_digit,
    sgln,
    sgtin,
    sscc,
    to_hex,
    with_filter,
)

CANONICAL_HEX = "3074257BF7194E4000001A85"
CANONICAL_TAG = "urn:epc:tag:sgtin-96:3.0614141.812345.6789"
CANONICAL_PURE = "urn:epc:id:sgtin:0614141.812345.6789"
CANONICAL_LINK = "https://id.gs1.org/01/80614141123458/21/6789"

# GS1 AI 82 characters that need no escaping in a URI. Escaped characters (/ % < > ? & ")
# are covered by test_sgtin198_escapes_serial_in_uris: epcpy 0.1.8 mis-validates an escape
# followed by a hex digit (e.g. "/0" -> "%2F0"), a known gap not papered over here.
AI82 = "!'()*+,-.0123456789:;=ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"

prefix_lengths = st.integers(min_value=6, max_value=12)
filters = st.integers(min_value=0, max_value=7)
numeric_serials = st.integers(min_value=0, max_value=2**38 - 1).map(str)
text_serials = st.text(alphabet=AI82, min_size=1, max_size=20)
serials = st.one_of(numeric_serials, text_serials)


def digits(n):
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


@st.composite
def gtins(draw):
    body = draw(digits(13))
    return body + gs1_check_digit(body)


@st.composite
def sgtin_epcs(draw):
    return sgtin(draw(gtins()), draw(serials), draw(prefix_lengths), draw(filters))


@st.composite
def sscc_epcs(draw):
    body = draw(digits(17))
    return sscc(body + gs1_check_digit(body), draw(prefix_lengths), draw(filters))


@st.composite
def sgln_epcs(draw):
    body = draw(digits(12))
    ext = str(draw(st.integers(min_value=0, max_value=2**41 - 1)))
    return sgln(body + gs1_check_digit(body), ext, draw(prefix_lengths), draw(filters))


@st.composite
def grai_epcs(draw):
    body = draw(digits(12))
    serial = str(draw(st.integers(min_value=0, max_value=2**38 - 1)))
    return grai("0" + body + gs1_check_digit(body) + serial, draw(prefix_lengths), draw(filters))


any_epc = st.one_of(sgtin_epcs(), sscc_epcs(), sgln_epcs(), grai_epcs())


# ---------------------------------------------------------------- canonical example


def test_canonical_example_all_forms():
    epc = from_hex(CANONICAL_HEX)
    assert isinstance(epc, Epc)
    assert epc.scheme == "sgtin-96"
    assert epc.filter == 3
    assert (epc.company_prefix, epc.reference, epc.serial) == ("0614141", "812345", "6789")
    assert epc.hex == CANONICAL_HEX
    assert epc.tag_uri == CANONICAL_TAG
    assert epc.pure_identity_uri == CANONICAL_PURE
    assert epc.digital_link == CANONICAL_LINK
    assert epc.gs1_key == "80614141123458"
    assert from_uri(CANONICAL_TAG) == epc
    assert from_uri(CANONICAL_PURE, filter=3) == epc
    assert to_hex(CANONICAL_PURE, filter=3) == CANONICAL_HEX
    assert to_hex(epc) == CANONICAL_HEX
    assert from_digital_link(CANONICAL_LINK, 7, filter=3) == epc
    assert sgtin("80614141123458", "6789", 7, filter=3) == epc


def test_pure_identity_without_filter_has_no_hex():
    epc = from_uri(CANONICAL_PURE)
    assert epc.filter is None and epc.hex is None and epc.tag_uri is None
    assert epc.pure_identity_uri == CANONICAL_PURE
    assert epc.digital_link == CANONICAL_LINK
    with pytest.raises(MalformedEpc, match="filter"):
        to_hex(epc)
    assert to_hex(epc, filter=3) == CANONICAL_HEX
    assert from_digital_link(CANONICAL_LINK, 7) == epc


def test_filter_is_tag_not_identity():
    a = from_hex(CANONICAL_HEX)
    b = with_filter(a, 1)
    assert b.hex.startswith("3034")
    assert b.pure_identity_uri == a.pure_identity_uri
    assert from_hex(b.hex).filter == 1


@pytest.mark.parametrize(
    "raw",
    [
        "3074257bf7194e4000001a85",
        "0x3074257BF7194E4000001A85",
        "  3074 257B F719 4E40 0000 1A85\n",
        "3074257BF7194E4000001A850000",
        "3074257BF7194E4000001A8500000000",
        "0X3074257bf7194e4000001a85 0000",
    ],
)
def test_reader_hex_forms(raw):
    epc = from_hex(raw)
    assert epc.hex == CANONICAL_HEX
    assert epc.tag_uri == CANONICAL_TAG


def test_factory_default_epc_is_unknown_not_error():
    result = from_hex("e2801160600002054cc2096f")
    assert result == UnknownEpc(hex="E2801160600002054CC2096F", header=0xE2)
    assert result.header_hex == "E2"


@pytest.mark.parametrize("header", ["34", "37", "39", "00", "FF"])
def test_unsupported_headers_are_unknown(header):
    result = from_hex(header + "0" * 50)
    assert isinstance(result, UnknownEpc)
    assert result.header == int(header, 16)


@pytest.mark.parametrize(
    "raw, message",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("30G4257BF7194E4000001A85", "non-hex"),
        ("3074257BF7194E4000001A8", "odd"),
        ("3074257BF7194E40", "needs 24 hex digits"),
        ("36", "needs 52 hex digits"),
        ("3074257BF7194E4000001A850001", "not zero padding"),
        ("307C257BF7194E4000001A85", "does not decode"),  # partition 7
    ],
)
def test_malformed_hex_raises_with_message(raw, message):
    with pytest.raises(MalformedEpc, match=message) as info:
        from_hex(raw)
    assert info.value.field == "epc"
    assert isinstance(info.value, InvalidIdentifier)


@pytest.mark.parametrize(
    "uri",
    [
        "urn:epc:id:sgtin:0614141.812345",
        "urn:epc:id:sgtin:0614141.81234.6789",  # 12 digits
        "urn:epc:tag:sgtin-96:3.0614141.812345.A1",
        "urn:epc:tag:sgtin-96:9.0614141.812345.1",
        "urn:epc:tag:giai-96:1.0614141.1",
        "urn:epc:id:sgtin:0614141.812345.a b",
        "not a uri",
    ],
)
def test_malformed_uris(uri):
    with pytest.raises(MalformedEpc):
        from_uri(uri)


def test_wrong_gtin_check_digit():
    with pytest.raises(MalformedEpc, match="expected 8"):
        sgtin("80614141123459", "1", 7)


def test_bad_company_prefix_length():
    with pytest.raises(MalformedEpc, match="6-12"):
        sgtin("80614141123458", "1", 5)


# ---------------------------------------------------------------- SGTIN-96 vs SGTIN-198


@pytest.mark.parametrize(
    "serial, scheme",
    [
        ("0", "sgtin-96"),
        ("6789", "sgtin-96"),
        (str(2**38 - 1), "sgtin-96"),
        (str(2**38), "sgtin-198"),
        ("007", "sgtin-198"),
        ("AB-12", "sgtin-198"),
    ],
)
def test_sgtin_scheme_choice(serial, scheme):
    epc = sgtin("80614141123458", serial, 7)
    assert epc.scheme == scheme
    assert len(epc.hex) == (24 if scheme == "sgtin-96" else 52)
    assert from_hex(epc.hex) == epc


def test_sgtin198_escapes_serial_in_uris():
    epc = sgtin("80614141123458", "A/B%c<>?&\"", 7, filter=1)
    assert epc.scheme == "sgtin-198"
    assert epc.serial == "A/B%c<>?&\""
    assert epc.pure_identity_uri == "urn:epc:id:sgtin:0614141.812345.A%2FB%25c%3C%3E%3F%26%22"
    assert epc.tag_uri == "urn:epc:tag:sgtin-198:1.0614141.812345.A%2FB%25c%3C%3E%3F%26%22"
    assert from_hex(epc.hex) == epc
    assert from_uri(epc.pure_identity_uri, filter=1) == epc
    assert from_digital_link(epc.digital_link, 7, filter=1) == epc


# ---------------------------------------------------------------- other schemes


def test_sscc_sgln_grai_examples():
    s = sscc("106141412345678908", 7)
    assert s.pure_identity_uri == "urn:epc:id:sscc:0614141.1234567890"
    assert s.tag_uri == "urn:epc:tag:sscc-96:0.0614141.1234567890"
    assert s.digital_link == "https://id.gs1.org/00/106141412345678908"
    assert s.serial is None
    g = sgln("0614141123452", "5678", 7)
    assert g.pure_identity_uri == "urn:epc:id:sgln:0614141.12345.5678"
    assert g.digital_link == "https://id.gs1.org/414/0614141123452/254/5678"
    assert sgln("0614141123452", "0", 7).digital_link == "https://id.gs1.org/414/0614141123452"
    a = grai("006141411234525678", 7)
    assert a.pure_identity_uri == "urn:epc:id:grai:0614141.12345.5678"
    assert a.digital_link == "https://id.gs1.org/8003/006141411234525678"
    for epc in (s, g, a):
        assert from_hex(epc.hex.lower()) == epc
        assert from_uri(epc.tag_uri) == epc


def test_sgln_and_grai_that_need_longer_schemes_are_refused():
    with pytest.raises(MalformedEpc, match="SGLN-195"):
        sgln("0614141123452", "AB", 7)
    with pytest.raises(MalformedEpc, match="GRAI-170"):
        grai("00614141123452X1", 7)


def test_digital_link_errors():
    with pytest.raises(MalformedEpc, match="no serial"):
        from_digital_link("https://id.gs1.org/01/80614141123458", 7)
    with pytest.raises(MalformedEpc, match="no GS1 key"):
        from_digital_link("https://example.com/products/1", 7)
    with pytest.raises(MalformedEpc, match="check digit"):
        from_digital_link("https://id.gs1.org/00/106141412345678909", 7)


def test_digital_link_with_custom_domain_and_query():
    epc = from_digital_link("https://trace.binhai.example/p/01/80614141123458/21/6789?lang=zh", 7, 3)
    assert epc.hex == CANONICAL_HEX


# ---------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None)
@given(any_epc)
def test_hex_round_trip(epc):
    assert from_hex(epc.hex) == epc
    assert from_hex(epc.hex.lower() + "0000") == epc


@settings(max_examples=200, deadline=None)
@given(any_epc)
def test_pure_identity_with_filter_round_trip(epc):
    pure = from_uri(epc.pure_identity_uri)
    assert pure.filter is None and pure.hex is None
    assert to_hex(pure, filter=epc.filter) == epc.hex
    assert from_uri(epc.pure_identity_uri, filter=epc.filter) == epc
    assert from_uri(epc.tag_uri) == epc


@settings(max_examples=200, deadline=None)
@given(gtins(), serials, prefix_lengths, filters)
def test_sgtin_scheme_choice_property(gtin, serial, cpl, f):
    epc = sgtin(gtin, serial, cpl, f)
    fits = serial.isdigit() and (serial == "0" or serial[0] != "0") and int(serial) < 2**38
    assert epc.scheme == ("sgtin-96" if fits else "sgtin-198")
    assert epc.serial == serial
    assert epc.gs1_key == gtin
    assert from_hex(epc.hex) == epc


@settings(max_examples=200, deadline=None)
@given(any_epc, prefix_lengths)
def test_digital_link_round_trip(epc, _unused):
    cpl = len(epc.company_prefix)
    back = from_digital_link(epc.digital_link, cpl)
    assert back.pure_identity_uri == epc.pure_identity_uri
    assert from_digital_link(epc.digital_link, cpl, filter=epc.filter) == epc


@settings(max_examples=100, deadline=None)
@given(gtins(), serials, prefix_lengths)
def test_digital_link_shape(gtin, serial, cpl):
    epc = sgtin(gtin, serial, cpl)
    assert epc.digital_link.startswith(f"https://id.gs1.org/01/{gtin}/21/")
    assert from_uri(epc.pure_identity_uri).digital_link == epc.digital_link
