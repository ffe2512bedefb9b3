"""The front page, each role's dashboard, and the language switch."""
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from marketplace.permissions import requires
from marketplace.policy import PUBLIC

bp = Blueprint("main", __name__)


@bp.get("/")
@requires(PUBLIC)
def index():
    if not current_user.is_authenticated:
        return render_template("main/landing.html")
    return render_template("main/dashboard.html")


@bp.post("/language")
@requires(PUBLIC)
def switch_language():
    """Remember the chosen language for this browser and return to the page the person was on."""
    locale = request.form.get("locale")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
    target = request.form.get("next") or url_for("main.index")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("main.index"))
