"""Web pages: every floor linted against the State Council's rules for spot venues, and each floor's profile
(operators edit it; regulators read it)."""
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from marketplace import policy
from marketplace.accounts.forms import show_refusal
from marketplace.errors import DomainError
from marketplace.oversight.compliance import labels, services  # noqa: F401 (labels registers names)
from marketplace.oversight.compliance.forms import ApplyForm, ProfileForm
from marketplace.oversight.compliance.profile import STATE_COUNCIL_SPOT
from marketplace.permissions import requires

bp = Blueprint("oversight_compliance", __name__)


@bp.get("/oversight/floors")
@requires(policy.OVERSIGHT)
def floors():
    """Every floor with its profile and where it falls short of the State Council's profile."""
    return render_template("oversight/compliance/floors.html", lints=services.lint_floors(), reference=STATE_COUNCIL_SPOT)


def _profile_page(floor, form, code=200):
    return render_template("oversight/compliance/profile.html", floor=floor, form=form, apply_form=ApplyForm(),
                           row=services.profile_row(floor), reference=STATE_COUNCIL_SPOT), code


@bp.get("/oversight/floors/<floor_code>/profile")
@requires(policy.OPERATOR)
def profile(floor_code):
    """The floor's profile as a form (the built-in one's values when it has none yet)."""
    floor = services.floor_named(floor_code)
    row = services.profile_row(floor)
    source = row or STATE_COUNCIL_SPOT
    form = ProfileForm(data={"mechanisms": sorted(source.mechanisms), "holder_cap": source.holder_cap,
                             "standardised_contracts": source.standardised_contracts,
                             "min_holding_days": source.min_holding_days})
    return _profile_page(floor, form)


@bp.post("/oversight/floors/<floor_code>/profile")
@requires(policy.OPERATOR)
def save_profile(floor_code):
    """Saves a custom profile; trading on the floor follows it at once."""
    floor = services.floor_named(floor_code)
    form = ProfileForm()
    if form.validate_on_submit():
        try:
            services.save_profile(current_user, floor.code, form.mechanisms.data, form.standardised_contracts.data,
                                  form.min_holding_days.data, form.holder_cap.data)
            return redirect(url_for(".floors"), 303)
        except DomainError as error:
            show_refusal(form, error)
    return _profile_page(floor, form, 422)


@bp.post("/oversight/floors/<floor_code>/profile/state-council")
@requires(policy.OPERATOR)
def apply_state_council(floor_code):
    """Puts the floor under the built-in State Council profile for spot venues."""
    floor = services.floor_named(floor_code)
    if not ApplyForm().validate_on_submit():
        return _profile_page(floor, ProfileForm(), 422)
    services.apply_state_council(current_user, floor.code)
    return redirect(url_for(".floors"), 303)
