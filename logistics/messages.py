"""Messages of the pure logistics modules, written in English but translatable later (pure: no Flask).

A pure module cannot call ``gettext``: it does not know the reader's language. It raises its errors
with :func:`message` instead, which keeps the template and its named parameters next to the English
text, so whoever shows the message to a person (``marketplace.i18n.translated``) can look the template
up in that person's language and fill the same parameters in. ``message`` is an extraction keyword
(Makefile), so every template lands in the catalogue.
"""

__all__ = ["Message", "message", "said"]


class Message(str):
    """English text (``template % params``) that still knows its ``template`` and ``params``."""

    template: str
    params: dict

    def __new__(cls, template: str, params: dict) -> "Message":
        text = super().__new__(cls, template % params if params else template)
        text.template = template
        text.params = params
        return text


def message(template: str, **params) -> Message:
    """The English text of ``template`` with ``params`` filled in (``%(name)s``), keeping both for translation."""
    return Message(template, params)


def said(error: Exception) -> str:
    """What ``error`` says: the :class:`Message` it was raised with, else its text."""
    text = error.args[0] if len(error.args) == 1 else None
    return text if isinstance(text, Message) else str(error)
