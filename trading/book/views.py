"""The trader's floor pages: pick an instrument of a floor, then trade it on one page.

``enterprise_id`` in the URL is the enterprise trading or watching. Members see the book, the tape
and their orders; only owners and traders get the order ticket. Posting works without JavaScript
(post, redirect, show); ``floor-live.js`` refreshes the book, tape and orders from ``live``.
Templates use the ``floor_name``, ``instrument_name`` and ``spec_label`` filters of ``trading.floors.views``.
"""
from flask import Blueprint, flash, g, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace import policy
from marketplace.accounts import labels
from marketplace.accounts.forms import show_refusal
from marketplace.database import utcnow
from marketplace.errors import InvalidInput, NotFound
from marketplace.i18n import local_time, money, quantity
from marketplace.permissions import requires
from marketplace.sourcing.schemas import plain
from marketplace.sourcing.schemas import price as amount_text
from trading.book import services
from trading.book.forms import KINDS, SIDES, AmendForm, OrderForm, decimal_of
from trading.book.schemas import price_minor
from trading.floors import services as floors

bp = Blueprint("trading", __name__)

TAPE_LENGTH = 20

labels.register("order_side", dict(SIDES))
labels.register("order_kind", dict(KINDS))


@bp.app_template_filter("signed_money")
def signed_money(minor, currency):
    """``+¥12.00`` or ``−¥5.00``: a change of price, with its direction."""
    return ("+" if minor >= 0 else "−") + money(abs(minor), currency)


@bp.app_template_filter("price_text")
def price_text(minor, currency):
    """``4000.00``: a price as one types it into the ticket."""
    return amount_text(minor, currency)


bp.add_app_template_filter(plain, "plain_quantity")


@bp.app_template_filter("floor_order_status")
def floor_order_status(status):
    return services.status_label(status)


@bp.app_template_filter("floor_order_reason")
def floor_order_reason(reason):
    return services.reason_text(reason)


@bp.get("/enterprises/<enterprise_id>/floors")
@requires(policy.ENTERPRISE_MEMBER)
def floors_index(enterprise_id):
    """Every open floor, the way onto the one to trade on."""
    return render_template("trading/book/floors.html", enterprise=g.enterprise, floors=floors.floors())


@bp.get("/enterprises/<enterprise_id>/floors/<floor_code>")
@requires(policy.ENTERPRISE_MEMBER)
def floor(enterprise_id, floor_code):
    """The floor's instruments with their last price. :raise NotFound: for an unknown floor."""
    found = floors.floor_by_code(floor_code)
    instruments = floors.instruments_of(found)
    return render_template("trading/book/floor.html", enterprise=g.enterprise, floor=found, instruments=instruments,
                           last_prices=services.last_prices(instruments))


def _instrument(floor_code, instrument_id):
    """:raise NotFound: unless the instrument trades on that floor."""
    instrument = floors.instrument_by_public_id(instrument_id)
    if instrument.floor.code != floor_code:
        raise NotFound(_("There is no such instrument on this floor."))
    return instrument


def _session(floor, now):
    """Whether the floor trades now, in words: until when, or when it opens next."""
    calendar = floors.calendar_of(floor)
    closes = calendar.session_close(now)
    if closes is not None:
        return {"open": True, "text": _("Open until %(time)s", time=_clock(closes, now))}
    opens = calendar.next_open(now)
    if opens is None:
        return {"open": False, "text": _("Closed, with no session scheduled")}
    return {"open": False, "text": _("Closed; opens next at %(time)s", time=_clock(opens, now))}


def _clock(moment, now):
    """``11:30`` today, ``2026-01-05 09:00`` on another day (Beijing time)."""
    same_day = local_time(moment, "yyyy-MM-dd") == local_time(now, "yyyy-MM-dd")
    return local_time(moment, "HH:mm" if same_day else "yyyy-MM-dd HH:mm")


def _board(instrument, now):
    """Everything the page and its live refresh show about one instrument, for the enterprise in the URL."""
    floor = instrument.floor
    day = floors.calendar_of(floor).trading_day_of(now)
    tape = services.recent_trades(instrument, TAPE_LENGTH)
    return {"instrument": instrument, "floor": floor, "session": _session(floor, now),
            "band": floors.band_of(instrument, day), "reference": floors.reference_price(instrument, day),
            "depth": services.market_depth(instrument), "tape": tape,
            "last_price": tape[0].price_minor if tape else None,
            "live_orders": services.live_orders(g.enterprise, instrument),
            "finished_orders": services.finished_orders(g.enterprise, instrument)}


def _amend_forms(board, refused=None):
    """A blank amend form per open order, but the one just refused (``(order id, form)``), which keeps its
    input and messages."""
    forms = {order.public_id: AmendForm(prefix=order.public_id, formdata=None) for order in board["live_orders"]}
    if refused is not None:
        forms[refused[0]] = refused[1]
    return forms


def _page(instrument, order_form=None, refused_amend=None, status=200):
    board = _board(instrument, utcnow())
    return render_template("trading/book/instrument.html", enterprise=g.enterprise,
                           order_form=order_form or OrderForm(formdata=None),
                           amend_forms=_amend_forms(board, refused_amend),
                           credit=services.ticket_terms(g.enterprise, board["floor"]), **board), status


@bp.get("/enterprises/<enterprise_id>/floors/<floor_code>/<instrument_id>")
@requires(policy.ENTERPRISE_MEMBER)
def instrument(enterprise_id, floor_code, instrument_id):
    """Order ticket, book, tape, our orders and the price chart of one instrument."""
    return _page(_instrument(floor_code, instrument_id))


_PARTS = ("summary", "book", "tape", "orders")


