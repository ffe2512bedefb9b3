"""Messages of the pure logistics modules: English as they are, translated where a person reads them,
and found by the catalogue extraction (``pybabel extract -k message``)."""
from babel.messages.extract import extract_from_dir

from logistics.identifiers import InvalidIdentifier, container_number
from logistics.messages import Message, message, said
from marketplace import ROOT
from marketplace.i18n import translated


def test_a_message_reads_as_its_english_text_and_keeps_its_template_and_params():
    text = message("check digit of %(number)s is wrong: expected %(expected)s, got %(got)s",
                   number="CSQU3054384", expected="3", got="4")
    assert text == "check digit of CSQU3054384 is wrong: expected 3, got 4"
    assert isinstance(text, str) and text.template.startswith("check digit of %(number)s")
    assert text.params == {"number": "CSQU3054384", "expected": "3", "got": "4"}
    assert message("100%% of %(what)s", what="reads") == "100% of reads" and message("100% read") == "100% read"
    assert message("is required") == "is required"


def test_an_identifier_error_carries_the_message():
    try:
        container_number("CSQU3054384")
    except InvalidIdentifier as invalid:
        assert isinstance(invalid.message, Message)
        assert str(invalid) == "container_number: check digit of CSQU3054384 is wrong: expected 3, got 4"
    else:
        raise AssertionError("a wrong check digit was accepted")


def test_said_keeps_the_message_a_value_error_was_raised_with():
    assert isinstance(said(ValueError(message("must be a list"))), Message)
    assert said(ValueError("plain", "two")) == "('plain', 'two')"


def test_translated_gives_english_with_its_params_when_english_is_asked_for(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert translated(message("%(value)r is not a CBV 2.0 %(vocabulary)s value",
                                  value="flying", vocabulary="bizStep")) == "'flying' is not a CBV 2.0 bizStep value"
        assert translated("already in the reader's language") == "already in the reader's language"


def test_translated_looks_the_template_up_and_fills_in_the_same_params(app, catalogue):
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        assert translated(message("is at most %(limit)s characters", limit=20)) == "译:is at most 20 characters"


def test_the_templates_of_every_pure_module_are_extracted_for_the_catalogue():
    found = {}
    for filename, _lineno, template, _comments, _context in extract_from_dir(
            ROOT / "logistics", [("**.py", "python")], keywords={"message": None}):
        found.setdefault(filename, set()).add(template)
    assert "check digit of %(number)s is wrong: expected %(expected)s, got %(got)s" in found["identifiers/transport.py"]
    assert "EPC hex contains a non-hex character %(character)r" in found["identifiers/epc.py"]
    assert "%(kind)r is not one of %(kinds)s" in found["shipments/units.py"]
    assert "needs documentReferenceType BKG or TRD" in found["shipments/dcsa.py"]
    assert "%(path)r names neither a serial (21) nor a lot (10)" in found["tagging/keys.py"]
    assert "%(action)r is not ADD, OBSERVE or DELETE" in found["epcis/document.py"]
    assert "is not hexadecimal" in found["readers/payloads.py"]
