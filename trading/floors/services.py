"""Use cases of floors and instruments: finding them, their calendars, and today's trading terms."""
import copy
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from marketplace.bookings.calendar import SHANGHAI
from marketplace.audit.services import record
from marketplace.catalog import attributes
from marketplace.catalog.checks import attribute_message, plain
from marketplace.database import lock_for_update, transaction
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import in_reader_language
from marketplace.money import DEFAULT_CURRENCY, MINOR_DIGITS, Money, MoneyError, Unit
from trading.book.models import FloorOrder, OrderBookHead, Trade
from trading.book.pretrade import Terms
from trading.checks import PriceBand, settlement_price
from trading.floors.calendar import TradingCalendar, minute_of
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


def instruments_of(floor):
    """A floor's instruments, listed and suspended, by code."""
    return db.session.scalars(select(Instrument).where(Instrument.floor_id == floor.id)
                              .order_by(Instrument.code)).all()


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
    # An operator's new initial reference bumps the instrument's version, a new tick the floor's.
    key = (instrument.id, instrument.version, instrument.floor.version, day)
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


def check_delivery_month(month, errors):
    """Adds the refusal under ``delivery_month`` unless ``month`` is YYYY-MM (instruments and lots alike)."""
    if not _MONTH.match(month or ""):
        errors["delivery_month"] = [_("Enter the delivery month as YYYY-MM.")]


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
        check_delivery_month(delivery_month, errors)
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


# --- the operator's configuration -------------------------------------------------------------------
#
# Floors are data: the operator creates and edits them (and their lot specification schema) through
# these use cases, which check every setting at once and name each refused field, so a web form
# and an API client both learn everything wrong in one answer.

FLOOR_SETTINGS = ("name_zh", "name_en", "unit", "currency", "tick", "lot_size", "max_order_lots", "band_percent",
                  "buyer_fee_bp", "seller_fee_bp", "deposit_percent", "inspection_days", "sessions", "open_weekdays",
                  "closed_on_holidays", "closed_dates", "delivery_terms", "spec_schema")
ATTRIBUTE_KEYS = ("name", "kind", "label_zh", "label_en", "required", "choices", "minimum", "maximum", "max_length")
MAX_BAND_PERCENT = Decimal(50)
MAX_FEE_BP = 1000  # 10 % of the contract amount
MAX_INSPECTION_DAYS = 30  # mainland working days
MAX_ORDER_LOTS = 1_000_000
MAX_TEXT_LENGTH = 1000
_FLOOR_CODE = re.compile(r"^[a-z][a-z0-9_]{1,29}$")
_ATTRIBUTE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_CHOICE_KINDS = (attributes.CHOICE, attributes.CHOICES)
_BOUNDED_KINDS = (attributes.INTEGER, attributes.DECIMAL)


def floor_settings(floor):
    """A floor's settings as the operator writes them (tick in currency units, numbers as text)."""
    return {
        "name_zh": floor.name_zh, "name_en": floor.name_en, "unit": floor.unit, "currency": floor.currency,
        "tick": str(Money(floor.tick_minor, floor.currency).amount), "lot_size": plain(floor.lot_size),
        "max_order_lots": floor.max_order_lots, "band_percent": plain(floor.band_percent),
        "buyer_fee_bp": floor.buyer_fee_bp, "seller_fee_bp": floor.seller_fee_bp,
        "deposit_percent": plain(floor.deposit_percent), "inspection_days": floor.inspection_days,
        "sessions": [dict(session) for session in floor.sessions], "open_weekdays": list(floor.open_weekdays),
        "closed_on_holidays": floor.closed_on_holidays, "closed_dates": [str(day) for day in floor.closed_dates],
        "delivery_terms": floor.delivery_terms, "spec_schema": copy.deepcopy(floor.spec_schema),
    }


def create_floor(operator, code, **settings):
    """Open a new floor (petroleum, rare metals, cotton…) as data; it is active at once.

    :raise InvalidInput: with every refused setting (``sessions.0.opens``, ``spec_schema.attributes.2.kind``…).
    """
    with transaction():
        errors = {}
        code = (code or "").strip().lower()
        if not _FLOOR_CODE.match(code):
            errors["code"] = [_("Use 2 to 30 small letters, digits and underscores, starting with a letter, "
                                "such as petroleum or rare_metals.")]
        elif db.session.scalar(select(Floor.id).where(Floor.code == code)):
            errors["code"] = [_("A floor with this code exists already.")]
        missing = {name: None for name in FLOOR_SETTINGS}
        cleaned = _checked_settings({**missing, **_NEW_FLOOR_DEFAULTS, **settings}, errors)
        position = (db.session.scalar(select(func.max(Floor.position))) or 0) + 1
        floor = Floor(code=code, active=True, position=position, version=1, **cleaned)
        db.session.add(floor)
        db.session.flush()
        record("trading.floor.created", actor=operator.public_id, target=code, after=_audit_view(cleaned))
        return floor


