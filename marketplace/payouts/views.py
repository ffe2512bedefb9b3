"""Payout pages: a seller's payouts and payout account; the operator's payout runs and settlement batches."""
from flask import Blueprint, Response, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace import policy
from marketplace.accounts import labels
from marketplace.accounts.forms import show_refusal, status_of
from marketplace.documents import services as documents
from marketplace.errors import DomainError
from marketplace.permissions import requires
from marketplace.payouts import methods, services
from marketplace.payouts.forms import MarkPaidForm, PayoutAccountForm, ReturnForm, StartPayoutsForm

bp = Blueprint("payouts", __name__)

labels.register("payout_status", {methods.IN_TRANSIT: _l("In transit"), methods.PAID: _l("Paid"),
                                  methods.RETURNED: _l("Returned, payable again")})
labels.register("payout_method", {methods.BANK_BATCH: _l("Bank transfer in a settlement batch"),
                                  methods.GATEWAY_TRANSFER: _l("Transfer through the payment gateway")})
labels.register("payout_batch_status", {"exported": _l("Awaiting the bank"), methods.PAID: _l("Paid")})


# --- the seller's pages ------------------------------------------------------------------------------

@bp.get("/enterprises/<enterprise_id>/payouts")
@requires(policy.ENTERPRISE_MEMBER)
def payouts(enterprise_id):
    """What the platform paid the enterprise out, and where it pays."""
    return render_template("payouts/payouts.html", enterprise=g.enterprise,
                           payouts=services.payouts_of(g.enterprise),
                           account=services.payout_account_of(g.enterprise))


def _account_page(form, status=200):
    return render_template("payouts/account.html", enterprise=g.enterprise, form=form,
                           gateway=current_app.config["PAYOUT_METHOD"] == methods.GATEWAY_TRANSFER), status


@bp.get("/enterprises/<enterprise_id>/payout-account")
@requires(policy.ENTERPRISE_OWNER)
def account(enterprise_id):
    """The form for where the enterprise is paid, filled with what is on file."""
    return _account_page(PayoutAccountForm(obj=services.payout_account_of(g.enterprise)))


@bp.post("/enterprises/<enterprise_id>/payout-account")
@requires(policy.ENTERPRISE_OWNER)
def save_account(enterprise_id):
    """Save the bank details; refused with the reason at the field (e.g. an account number of 7 digits)."""
    form = PayoutAccountForm()
    if not form.validate_on_submit():
        return _account_page(form, status_of(form))
    try:
        services.save_payout_account(current_user, g.enterprise, form.bank_name.data, form.account_name.data,
                                     form.account_number.data, form.connected_account_id.data)
    except DomainError as error:
        show_refusal(form, error)
        return _account_page(form, error.status)
    flash(_("Payouts will go to this account from now on."), "success")
    return redirect(url_for("payouts.payouts", enterprise_id=enterprise_id))


# --- the operator's pages ----------------------------------------------------------------------------

def _operator_page(form=None, status=200):
    waiting = services.payables_waiting()
    form = form or StartPayoutsForm(formdata=None)
    form.currency.choices = sorted({row["currency"] for row in waiting if row["reachable"]}) or ["CNY"]
    return render_template("payouts/operator.html", form=form, waiting=waiting, balances=services.payout_balances(),
                           batches=services.batches(), transfers=services.transfers_in_transit(),
                           method=current_app.config["PAYOUT_METHOD"]), status


@bp.get("/operator/payouts")
@requires(policy.OPERATOR)
def operator():
    """Who is owed what, the settlement batches, and the button that pays them out."""
    return _operator_page()


@bp.post("/operator/payouts")
@requires(policy.OPERATOR)
def start():
    """Pay out every reachable seller's payable in one currency: a new settlement batch, or gateway transfers."""
    form = StartPayoutsForm()
    form.currency.choices = sorted({row["currency"] for row in services.payables_waiting()}) or ["CNY"]
    if not form.validate_on_submit():
        return _operator_page(form, status_of(form))
    try:
        made = services.start(current_user, form.currency.data)
    except DomainError as error:
        show_refusal(form, error)
        return _operator_page(form, error.status)
    if made[0].batch_id is not None:
        flash(_("Settlement batch %(batch)s holds %(count)d payouts: export it for the bank.",
                batch=made[0].batch.public_id, count=len(made)), "success")
        return redirect(url_for("payouts.batch", batch_id=made[0].batch.public_id))
    flash(_("%(count)d transfers were sent to the payment gateway.", count=len(made)), "success")
    return redirect(url_for("payouts.operator"))


def _batch_page(batch_id, paid_form=None, status=200):
    return render_template("payouts/batch.html", batch=services.batch_for(batch_id),
                           paid_form=paid_form or MarkPaidForm(formdata=None),
                           return_form=ReturnForm(formdata=None)), status


@bp.get("/operator/payouts/batches/<batch_id>")
@requires(policy.OPERATOR)
def batch(batch_id):
    """A settlement batch line by line, its exports, and marking it paid."""
    return _batch_page(batch_id)


@bp.get("/operator/payouts/batches/<batch_id>.csv")
@requires(policy.OPERATOR)
def batch_csv(batch_id):
    """The bank-transfer file: payee, credit code, bank, account, amount, currency, reference."""
    found = services.batch_for(batch_id)
    return Response(services.batch_csv(found), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="settlement-{found.public_id}.csv"', "Cache-Control": "no-store"})


@bp.get("/operator/payouts/batches/<batch_id>.pdf")
@requires(policy.OPERATOR)
def batch_pdf(batch_id):
    """The same transfers as a bilingual PDF, to sign and file."""
    found = services.batch_for(batch_id)
    return Response(documents.settlement_batch_pdf(found), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="settlement-{found.public_id}.pdf"', "Cache-Control": "no-store"})


@bp.post("/operator/payouts/batches/<batch_id>/paid")
@requires(policy.OPERATOR)
def mark_paid(batch_id):
    """The bank has paid the batch: its payouts complete, once, whatever the clicks."""
    form = MarkPaidForm()
    if not form.validate_on_submit():
        return _batch_page(batch_id, form, status_of(form))
    try:
        paid = services.mark_paid(current_user, batch_id, form.bank_reference.data)
    except DomainError as error:
        show_refusal(form, error)
        return _batch_page(batch_id, form, error.status)
    flash(_("Batch %(batch)s is marked paid (bank reference %(reference)s).", batch=paid.public_id,
            reference=paid.bank_reference), "success")
    return redirect(url_for("payouts.batch", batch_id=batch_id))


@bp.post("/operator/payouts/<payout_id>/returned")
@requires(policy.OPERATOR)
def mark_returned(payout_id):
    """The bank could not pay one line: the seller is owed it again, for a later batch."""
    form = ReturnForm()
    payout = services.payout_for(None, payout_id)
    target = url_for("payouts.batch", batch_id=payout.batch.public_id) if payout.batch else url_for(
        "payouts.operator")
    if not form.validate_on_submit():
        flash(_("Say why the bank returned the payout."), "error")
        return redirect(target)
    try:
        services.mark_returned(current_user, payout_id, form.reason.data)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(target)
    flash(_("Payout %(payout)s is returned; the seller is owed it again.", payout=payout_id), "success")
    return redirect(target)
