"""Fixtures every logistics area shares."""
import pytest


@pytest.fixture
def catalogue(monkeypatch):
    """A stand-in catalogue that "translates" every template by marking it 译:, so a test can tell whether
    a pure module's message reached the reader through ``marketplace.i18n.translated`` (real Chinese
    comes with the catalogue; an untranslated template would read the same as the English)."""
    def pseudo_chinese(template, **params):
        return "译:" + (template % params if params else template)

    monkeypatch.setattr("marketplace.i18n.gettext", pseudo_chinese)