# Settings a new floor may leave out; everything else must be given.
_NEW_FLOOR_DEFAULTS = {"currency": DEFAULT_CURRENCY, "max_order_lots": 1000, "buyer_fee_bp": 0, "seller_fee_bp": 0,
                       "deposit_percent": "0", "inspection_days": 3,
                       "open_weekdays": [0, 1, 2, 3, 4], "closed_on_holidays": True, "closed_dates": [],
                       "delivery_terms": ""}


def update_floor(operator, code, **changes):
    """Change some of a floor's settings (those not given stay as they are).

    Changes that would alter what existing business means are refused, naming what stands in the
    way: a spec schema that a listed or suspended instrument's spec would fail, another unit or
    currency once instruments or listings exist, another lot size while orders rest on its books.
    :raise InvalidInput: with every refused setting; nothing changes then.
    """
    unknown = set(changes) - set(FLOOR_SETTINGS)
    if unknown:
        raise TypeError(f"not a floor setting: {', '.join(sorted(unknown))}")
    with transaction():
        floor = _locked_floor(code)
        cleaned = _checked_settings({**floor_settings(floor), **changes}, {}, floor)
        changed = {name: value for name, value in cleaned.items() if getattr(floor, name) != value}
        if not changed:
            return floor
        before = _apply_changes(floor, changed)
        record("trading.floor.changed", actor=operator.public_id, target=floor.code, before=_audit_view(before),
               after=_audit_view(changed))
        return floor


def set_floor_active(operator, code, active):
    """Open a floor to trading again, or close it: an inactive floor takes no orders and no listings."""
    with transaction():
        floor = _locked_floor(code)
        if floor.active != bool(active):
            floor.active = bool(active)
            floor.version += 1
            record("trading.floor.activated" if active else "trading.floor.deactivated", actor=operator.public_id,
                   target=floor.code, after={"active": floor.active})
        return floor


def update_instrument(operator, public_id, name_zh=None, name_en=None, delivery_place=None, status=None,
                      reason=None, reference_price_minor=None):
    """Rename, move the delivery place, suspend or resume an instrument (with a reason), or set its
    initial reference price, which centres the band only until its first trade.

    :raise InvalidInput: with every refused field; nothing changes then.
    """
    with transaction():
        # The floor is read apart: PostgreSQL locks no row on the outer side of the usual joined load.
        instrument = db.session.scalar(lock_for_update(
            select(Instrument).options(lazyload(Instrument.floor)).where(Instrument.public_id == public_id))
            .execution_options(populate_existing=True))
        if instrument is None:
            raise NotFound(_("There is no such instrument."))
        errors, changes = {}, {}
        for field, value in (("name_zh", name_zh), ("name_en", name_en), ("delivery_place", delivery_place)):
            if value is None:
                continue
            value = value.strip()
            limit = 200
            if not value:
                errors[field] = [_("This field is required.")]
            elif len(value) > limit:
                errors[field] = [_("Use at most %(n)d characters.", n=limit)]
            elif value != getattr(instrument, field):
                changes[field] = value
        if status is not None and status != instrument.status:
            if status not in (LISTED, SUSPENDED):
                errors["status"] = [_("Choose listed or suspended.")]
            elif not (reason or "").strip():
                errors["reason"] = [_("Say why: traders read the reason.")]
            else:
                changes["status"] = status
        if reference_price_minor is not None and reference_price_minor != instrument.initial_reference_minor:
            problem = _reference_problem(instrument, reference_price_minor)
            if problem:
                errors["reference_price"] = [problem]
            else:
                changes["initial_reference_minor"] = reference_price_minor
        if errors:
            raise InvalidInput(_("Some fields are not valid."), errors)
        if not changes:
            return instrument
        before = _apply_changes(instrument, changes)
        action = {SUSPENDED: "trading.instrument.suspended", LISTED: "trading.instrument.resumed"}.get(
            changes.get("status"), "trading.instrument.changed")
        record(action, actor=operator.public_id, target=instrument.public_id, before=before,
               after={**changes, "reason": (reason or "").strip() or None})
        return instrument