@bp.get("/enterprises/<enterprise_id>/floors/<floor_code>/<instrument_id>/live")
@requires(policy.ENTERPRISE_MEMBER)
def live(enterprise_id, floor_code, instrument_id):
    """The changing parts of the page as JSON: the data, and each part rendered for ``floor-live.js``."""
    board = _board(_instrument(floor_code, instrument_id), utcnow())
    context = {"enterprise": g.enterprise, "amend_forms": _amend_forms(board), **board}
    floor = board["floor"]

    def level(entry):
        return {"price": amount_text(entry.price, floor.currency), "quantity": plain(floor.lot_size * entry.quantity),
                "orders": entry.orders}

    return jsonify(
        session=board["session"], currency=floor.currency, unit=floor.unit,
        last_price=amount_text(board["last_price"], floor.currency) if board["last_price"] else None,
        book={"bids": [level(entry) for entry in board["depth"].bids],
              "asks": [level(entry) for entry in board["depth"].asks]},
        tape=[{"price": amount_text(trade.price_minor, floor.currency), "quantity": plain(trade.quantity),
               "aggressor": trade.aggressor, "executed_at": trade.executed_at.isoformat()} for trade in board["tape"]],
        my_orders=[{"id": order.public_id, "side": order.side, "kind": order.kind, "status": order.status,
                    "price": amount_text(order.price_minor, floor.currency),
                    "remaining": plain(order.lot_size * order.remaining_lots),
                    "filled": plain(order.lot_size * order.filled_lots)} for order in board["live_orders"]],
        html={part: render_template(f"trading/book/_{part}.html", **context) for part in _PARTS})


def _back(instrument):
    return redirect(url_for("trading.instrument", enterprise_id=g.enterprise.public_id,
                            floor_code=instrument.floor.code, instrument_id=instrument.public_id))


@bp.post("/enterprises/<enterprise_id>/floors/<floor_code>/<instrument_id>/orders")
@requires(policy.ENTERPRISE_TRADER)
def place(enterprise_id, floor_code, instrument_id):
    """Send the ticket to the book; a refusal shows the ticket again with every reason and changes nothing."""
    found = _instrument(floor_code, instrument_id)
    form = OrderForm()
    if not form.validate_on_submit():
        return _page(found, order_form=form, status=422)
    try:
        order = services.place_order(current_user, g.enterprise, found.public_id, form.side.data, form.kind.data,
                                     decimal_of(form.quantity),
                                     price_minor(decimal_of(form.price), found.floor.currency))
    except InvalidInput as error:
        show_refusal(form, error)
        return _page(found, order_form=form, status=error.status)
    flash(*_outcome(order))
    return _back(found)


def _outcome(order):
    """What became of a new order, in one sentence, and how the flash should look."""
    unit = order.instrument.floor.unit
    filled = quantity(order.lot_size * order.filled_lots, unit)
    remaining = quantity(order.lot_size * order.remaining_lots, unit)
    reason = services.reason_text(order.reason)
    if order.status == services.REJECTED:
        return _("The order was refused: %(reason)s", reason=reason), "error"
    if order.status == services.FILLED:
        return _("The order is filled: %(filled)s traded; each fill is a contract awaiting payment.",
                 filled=filled), "success"
    if order.status == services.CANCELLED:
        if order.filled_lots:
            return _("%(filled)s traded. %(reason)s", filled=filled, reason=reason), "info"
        return _("Nothing traded. %(reason)s", reason=reason), "error"
    if order.filled_lots:
        return _("%(filled)s traded; %(remaining)s rest in the book.", filled=filled,
                 remaining=remaining), "success"
    return _("The order rests in the book: %(remaining)s at %(price)s.", remaining=remaining,
             price=money(order.price_minor, order.instrument.floor.currency)), "success"


def _own_order_on(instrument, order_id):
    """:raise NotFound: unless the order is the enterprise's and on this instrument."""
    order = services.order_for(g.enterprise, order_id)
    if order.instrument_id != instrument.id:
        raise NotFound(_("There is no such order of your enterprise."))
    return order


@bp.post("/enterprises/<enterprise_id>/floors/<floor_code>/<instrument_id>/orders/<order_id>/amend")
@requires(policy.ENTERPRISE_TRADER)
def amend(enterprise_id, floor_code, instrument_id, order_id):
    """A new price and/or open quantity; a refusal shows the page again with the reasons at that order."""
    found = _instrument(floor_code, instrument_id)
    order = _own_order_on(found, order_id)
    form = AmendForm(prefix=order.public_id)
    if not form.validate_on_submit():
        return _page(found, refused_amend=(order.public_id, form), status=422)
    try:
        services.amend_order(current_user, g.enterprise, order.public_id,
                             price_minor(decimal_of(form.price), found.floor.currency), decimal_of(form.quantity))
    except InvalidInput as error:
        show_refusal(form, error)
        return _page(found, refused_amend=(order.public_id, form), status=error.status)
    flash(_("Order %(order)s is amended.", order=order.public_id), "success")
    return _back(found)


@bp.post("/enterprises/<enterprise_id>/floors/<floor_code>/<instrument_id>/orders/<order_id>/cancel")
@requires(policy.ENTERPRISE_TRADER)
def cancel(enterprise_id, floor_code, instrument_id, order_id):
    """Withdraw the open rest of an order; its fills and their contracts stand."""
    found = _instrument(floor_code, instrument_id)
    order = _own_order_on(found, order_id)
    try:
        services.cancel_order(current_user, g.enterprise, order.public_id)
    except InvalidInput as error:
        flash(error.message, "error")
    else:
        flash(_("Order %(order)s is cancelled; what had traded stands.", order=order.public_id), "success")
    return _back(found)
