"""Web forms of the grading pages: add a score model version, start a full re-score."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, TextAreaField


class ModelVersionForm(FlaskForm):
    upload = FileField(_l("Model document (JSON file)"))
    document = TextAreaField(_l("…or paste the JSON"), render_kw={"rows": 14, "spellcheck": "false"},
                             description=_l("A new version needs a new version name; stored versions are never changed."))

    def text(self):
        """The JSON text given, from the upload if there is one, else from the text area."""
        if self.upload.data and getattr(self.upload.data, "filename", ""):
            return self.upload.data.read().decode("utf-8", errors="replace")
        return self.document.data or ""


class RunForm(FlaskForm):
    model_version = SelectField(_l("Score model version"), description=_l("Blank: the version in effect today."))