def _reference_problem(instrument, price_minor):
    if not isinstance(price_minor, int) or isinstance(price_minor, bool) or price_minor <= 0:
        return _("Enter a price above zero.")
    if price_minor % instrument.floor.tick_minor:
        return _("The price must be a multiple of the tick size.")
    if db.session.scalar(select(Trade.id).where(Trade.instrument_id == instrument.id).limit(1)):
        return _("The instrument has traded: its reference is now the previous settlement price.")
    return None


def minor_units_of(floor, value, field="price"):
    """An amount in the floor's currency units (``"4120.00"``) as minor units, on the floor's tick.

    :raise InvalidInput: under ``field`` for something that is not such a price.
    """
    try:
        amount = Money.of(value, floor.currency)
    except MoneyError:
        raise InvalidInput(_("Enter the price as an amount, such as 4120.00."),
                           {field: [_("Enter an amount in %(currency)s with at most %(digits)d decimals.",
                                      currency=floor.currency, digits=MINOR_DIGITS[floor.currency])]}) from None
    if amount.minor <= 0:
        raise InvalidInput(_("Enter a price above zero."), {field: [_("Enter a price above zero.")]})
    if amount.minor % floor.tick_minor:
        tick = Money(floor.tick_minor, floor.currency).amount
        raise InvalidInput(_("The price must be a multiple of the tick size."),
                           {field: [_("The price must be a multiple of the tick size, %(tick)s %(currency)s.",
                                      tick=tick, currency=floor.currency)]})
    return amount.minor


def _locked_floor(code):
    """:raise NotFound: for an unknown floor code."""
    floor = db.session.scalar(lock_for_update(select(Floor).where(Floor.code == code))
                              .execution_options(populate_existing=True))
    if floor is None:
        raise NotFound(_("There is no trading floor “%(code)s”.", code=code))
    return floor


def _apply_changes(row, changes):
    """Sets ``changes`` on a floor or instrument, bumps its version and returns the replaced values (for the audit)."""
    before = {name: getattr(row, name) for name in changes}
    for name, value in changes.items():
        setattr(row, name, value)
    row.version += 1
    return before


def _audit_view(values):
    return {name: (plain(value) if isinstance(value, Decimal) else value) for name, value in values.items()}


def _text(value):
    return value.strip() if isinstance(value, str) else ""


def _decimal(value):
    """A finite Decimal from text or a number (never through float), or None."""
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _whole(value):
    number = _decimal(value)
    return int(number) if number is not None and number == number.to_integral_value() else None


