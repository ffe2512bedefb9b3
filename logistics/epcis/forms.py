"""Web form of EPCIS capture: an EPCISDocument uploaded as a JSON file or pasted, and what to do with
invalid events. The form reads the document as JSON within the advertised size limit; the capture
service judges its events, so an operator sees the same refusals on the page as a client of the API.
"""
import json

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectChoice, TextAreaField

from logistics.epcis.services import capture_limits

ROLLBACK, PROCEED = "rollback", "proceed"


class CaptureForm(FlaskForm):
    file = FileField(_l("EPCIS document file"), description=_l("A JSON file holding one EPCISDocument."))
    pasted = TextAreaField(_l("Or paste the document"), render_kw={"rows": 10, "spellcheck": "false"},
                           description=_l("The EPCISDocument as JSON, when there is no file."))
    behaviour = RadioField(_l("When an event is invalid"), default=ROLLBACK, choices=[
        SelectChoice(ROLLBACK, _l("Store none of the document's events (all or nothing)")),
        SelectChoice(PROCEED, _l("Store the valid events and report the others"))])

    document = None

    def validate(self, extra_validators=None):
        """Valid when the file (or, without one, the pasted text) is a JSON object within the size
        limit; that object is then :attr:`document`. Nothing is stored by validating."""
        if not super().validate(extra_validators):
            return False
        upload = self.file.data
        if upload and getattr(upload, "filename", ""):
            source, raw = self.file, upload.read()
        elif (self.pasted.data or "").strip():
            source, raw = self.pasted, self.pasted.data.encode("utf-8")
        else:
            self.form_errors.append(_("Choose a JSON file or paste an EPCIS document."))
            return False
        size_limit = capture_limits()[1]
        if len(raw) > size_limit:
            source.errors.append(_("A capture takes at most %(size)d bytes; this one has %(count)d.",
                                   size=size_limit, count=len(raw)))
            return False
        try:
            parsed = json.loads(raw)
        except (UnicodeDecodeError, ValueError) as error:
            source.errors.append(_("This is not valid JSON: %(reason)s", reason=str(error)))
            return False
        if not isinstance(parsed, dict):
            source.errors.append(_("An EPCIS document is a JSON object."))
            return False
        self.document = parsed
        return True

    @property
    def rollback(self):
        """Whether one invalid event refuses the whole document (GS1-Capture-Error-Behaviour: rollback)."""
        return self.behaviour.data != PROCEED
