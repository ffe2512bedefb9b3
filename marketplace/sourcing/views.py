"""Pages for RFQs, quotes and inquiries. ``enterprise_id`` in the URL is the enterprise acting or reading.

The gate resolves it into ``g.enterprise`` and checks the rule; the services check that the RFQ,
quote or inquiry concerns that enterprise, so these views only parse, call and render.
"""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import policy
from marketplace.accounts.forms import options, show_refusal, status_of
from marketplace.catalog import services as catalog
from marketplace.database import utcnow
from marketplace.errors import DomainError
from marketplace.permissions import requires
from marketplace.sourcing import services
from marketplace.sourcing.forms import (
    InquiryForm, MessageForm, QuoteForm, RfqForm, binhai_now_plus, in_binhai,
)
from marketplace.sourcing.lifecycle import taking_quotes
from marketplace.sourcing.labels import category_choices

bp = Blueprint("sourcing", __name__)


def _rfq_form(**kwargs):
    """The RFQ form with the category tree and the units named in the reader's language."""
    form = RfqForm(**kwargs)
    form.category.choices = category_choices(catalog.category_tree())
    form.unit.choices = options("unit")
    return form


# --- RFQs ----------------------------------------------------------------------------------------

@bp.get("/enterprises/<enterprise_id>/rfqs")
@requires(policy.ENTERPRISE_MEMBER)
def rfqs(enterprise_id):
    """The RFQs this enterprise has posted, newest first."""
    return render_template("sourcing/rfqs.html", enterprise=g.enterprise, rfqs=services.rfqs_posted_by(g.enterprise))


@bp.get("/enterprises/<enterprise_id>/rfqs/for-you")
@requires(policy.ENTERPRISE_MEMBER)
def rfqs_for_you(enterprise_id):
    """Open RFQs in the categories the enterprise sells in, and the quotes it has sent."""
    return render_template("sourcing/for_you.html", enterprise=g.enterprise, rfqs=services.rfqs_for(g.enterprise),
                           quotes=services.quotes_by(g.enterprise))


