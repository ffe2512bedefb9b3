"""An alert's frozen evidence rows as a table people read: headings in their language, times in Beijing
time, amounts with their currency, quantities with their unit, enterprises and floors by name.

The rows themselves stay as they were stored (plain JSON, ids and minor units); only their showing
changes. Used by the alert page and the case file.
"""
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels
from marketplace.errors import NotFound
from marketplace.i18n import in_reader_language, local_time, money, quantity
from marketplace.oversight.surveillance import sources
from trading.floors import services as floors

HEADINGS = {
    "kind": _l("Row"), "at": _l("Time"), "floor": _l("Floor"), "instrument": _l("Instrument"),
    "commodity": _l("Commodity or instrument"), "trade": _l("Trade"), "order": _l("Order"), "reference": _l("Deal"),
    "buyer": _l("Buying side"), "seller": _l("Selling side"), "enterprise": _l("Enterprise"), "payer": _l("Payer"),
    "payee": _l("Payee"), "owner": _l("Auction owner"), "auction": _l("Auction"), "side": _l("Side"),
    "action": _l("Action"), "aggressor": _l("Aggressor"), "price_minor": _l("Price"),
    "amount_minor": _l("Amount"), "quantity": _l("Quantity"), "remaining": _l("Still open"),
    "source": _l("Made by"), "direction": _l("Direction"), "account": _l("Account"),
    "deposit_account": _l("Deposit account"), "won": _l("Won"), "buy_order": _l("Buy order"),
    "sell_order": _l("Sell order"), "auction_kind": _l("Auction kind"),
}
VALUES = {
    "trade": _l("Trade"), "order": _l("Order"), "deal": _l("Deal"), "payment": _l("Payment"),
    "movement": _l("Goods moved"), "bid": _l("Bid"), "buy": _l("Buy"), "sell": _l("Sell"), "new": _l("Placed"),
    "cancel": _l("Cancelled"), "amend": _l("Amended"), "fill": _l("Filled"), "in": _l("Paid in"),
    "out": _l("Paid back"), "listing": _l("Listing"), "auction": _l("Auction"), "catalog": _l("Catalog order"),
}
labels.register("evidence_column", HEADINGS)
labels.register("evidence_value", VALUES)
# Shown inside the amount or quantity they qualify rather than in columns of their own.
FOLDED = {"unit", "currency"}
ENTERPRISE_PREFIX = "ent_"


def table(rows):
    """``(headings, lines)``: one heading per column met in the rows (first-seen order), each row's cells as text."""
    rows = [row for row in rows if isinstance(row, dict)]
    columns = list(dict.fromkeys(column for row in rows for column in row if column not in FOLDED))
    names = sources.enterprise_names({value for row in rows for value in row.values()
                                      if isinstance(value, str) and value.startswith(ENTERPRISE_PREFIX)})
    headings = [labels.label(column, "evidence_column") if column in HEADINGS else column for column in columns]
    return headings, [[_cell(row, column, names) for column in columns] for row in rows]


def floor_of_code(code):
    """A floor's name in the reader's language from the code an alert or rule keeps; the code when unknown."""
    try:
        floor = floors.floor_by_code(code) if code else None
    except NotFound:
        return code
    return in_reader_language(floor.name_zh, floor.name_en) if floor else ""


def _cell(row, column, names):
    value = row.get(column)
    if value is None or value == "":
        return ""
    if column == "floor":
        return floor_of_code(value)
    if column == "at" or column.endswith("_at"):
        return _time(value)
    if column.endswith("_minor") and row.get("currency") and isinstance(value, int):
        return money(value, row["currency"])
    if column in ("quantity", "remaining") and row.get("unit"):
        return _quantity(value, row["unit"])
    if isinstance(value, str) and value in names:
        return in_reader_language(*names[value])
    if isinstance(value, str) and value in VALUES:
        return labels.label(value, "evidence_value")
    if isinstance(value, bool):
        return "✓" if value else "—"
    return str(value)


def _time(value):
    try:
        return local_time(datetime.fromisoformat(value), "yyyy-MM-dd HH:mm:ss")
    except (TypeError, ValueError):
        return str(value)


def _quantity(value, unit):
    try:
        return quantity(Decimal(str(value)), unit)
    except InvalidOperation:
        return f"{value} {unit}"
