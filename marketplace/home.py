"""The front page, each role's dashboard, the language switch, and what every page's layout needs."""
from babel import Locale
from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user

from marketplace import permissions, policy
from marketplace.accounts import labels, principals, services
from marketplace.audit import services as audit
from marketplace.permissions import requires
from marketplace.policy import PUBLIC

bp = Blueprint("main", __name__)

DASHBOARD_AUDIT_RECORDS = 8


def local_path(target, default):
    """``target`` if it is a path on this site, else ``default``: never redirect people elsewhere."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return default


@bp.app_template_global()
def may(endpoint, enterprise=None):
    """Whether the gate would let the current person open ``endpoint``, so pages only offer what works."""
    principal = g.principal if "principal" in g else None
    if principal is None and current_user.is_authenticated:
        principal = principals.from_session(current_user)
    rule = permissions.rule_for(endpoint, "GET")
    return rule.decide(principal, enterprise.id if enterprise else None) is policy.Decision.ALLOW


def current_language():
    """The configured language code (``zh_CN`` or ``en``) of this response."""
    locale = get_locale()
    matching = (code for code in current_app.config["LANGUAGES"] if Locale.parse(code) == locale)
    return next(matching, current_app.config["BABEL_DEFAULT_LOCALE"])


@bp.app_context_processor
def layout():
    """The language of the page and the path to come back to after switching it."""
    language = current_language()
    return {"page_language": language, "html_lang": language.replace("_", "-"),
            "here": request.full_path.rstrip("?")}


bp.add_app_template_filter(labels.label, "label")
bp.add_app_template_filter(labels.enterprise_name, "display_name")


@bp.get("/")
@requires(PUBLIC)
def index():
    """Visitors see what the platform is; signed-in people see what to do next in their role."""
    if not current_user.is_authenticated:
        return render_template("main/landing.html")
    oversight = current_user.platform_role is not None
    return render_template(
        "main/dashboard.html",
        memberships=services.memberships_of(current_user),
        counts=services.count_enterprises_by_status() if oversight else None,
        audit_records=audit.recent(limit=DASHBOARD_AUDIT_RECORDS) if may("audit.log") else (),
    )


@bp.post("/language")
@requires(PUBLIC)
def switch_language():
    """Remember the chosen language for this browser and return to the page the person was on."""
    locale = request.form.get("locale")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
    return redirect(local_path(request.form.get("next"), url_for("main.index")))