@bp.route("/enterprises/<enterprise_id>/rfqs/new", methods=["GET", "POST"])
@requires(policy.ENTERPRISE_TRADER)
def new_rfq(enterprise_id):
    """Post an RFQ; the deadline is typed in China Standard Time."""
    form = _rfq_form(data={"deadline": binhai_now_plus(7)} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            rfq = services.post_rfq(
                current_user, g.enterprise, title=form.title.data, specification=form.specification.data,
                quantity=form.quantity.data, unit=form.unit.data, delivery_place=form.delivery_place.data,
                delivery_date=form.delivery_date.data, deadline=in_binhai(form.deadline.data),
                category=form.category.data)
        except DomainError as error:
            show_refusal(form, error)
            return render_template("sourcing/new_rfq.html", enterprise=g.enterprise, form=form), error.status
        flash(_("Your RFQ is posted; suppliers of this category can quote until the deadline."), "success")
        return redirect(url_for("sourcing.rfq", enterprise_id=enterprise_id, rfq_id=rfq.public_id))
    return render_template("sourcing/new_rfq.html", enterprise=g.enterprise, form=form), status_of(form)


@bp.get("/enterprises/<enterprise_id>/rfqs/<rfq_id>")
@requires(policy.ENTERPRISE_MEMBER)
def rfq(enterprise_id, rfq_id):
    """The buyer sees every quote side by side; a supplier sees the RFQ and its own quotes."""
    found = services.rfq_for(g.enterprise, rfq_id)
    rows = services.compare(g.enterprise, rfq_id)[1] if found.buyer_enterprise_id == g.enterprise.id else None
    return render_template("sourcing/rfq.html", enterprise=g.enterprise, rfq=found, rows=rows,
                           quotes=services.quotes_seen_by(g.enterprise, found),
                           open_for_quotes=taking_quotes(found.status, found.deadline, utcnow()))


@bp.route("/enterprises/<enterprise_id>/rfqs/<rfq_id>/quote", methods=["GET", "POST"])
@requires(policy.ENTERPRISE_TRADER)
def quote_rfq(enterprise_id, rfq_id):
    """A supplier's offer; refused after the deadline with the deadline named."""
    found = services.rfq_for(g.enterprise, rfq_id)
    form = QuoteForm(data={"quantity": f"{found.quantity.normalize():f}", "valid_until": binhai_now_plus(14)}
                     if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.quote_on_rfq(current_user, g.enterprise, rfq_id, unit_price=form.unit_price.data,
                                  quantity=form.quantity.data, valid_until=in_binhai(form.valid_until.data),
                                  lead_time_days=form.lead_time_days.data, terms=form.terms.data)
        except DomainError as error:
            show_refusal(form, error)
            return render_template("sourcing/quote.html", enterprise=g.enterprise, rfq=found, form=form), error.status
        flash(_("Your quote is sent. The buyer compares it with the others."), "success")
        return redirect(url_for("sourcing.rfq", enterprise_id=enterprise_id, rfq_id=rfq_id))
    return render_template("sourcing/quote.html", enterprise=g.enterprise, rfq=found, form=form), status_of(form)


@bp.post("/enterprises/<enterprise_id>/quotes/<quote_id>/accept")
@requires(policy.ENTERPRISE_TRADER)
def accept_quote(enterprise_id, quote_id):
    """Accepting places the order; a second acceptance (a double click, a colleague) is refused."""
    order = services.accept_quote(current_user, g.enterprise, quote_id)
    flash(_("Quote accepted. Order %(order)s is placed and waits for the seller's confirmation.",
            order=order.public_id), "success")
    return redirect(url_for("orders.order", enterprise_id=enterprise_id, order_id=order.public_id))


@bp.post("/enterprises/<enterprise_id>/quotes/<quote_id>/withdraw")
@requires(policy.ENTERPRISE_TRADER)
def withdraw_quote(enterprise_id, quote_id):
    """Safe to repeat; refused once the buyer has decided. Back to the list of the enterprise's quotes."""
    services.withdraw_quote(current_user, g.enterprise, quote_id)
    flash(_("Your quote is withdrawn."), "success")
    return redirect(url_for("sourcing.rfqs_for_you", enterprise_id=enterprise_id))


# --- inquiries -----------------------------------------------------------------------------------

@bp.get("/enterprises/<enterprise_id>/inquiries")
@requires(policy.ENTERPRISE_MEMBER)
def inquiries(enterprise_id):
    """Inquiries sent and received, newest first."""
    return render_template("sourcing/inquiries.html", enterprise=g.enterprise,
                           inquiries=services.inquiries_of(g.enterprise))


def _new_inquiry_page(form, status=200):
    """:raise NotFound: unless the form's listing is published by a verified enterprise."""
    listing = services.inquirable_listing(form.listing.data)
    return render_template("sourcing/new_inquiry.html", enterprise=g.enterprise, listing=listing, form=form), status


@bp.get("/enterprises/<enterprise_id>/inquiries/new")
@requires(policy.ENTERPRISE_TRADER)
def new_inquiry(enterprise_id):
    """The inquiry form for ``?listing=<id>``. :raise NotFound: for a listing not published."""
    return _new_inquiry_page(InquiryForm(data={"listing": request.args.get("listing", "")}))


@bp.post("/enterprises/<enterprise_id>/inquiries")
@requires(policy.ENTERPRISE_TRADER)
def send_inquiry(enterprise_id):
    """The first message of the thread goes to the listing's supplier; one's own listing is refused."""
    form = InquiryForm()
    if not form.validate_on_submit():
        return _new_inquiry_page(form, 422)
    try:
        inquiry = services.send_inquiry(current_user, g.enterprise, form.listing.data, form.body.data,
                                        form.quantity.data)
    except DomainError as error:
        show_refusal(form, error)
        return _new_inquiry_page(form, error.status)
    flash(_("Your inquiry is sent; the supplier answers here."), "success")
    return redirect(url_for("sourcing.inquiry", enterprise_id=enterprise_id, inquiry_id=inquiry.public_id))


def _inquiry_page(inquiry_id, message_form=None, quote_form=None, status=200):
    """The thread, also after a refused message or quote, showing the refused form."""
    found = services.inquiry_for(g.enterprise, inquiry_id)
    quote_form = quote_form or QuoteForm(formdata=None, data={
        "quantity": f"{found.quantity.normalize():f}" if found.quantity else "", "valid_until": binhai_now_plus(7)})
    return render_template(
        "sourcing/inquiry.html", enterprise=g.enterprise, inquiry=found,
        rows=services.side_by_side(services.quotes_on_inquiry(found)),
        message_form=message_form or MessageForm(formdata=None), quote_form=quote_form,
        selling=found.listing.enterprise_id == g.enterprise.id), status


@bp.get("/enterprises/<enterprise_id>/inquiries/<inquiry_id>")
@requires(policy.ENTERPRISE_MEMBER)
def inquiry(enterprise_id, inquiry_id):
    """The thread; the supplier also gets a quote form, the buyer accept buttons."""
    return _inquiry_page(inquiry_id)


@bp.post("/enterprises/<enterprise_id>/inquiries/<inquiry_id>/messages")
@requires(policy.ENTERPRISE_TRADER)
def reply(enterprise_id, inquiry_id):
    """Either side writes; a blank message shows the thread again with the field marked."""
    form = MessageForm()
    if not form.validate_on_submit():
        return _inquiry_page(inquiry_id, message_form=form, status=422)
    services.reply(current_user, g.enterprise, inquiry_id, form.body.data)
    return redirect(url_for("sourcing.inquiry", enterprise_id=enterprise_id, inquiry_id=inquiry_id))


@bp.post("/enterprises/<enterprise_id>/inquiries/<inquiry_id>/quotes")
@requires(policy.ENTERPRISE_TRADER)
def quote_inquiry(enterprise_id, inquiry_id):
    """Only the listing's supplier quotes; refusals show on the thread page's quote form."""
    form = QuoteForm()
    if not form.validate_on_submit():
        return _inquiry_page(inquiry_id, quote_form=form, status=422)
    try:
        services.quote_on_inquiry(current_user, g.enterprise, inquiry_id, unit_price=form.unit_price.data,
                                  quantity=form.quantity.data, valid_until=in_binhai(form.valid_until.data),
                                  lead_time_days=form.lead_time_days.data, terms=form.terms.data)
    except DomainError as error:
        show_refusal(form, error)
        return _inquiry_page(inquiry_id, quote_form=form, status=error.status)
    flash(_("Your quote is sent; the buyer can accept it as an order."), "success")
    return redirect(url_for("sourcing.inquiry", enterprise_id=enterprise_id, inquiry_id=inquiry_id))
