"""Use cases of floors and instruments: finding them, their calendars, and today's trading terms."""
import re
from datetime import datetime, time

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from marketplace.bookings.calendar import SHANGHAI
from marketplace.audit.services import record
from marketplace.catalog import attributes
from marketplace.catalog.checks import attribute_message
from marketplace.database import transaction
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import in_reader_language
from trading.book.models import OrderBookHead, Trade
from trading.book.pretrade import Terms
from trading.checks import PriceBand, settlement_price
from trading.floors.calendar import TradingCalendar
from trading.floors.models import Floor, Instrument

LISTED = "listed"
SUSPENDED = "suspended"


def floors(include_inactive=False):
    statement = select(Floor).order_by(Floor.position, Floor.code)
    if not include_inactive:
        statement = statement.where(Floor.active.is_(True))
    return db.session.scalars(statement).all()


def floor_by_code(code):
    """:raise NotFound: for an unknown floor code."""
    floor = db.session.scalar(select(Floor).where(Floor.code == code))
    if floor is None:
        raise NotFound(_("There is no trading floor “%(code)s”.", code=code))
    return floor


def instrument_by_public_id(public_id):
    """:raise NotFound: for an unknown instrument."""
    instrument = db.session.scalar(select(Instrument).where(Instrument.public_id == public_id))
    if instrument is None:
        raise NotFound(_("There is no such instrument."))
    return instrument


def instruments_of(floor, include_suspended=True):
    statement = select(Instrument).where(Instrument.floor_id == floor.id).order_by(Instrument.code)
    if not include_suspended:
        statement = statement.where(Instrument.status == LISTED)
    return db.session.scalars(statement).all()


def calendar_of(floor):
    return TradingCalendar.from_settings(floor.sessions, floor.open_weekdays, floor.closed_on_holidays,
                                         floor.closed_dates)


def spec_schema_of(floor):
    return attributes.schema_from_data(floor.spec_schema)


def attribute_label(floor, name):
    """An attribute's name in the reader's language, as the floor's schema declares it."""
    for item in floor.spec_schema.get("attributes", ()):
        if item["name"] == name:
            return in_reader_language(item.get("label_zh") or name, item.get("label_en") or name)
    return name


def check_spec(floor, values, field="spec"):
    """The lot specification cleaned against the floor's schema.

    :raise InvalidInput: with one error per refused attribute under ``spec.<name>``.
    """
    try:
        return attributes.check_against(spec_schema_of(floor), values)
    except attributes.AttributeErrors as refused:
        errors = {}
        for name, problem in refused.problems.items():
            if name is None:
                errors[field] = [_("Unknown attributes for this floor: %(names)s.", names=", ".join(problem.params))]
            else:
                errors[f"{field}.{name}"] = [attribute_message(problem, name)]
        raise InvalidInput(_("The lot specification does not meet the floor's schema."), errors) from None


def day_start(day):
    return datetime.combine(day, time(), SHANGHAI)


def reference_price(instrument, day):
    """The band's centre on ``day``: the settlement price of the last earlier day with trades
    (settlement = that day's volume-weighted average), or the operator's initial reference.

    Past days never change, so the answer is kept per instrument and day.
    """
    cache = current_app.extensions.setdefault("trading_reference_prices", {})
    key = (instrument.id, day)
    if key not in cache:
        cache[key] = _reference_price(instrument, day)
    return cache[key]


def _reference_price(instrument, day):
    before = day_start(day)
    last = db.session.scalar(select(func.max(Trade.executed_at)).where(
        Trade.instrument_id == instrument.id, Trade.executed_at < before))
    if last is None:
        return instrument.initial_reference_minor
    last_day = day_start(last.astimezone(SHANGHAI).date())
    turnover, lots = db.session.execute(select(
        func.sum(Trade.price_minor * Trade.quantity_lots), func.sum(Trade.quantity_lots)).where(
        Trade.instrument_id == instrument.id, Trade.executed_at >= last_day, Trade.executed_at < before)).one()
    return settlement_price(int(turnover), int(lots), instrument.floor.tick_minor)


def band_of(instrument, day):
    floor = instrument.floor
    return PriceBand.around(reference_price(instrument, day), floor.band_percent, floor.tick_minor)


def terms_for(instrument, now):
    """What ``instrument`` trades by at ``now``: tick, lot, size limit, today's band and the sessions."""
    floor = instrument.floor
    calendar = calendar_of(floor)
    return Terms(tick=floor.tick_minor, lot_size=floor.lot_size, max_order_lots=floor.max_order_lots,
                 band=band_of(instrument, calendar.trading_day_of(now)), calendar=calendar,
                 listed=instrument.status == LISTED and floor.active)


_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,39}$")


def create_instrument(operator, floor_code, code, name_zh, name_en, spec, delivery_place, delivery_month,
                      reference_price_minor):
    """List a new standard instrument on a floor (operator only; the gate checks the role).

    :raise InvalidInput: with every field that is wrong; nothing is stored then.
    """
    with transaction():
        floor = floor_by_code(floor_code)
        errors = {}
        code = (code or "").strip().upper()
        if not _CODE.match(code):
            errors["code"] = [_("Use 2 to 40 capital letters, digits and hyphens, such as RB-HRB400E-TJ-2612.")]
        elif db.session.scalar(select(Instrument.id).where(Instrument.code == code)):
            errors["code"] = [_("An instrument with this code exists already.")]
        for field, value in (("name_zh", name_zh), ("name_en", name_en), ("delivery_place", delivery_place)):
            if not (value or "").strip():
                errors[field] = [_("This field is required.")]
        if not _MONTH.match(delivery_month or ""):
            errors["delivery_month"] = [_("Enter the delivery month as YYYY-MM.")]
        if not isinstance(reference_price_minor, int) or reference_price_minor <= 0:
            errors["reference_price"] = [_("Enter a price above zero.")]
        elif reference_price_minor % floor.tick_minor:
            errors["reference_price"] = [_("The price must be a multiple of the tick size.")]
        try:
            cleaned = check_spec(floor, spec)
        except InvalidInput as refused:
            errors.update(refused.errors)
        if errors:
            raise InvalidInput(_("Some fields are not valid."), errors)
        instrument = Instrument(floor_id=floor.id, code=code, name_zh=name_zh.strip(), name_en=name_en.strip(),
                                spec=cleaned, delivery_place=delivery_place.strip(), delivery_month=delivery_month,
                                initial_reference_minor=reference_price_minor, status=LISTED)
        instrument.floor = floor
        db.session.add(instrument)
        db.session.flush()
        db.session.add(OrderBookHead(instrument_id=instrument.id, last_seq=0, trades=0))
        record("trading.instrument.listed", actor=operator.public_id, target=instrument.public_id,
               after={"floor": floor.code, "code": code, "spec": cleaned, "delivery_place": instrument.delivery_place,
                      "delivery_month": delivery_month, "reference_price_minor": reference_price_minor})
        return instrument