def _checked_settings(settings, errors, floor=None):
    """The floor's column values from the operator's settings, or InvalidInput naming every problem.

    ``errors`` may already hold problems of the caller (the code of a new floor); ``floor`` is the
    floor being edited, whose instruments, listings and resting orders limit some changes.
    """
    cleaned = {}
    for field in ("name_zh", "name_en"):
        text = _text(settings[field])
        if not text:
            errors[field] = [_("This field is required.")]
        elif len(text) > 100:
            errors[field] = [_("Use at most %(n)d characters.", n=100)]
        cleaned[field] = text
    cleaned["unit"] = settings["unit"]
    if settings["unit"] not in tuple(Unit):
        errors["unit"] = [_("Choose one of: %(choices)s.", choices=", ".join(Unit))]
    cleaned["currency"] = settings["currency"]
    if settings["currency"] not in MINOR_DIGITS:
        errors["currency"] = [_("Choose one of: %(choices)s.", choices=", ".join(MINOR_DIGITS))]
    else:
        cleaned["tick_minor"] = _tick_minor(settings["tick"], settings["currency"], errors)
    lot_size = _decimal(settings["lot_size"])
    if lot_size is None or lot_size <= 0 or lot_size != lot_size.quantize(Decimal("0.001")) or lot_size >= 10**15:
        errors["lot_size"] = [_("Enter the units in one lot: a number above zero with at most three decimals.")]
    cleaned["lot_size"] = lot_size
    cleaned["max_order_lots"] = _whole(settings["max_order_lots"])
    if cleaned["max_order_lots"] is None or not 1 <= cleaned["max_order_lots"] <= MAX_ORDER_LOTS:
        errors["max_order_lots"] = [_("Enter a whole number of lots from 1 to %(most)d.", most=MAX_ORDER_LOTS)]
    band = _decimal(settings["band_percent"])
    if band is None or not 0 < band <= MAX_BAND_PERCENT or band != band.quantize(Decimal("0.01")):
        errors["band_percent"] = [_("The daily band is a percentage above 0 and at most %(most)s, with at most two "
                                    "decimals, such as 5 or 2.5.", most=MAX_BAND_PERCENT)]
    cleaned["band_percent"] = band
    for field in ("buyer_fee_bp", "seller_fee_bp"):
        cleaned[field] = _whole(settings[field])
        if cleaned[field] is None or not 0 <= cleaned[field] <= MAX_FEE_BP:
            errors[field] = [_("Enter basis points from 0 to %(most)d (1 basis point is 0.01 %% of the contract "
                               "amount).", most=MAX_FEE_BP)]
    deposit = _decimal(settings["deposit_percent"])
    if deposit is None or not 0 <= deposit < 100 or deposit != deposit.quantize(Decimal("0.01")):
        errors["deposit_percent"] = [_("The deposit is a percentage from 0 (paid in full at once) to below 100, "
                                       "with at most two decimals.")]
    cleaned["deposit_percent"] = deposit
    cleaned["inspection_days"] = _whole(settings["inspection_days"])
    if cleaned["inspection_days"] is None or not 0 <= cleaned["inspection_days"] <= MAX_INSPECTION_DAYS:
        errors["inspection_days"] = [_("Enter the buyer's inspection window in working days, from 0 to %(most)d.",
                                       most=MAX_INSPECTION_DAYS)]
    cleaned["sessions"] = _checked_sessions(settings["sessions"], errors)
    cleaned["open_weekdays"] = _checked_weekdays(settings["open_weekdays"], errors)
    cleaned["closed_on_holidays"] = bool(settings["closed_on_holidays"])
    cleaned["closed_dates"] = _checked_dates(settings["closed_dates"], errors)
    cleaned["delivery_terms"] = _text(settings["delivery_terms"])
    if len(cleaned["delivery_terms"]) > 300:
        errors["delivery_terms"] = [_("Use at most %(n)d characters.", n=300)]
    cleaned["spec_schema"] = _checked_schema(settings["spec_schema"], errors)
    if floor is not None and not errors:
        _check_existing_business(floor, cleaned, errors)
    if errors:
        raise InvalidInput(_("Some settings are not valid; nothing was changed."), errors)
    return cleaned


def _tick_minor(tick, currency, errors):
    try:
        minor = Money.of(tick if tick is not None else "", currency).minor
    except MoneyError:
        minor = None
    if minor is None or minor <= 0:
        errors["tick"] = [_("Enter the price step per unit as an amount above zero in %(currency)s with at most "
                            "%(digits)d decimals, such as 1.00.", currency=currency, digits=MINOR_DIGITS[currency])]
    return minor


def _checked_sessions(sessions, errors):
    """``[{"opens", "closes"}]`` in time order; overlaps and backwards windows are refused by the calendar."""
    if not isinstance(sessions, list | tuple) or not sessions:
        errors["sessions"] = [_("Give the floor at least one session, such as 09:00 to 11:30.")]
        return []
    cleaned, row_errors = [], {}
    for index, session in enumerate(sessions):
        session = session if isinstance(session, dict) else {}
        row = {}
        for end in ("opens", "closes"):
            clock = str(session.get(end) or "").strip()
            try:
                minute_of(clock)
            except ValueError:
                row_errors[f"sessions.{index}.{end}"] = [_("Enter a time as HH:MM, such as 09:00 (24:00 is "
                                                           "midnight at the end of the day).")]
            row[end] = clock
        cleaned.append(row)
    if row_errors:
        errors.update(row_errors)
        return cleaned
    for index, row in enumerate(cleaned):
        if minute_of(row["closes"]) <= minute_of(row["opens"]):
            row_errors[f"sessions.{index}.closes"] = [_("A session must close after it opens.")]
    if row_errors:
        errors.update(row_errors)
        return cleaned
    cleaned.sort(key=lambda row: minute_of(row["opens"]))
    try:
        TradingCalendar.from_settings(cleaned, range(7), False, ())
    except ValueError:
        overlapping = [f"{a['opens']}–{a['closes']} / {b['opens']}–{b['closes']}" for a, b in zip(cleaned, cleaned[1:])
                       if minute_of(a["closes"]) > minute_of(b["opens"])]
        errors["sessions"] = [_("Sessions must not overlap: %(pairs)s.", pairs="; ".join(overlapping))]
    return cleaned


