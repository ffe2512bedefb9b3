"""The Chinese catalogue is complete: every translatable string in code and templates has a translation."""
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from marketplace import ROOT

# Babel resolves the zh_CN locale to zh_Hans_CN, so that is the folder flask-babel looks in.
CATALOGUE = ROOT / "marketplace" / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "message": None}


def _source_messages():
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def _catalogue():
    with open(CATALOGUE, "rb") as po:
        return read_po(po, locale="zh_CN")


def test_every_string_has_a_chinese_translation():
    catalogue = _catalogue()
    missing = []
    for msgid, where in _source_messages().items():
        entry = catalogue.get(msgid)
        strings = entry.string if entry and isinstance(entry.string, tuple) else (entry.string if entry else "",)
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(f"{where}: {msgid!r}")
    assert not missing, "untranslated strings:\n" + "\n".join(sorted(missing))


def test_translations_keep_their_placeholders():
    problems = [f"{message.id!r}: {errors}" for message, errors in _catalogue().check() if errors]
    assert not problems, "\n".join(problems)



def test_pages_are_served_in_chinese_unless_english_is_asked_for(client):
    chinese = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(as_text=True)
    english = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)

    assert 'lang="zh-CN"' in chinese and "登录" in chinese
    assert 'lang="en"' in english and "Log in" in english