def _checked_weekdays(weekdays, errors):
    days = [_whole(day) for day in weekdays] if isinstance(weekdays, list | tuple) else []
    if not days or any(day is None or not 0 <= day <= 6 for day in days):
        errors["open_weekdays"] = [_("Choose at least one weekday (0 is Monday, 6 is Sunday).")]
        return []
    return sorted(set(days))


def _checked_dates(dates, errors):
    if isinstance(dates, str):
        dates = dates.replace(",", " ").split()
    if not isinstance(dates, list | tuple):
        dates = [dates]
    cleaned, wrong = set(), []
    for day in dates:
        try:
            cleaned.add(date.fromisoformat(str(day).strip()).isoformat())
        except ValueError:
            wrong.append(str(day))
    if wrong:
        errors["closed_dates"] = [_("Enter dates as YYYY-MM-DD; these are not: %(dates)s.", dates=", ".join(wrong))]
    return sorted(cleaned)


def _checked_schema(schema, errors):
    """The lot specification schema, each declaration checked so the operator sees which row is wrong."""
    field = "spec_schema"
    if not isinstance(schema, dict) or not isinstance(schema.get("attributes"), list):
        errors[field] = [_("Declare the lot specification as a list of fields.")]
        return {}
    declarations = [item for item in schema["attributes"] if item]
    if not declarations:
        errors[field] = [_("Declare at least one field of the lot specification.")]
        return {}
    cleaned, seen = [], set()
    for index, item in enumerate(declarations):
        prefix = f"{field}.attributes.{index}"
        declaration = _checked_declaration(item if isinstance(item, dict) else {}, prefix, errors)
        if declaration.get("name") in seen:
            errors.setdefault(f"{prefix}.name", []).append(_("Another field has this name already."))
        seen.add(declaration.get("name"))
        cleaned.append(declaration)
    kinds = {item.get("name"): item.get("kind") for item in cleaned}
    result = {"attributes": cleaned}
    windows = [list(pair) for pair in schema.get("windows") or ()]
    if any(len(pair) != 2 or any(kinds.get(name) != attributes.DATE for name in pair) for pair in windows):
        errors[f"{field}.windows"] = [_("A window names two date fields of this schema: from and to.")]
    needs = [list(triple) for triple in schema.get("needs") or ()]
    if any(len(triple) != 3 or triple[0] not in kinds or triple[1] not in kinds for triple in needs):
        errors[f"{field}.needs"] = [_("A need names two fields of this schema and the value that says nothing.")]
    if windows:
        result["windows"] = windows
    if needs:
        result["needs"] = needs
    if not any(name.startswith(field) for name in errors):
        try:
            attributes.schema_from_data(result)
        except ValueError as refused:
            errors[field] = [_("The schema is not valid: %(reason)s.", reason=str(refused))]
    return result


def _checked_declaration(item, prefix, errors):
    declaration = {}
    name = str(item.get("name") or "").strip()
    if not _ATTRIBUTE_NAME.match(name):
        errors[f"{prefix}.name"] = [_("Use small letters, digits and underscores, starting with a letter, such as "
                                      "sulphur_percent.")]
    kind = item.get("kind")
    if kind not in attributes.KINDS:
        errors[f"{prefix}.kind"] = [_("Choose one of: %(choices)s.", choices=", ".join(attributes.KINDS))]
    declaration.update(name=name, kind=kind)
    for label_field in ("label_zh", "label_en"):
        text = str(item.get(label_field) or "").strip()
        if not text:
            errors[f"{prefix}.{label_field}"] = [_("Give the field a label in both languages.")]
        elif len(text) > 100:
            errors[f"{prefix}.{label_field}"] = [_("Use at most %(n)d characters.", n=100)]
        declaration[label_field] = text
    declaration["required"] = bool(item.get("required"))
    choices = item.get("choices") or []
    if isinstance(choices, str):
        choices = choices.split(",")
    choices = [str(choice).strip() for choice in choices if str(choice).strip()]
    if kind in _CHOICE_KINDS:
        if not choices:
            errors[f"{prefix}.choices"] = [_("List the choices, separated by commas.")]
        elif len(set(choices)) < len(choices) or any(len(choice) > 60 for choice in choices):
            errors[f"{prefix}.choices"] = [_("Each choice once, each at most 60 characters.")]
        declaration["choices"] = choices
    elif choices:
        errors[f"{prefix}.choices"] = [_("Only choice fields have choices.")]
    bounds = {}
    for bound in ("minimum", "maximum"):
        value = item.get(bound)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        number = _whole(value) if kind == attributes.INTEGER else _decimal(value)
        if kind not in _BOUNDED_KINDS:
            errors[f"{prefix}.{bound}"] = [_("Only integer and decimal fields have a minimum and maximum.")]
        elif number is None:
            errors[f"{prefix}.{bound}"] = [_("Enter a whole number.") if kind == attributes.INTEGER
                                           else _("Enter a number, such as 12.5.")]
        else:
            bounds[bound] = number
            declaration[bound] = number if kind == attributes.INTEGER else plain(number)
    if len(bounds) == 2 and bounds["minimum"] > bounds["maximum"]:
        errors[f"{prefix}.maximum"] = [_("The maximum must not be below the minimum.")]
    max_length = item.get("max_length")
    if max_length not in (None, ""):
        length = _whole(max_length)
        if kind != attributes.TEXT:
            errors[f"{prefix}.max_length"] = [_("Only text fields have a maximum length.")]
        elif length is None or not 1 <= length <= MAX_TEXT_LENGTH:
            errors[f"{prefix}.max_length"] = [_("Enter a length from 1 to %(most)d.", most=MAX_TEXT_LENGTH)]
        else:
            declaration["max_length"] = length
    return declaration


def _check_existing_business(floor, cleaned, errors):
    """Refuse changes that would silently change what existing instruments, listings or orders mean."""
    from trading.book.services import LIVE  # trading.book.services imports this module
    from trading.listings.models import FloorListing

    instruments = instruments_of(floor)
    if cleaned["spec_schema"] != floor.spec_schema:
        schema = attributes.schema_from_data(cleaned["spec_schema"])
        failing = []
        for instrument in instruments:
            try:
                attributes.check_against(schema, instrument.spec)
            except attributes.AttributeErrors as refused:
                names = ", ".join(sorted(str(name) if name else _("unknown fields") for name in refused.problems))
                failing.append(f"{instrument.code} ({names})")
        if failing:
            errors["spec_schema"] = [_("These instruments' specifications would no longer meet the schema: "
                                       "%(instruments)s. Keep the fields they use, and add new fields as optional.",
                                       instruments="; ".join(failing))]
    open_listings = db.session.scalar(select(func.count()).select_from(FloorListing).where(
        FloorListing.floor_id == floor.id, FloorListing.status == "open"))
    for field in ("unit", "currency"):
        if cleaned[field] != getattr(floor, field) and (instruments or open_listings):
            errors[field] = [_("Instruments or open listings on this floor are priced and measured in it: "
                               "%(instruments)s. Open a new floor instead.",
                               instruments=", ".join(i.code for i in instruments) or _("listings"))]
    if cleaned["lot_size"] != floor.lot_size:
        resting = db.session.scalar(select(func.count()).select_from(FloorOrder).join(Instrument).where(
            Instrument.floor_id == floor.id, FloorOrder.status.in_(LIVE)))
        if resting:
            errors["lot_size"] = [ngettext("%(num)d order rests on this floor's books in lots of the present size; "
                                           "change the lot size when none does.",
                                           "%(num)d orders rest on this floor's books in lots of the present size; "
                                           "change the lot size when none does.", resting)]
    if cleaned.get("tick_minor") and cleaned["tick_minor"] != floor.tick_minor:
        off_tick = [i.code for i in instruments if i.initial_reference_minor % cleaned["tick_minor"]]
        if off_tick:
            errors["tick"] = [_("The reference price of %(instruments)s is not a multiple of this tick.",
                                instruments=", ".join(off_tick))]


# --- what the public pages and the API show ----------------------------------------------------------

@dataclass(frozen=True)
class FloorDay:
    """A floor's trading state at one moment: whether today trades, whether it is open, when it opens next."""

    trading_day: bool
    open_now: bool
    next_open: datetime | None
    closes_at: datetime | None


def floor_day(floor, now):
    calendar = calendar_of(floor)
    return FloorDay(calendar.is_trading_day(calendar.trading_day_of(now)), floor.active and calendar.is_open(now),
                    calendar.next_open(now) if floor.active else None, calendar.session_close(now))


def band_today(instrument, now):
    """Today's band (low, high in minor units) and its centre, for pages and the API."""
    day = calendar_of(instrument.floor).trading_day_of(now)
    return reference_price(instrument, day), band_of(instrument, day)


def listed_instrument_counts():
    """``{floor id: number of listed instruments}`` for the floor directory."""
    return dict(db.session.execute(select(Instrument.floor_id, func.count()).where(Instrument.status == LISTED)
                                   .group_by(Instrument.floor_id)).all())
