"""Inquiry, RFQ and quote use cases. Each public function is one transaction with its audit record.

Accepting a quote locks its RFQ (or inquiry) row first: of two acceptances at the same moment,
whether of the same quote or of two, the second finds the RFQ awarded and changes nothing.
"""
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import or_, select

from marketplace.accounts.lifecycle import may_trade
from marketplace.accounts.services import ensure_may_trade
from marketplace.audit.services import record
from marketplace.catalog.models import Category, Listing
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import DomainError, InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import SHANGHAI
from marketplace.money import DEFAULT_CURRENCY, Money, MoneyError, Unit
from marketplace.orders import services as orders
from marketplace.sourcing import comparison
from marketplace.sourcing.lifecycle import InquiryStatus, QuoteStatus, RfqStatus, quote_is_live, taking_quotes
from marketplace.sourcing.models import Inquiry, InquiryMessage, Quote, Rfq

MAX_LEAD_TIME_DAYS = 3650


class AlreadyDecided(DomainError):
    """The RFQ or inquiry was awarded (perhaps a moment ago, by a colleague): nothing more to accept."""

    status = 409


def _no_self_dealing(buyer_id, supplier_id, field):
    if buyer_id == supplier_id:
        raise InvalidInput(_("An enterprise cannot trade with itself."),
                           {field: [_("This belongs to your own enterprise.")]})


def _required_text(fields):
    """:raise InvalidInput: naming every blank field of ``{name: value}``."""
    errors = {name: [_("This field is required.")] for name, value in fields.items() if not (value or "").strip()}
    if errors:
        raise InvalidInput(_("Some fields are not valid."), errors)


# --- RFQs ----------------------------------------------------------------------------------------

def post_rfq(user, buyer, *, title, quantity, unit, delivery_place, delivery_date, deadline, category,
             specification=""):
    """Ask the suppliers of ``category`` (a code such as ``steel.rebar``) to quote until ``deadline``.

    :raise InvalidInput: for a deadline not in the future, a delivery before it, an unknown category.
    """
    ensure_may_trade(buyer)
    _required_text({"title": title, "delivery_place": delivery_place})
    errors = {}
    try:
        quantity = orders.parse_quantity(quantity)
    except InvalidInput as error:
        errors |= error.errors
    found = db.session.scalar(select(Category).where(Category.code == category))
    if found is None:
        errors["category"] = [_("Choose a category from the list.")]
    if unit not in set(Unit):
        errors["unit"] = [_("Choose a unit from the list.")]
    if deadline <= utcnow():
        errors["deadline"] = [_("The deadline must be in the future.")]
    elif delivery_date < deadline.astimezone(SHANGHAI).date():
        errors["delivery_date"] = [_("Delivery cannot be before the deadline for quotes.")]
    if errors:
        raise InvalidInput(_("Some fields are not valid."), errors)
    with transaction() as session:
        rfq = Rfq(buyer_enterprise_id=buyer.id, created_by_id=user.id, category_id=found.id, title=title.strip(),
                  specification=(specification or "").strip(), quantity=quantity, unit=unit,
                  currency=DEFAULT_CURRENCY, delivery_place=delivery_place.strip(), delivery_date=delivery_date,
                  deadline=deadline)
        session.add(rfq)
        session.flush()
        record("rfq.posted", actor=user.public_id, enterprise=buyer.public_id, target=rfq.public_id,
               after={"title": rfq.title, "category": category, "quantity": str(quantity), "unit": unit,
                      "deadline": deadline.isoformat()})
    return rfq


def _related_categories(category_ids):
    """Categories whose RFQs reach a supplier listing in ``category_ids``: those, their parents and children."""
    if not category_ids:
        return set()
    rows = db.session.execute(select(Category.id, Category.parent_id).where(
        or_(Category.id.in_(category_ids), Category.parent_id.in_(category_ids)))).all()
    parents = {row.parent_id for row in rows if row.id in category_ids and row.parent_id is not None}
    children = {row.id for row in rows}
    return set(category_ids) | parents | children


def _supplied_categories(supplier):
    return set(db.session.scalars(select(Listing.category_id).where(
        Listing.enterprise_id == supplier.id, Listing.status == "published").distinct()))


def rfqs_for_statement(supplier):
    """Open RFQs of other enterprises in the categories the supplier has published listings in."""
    categories = _related_categories(_supplied_categories(supplier))
    return select(Rfq).where(Rfq.category_id.in_(categories), Rfq.status == RfqStatus.OPEN, Rfq.deadline > utcnow(),
                             Rfq.buyer_enterprise_id != supplier.id)


def rfqs_for(supplier):
    """The supplier's "RFQs for you", closest deadline first."""
    return db.session.scalars(rfqs_for_statement(supplier).order_by(Rfq.deadline, Rfq.id)).all()


def rfqs_posted_statement(buyer):
    return select(Rfq).where(Rfq.buyer_enterprise_id == buyer.id)


def rfqs_posted_by(buyer):
    return db.session.scalars(rfqs_posted_statement(buyer).order_by(Rfq.created_at.desc(), Rfq.id.desc())).all()


def _may_see_as_supplier(enterprise, rfq):
    return (rfq.category_id in _related_categories(_supplied_categories(enterprise))
            or any(quote.supplier_enterprise_id == enterprise.id for quote in rfq.quotes))


def rfq_for(enterprise, public_id):
    """:raise NotFound: unless ``enterprise`` posted the RFQ or supplies its category (or has quoted on it)."""
    rfq = db.session.scalar(select(Rfq).where(Rfq.public_id == public_id))
    if rfq is None or (rfq.buyer_enterprise_id != enterprise.id and not _may_see_as_supplier(enterprise, rfq)):
        raise NotFound(_("No such RFQ."))
    return rfq


def quotes_seen_by(enterprise, rfq):
    """The buyer sees every quote; a supplier only its own."""
    if rfq.buyer_enterprise_id == enterprise.id:
        return list(rfq.quotes)
    return [quote for quote in rfq.quotes if quote.supplier_enterprise_id == enterprise.id]


def compare(buyer, rfq_public_id):
    """The buyer's side-by-side view of the quotes on its RFQ. :raise NotFound: for anyone else."""
    rfq = rfq_for(buyer, rfq_public_id)
    if rfq.buyer_enterprise_id != buyer.id:
        raise NotFound(_("No such RFQ."))
    return rfq, side_by_side(rfq.quotes)


def side_by_side(quotes):
    """``(comparison row, quote)`` pairs, live quotes first, cheapest and fastest marked."""
    offers = [comparison.Offer(key=quote.public_id, unit_price=Money(quote.unit_price_minor, quote.currency),
                               quantity=quote.quantity, unit=quote.unit, lead_time_days=quote.lead_time_days,
                               valid_until=quote.valid_until, status=quote.status, terms=quote.terms)
              for quote in quotes]
    by_key = {quote.public_id: quote for quote in quotes}
    return [(row, by_key[row.offer.key]) for row in comparison.compare(offers, utcnow())]


# --- quotes --------------------------------------------------------------------------------------

def _checked_offer(unit_price, currency, quantity, valid_until, lead_time_days):
    """:return: ``(Money, quantity)``. :raise InvalidInput: with every bad field at once."""
    errors = {}
    price = None
    try:
        price = Money.of(unit_price, currency)
    except MoneyError:
        errors["unit_price"] = [_("Enter the price per unit, for example 4100.50.")]
    if price is not None and price.minor <= 0:
        errors["unit_price"] = [_("The price must be above zero.")]
    try:
        quantity = orders.parse_quantity(quantity)
    except InvalidInput as error:
        errors |= error.errors
    if valid_until < utcnow():
        errors["valid_until"] = [_("A quote must be valid until a time still to come.")]
    if lead_time_days is not None and not 0 <= lead_time_days <= MAX_LEAD_TIME_DAYS:
        errors["lead_time_days"] = [_("Enter a number of days between 0 and %(n)d.", n=MAX_LEAD_TIME_DAYS)]
    if errors:
        raise InvalidInput(_("Some fields are not valid."), errors)
    return price, quantity


def quote_on_rfq(user, supplier, rfq_public_id, *, unit_price, quantity, valid_until, lead_time_days=None,
                 terms=""):
    """Offer a price on an open RFQ before its deadline; one live quote per supplier and RFQ.

    :raise InvalidInput: after the deadline, for a price not above zero, for one's own RFQ.
    """
    ensure_may_trade(supplier)
    with transaction() as session:
        rfq = session.scalar(lock_for_update(select(Rfq).where(Rfq.public_id == rfq_public_id))
                             .execution_options(populate_existing=True))
        if rfq is None or (rfq.buyer_enterprise_id != supplier.id and not _may_see_as_supplier(supplier, rfq)):
            raise NotFound(_("No such RFQ."))
        _no_self_dealing(rfq.buyer_enterprise_id, supplier.id, "rfq")
        if not taking_quotes(rfq.status, rfq.deadline, utcnow()):
            raise InvalidInput(
                _("Quotes for this RFQ closed at %(deadline)s (China Standard Time); no quote can be sent now.",
                  deadline=format_datetime(rfq.deadline, "yyyy-MM-dd HH:mm"))
                if rfq.status == RfqStatus.OPEN else _("This RFQ is already awarded; it takes no more quotes."),
                {"rfq": [_("Quotes are closed.")]})
        price, quantity = _checked_offer(unit_price, rfq.currency, quantity, valid_until, lead_time_days)
        if any(q.supplier_enterprise_id == supplier.id and q.status == QuoteStatus.SUBMITTED for q in rfq.quotes):
            raise InvalidInput(_("Your enterprise already has a quote on this RFQ; withdraw it to send a new one."),
                               {"rfq": [_("Already quoted.")]})
        quote = Quote(rfq_id=rfq.id, supplier_enterprise_id=supplier.id, created_by_id=user.id,
                      unit_price_minor=price.minor, currency=price.currency, quantity=quantity, unit=rfq.unit,
                      lead_time_days=lead_time_days, valid_until=valid_until, terms=(terms or "").strip())
        return _submitted(session, quote, user, supplier, rfq.public_id)


def quote_on_inquiry(user, supplier, inquiry_public_id, *, unit_price, quantity, valid_until, lead_time_days=None,
                     terms=""):
    """The listing's supplier answers an inquiry with a firm offer the buyer can accept."""
    ensure_may_trade(supplier)
    with transaction() as session:
        inquiry = _inquiry_locked(session, supplier, inquiry_public_id)
        if inquiry.listing.enterprise_id != supplier.id:
            raise InvalidInput(_("Only the listing's supplier quotes on an inquiry."), {"inquiry": [_("Not yours.")]})
        if inquiry.status != InquiryStatus.OPEN:
            raise AlreadyDecided(_("This inquiry has already become an order."))
        price, quantity = _checked_offer(unit_price, inquiry.listing.currency, quantity, valid_until, lead_time_days)
        quote = Quote(inquiry_id=inquiry.id, supplier_enterprise_id=supplier.id, created_by_id=user.id,
                      unit_price_minor=price.minor, currency=price.currency, quantity=quantity,
                      unit=inquiry.listing.unit, lead_time_days=lead_time_days, valid_until=valid_until,
                      terms=(terms or "").strip())
        return _submitted(session, quote, user, supplier, inquiry.public_id)


def _submitted(session, quote, user, supplier, about):
    session.add(quote)
    session.flush()
    record("quote.submitted", actor=user.public_id, enterprise=supplier.public_id, target=quote.public_id,
           after={"on": about, "unit_price_minor": quote.unit_price_minor, "currency": quote.currency,
                  "quantity": str(quote.quantity), "valid_until": quote.valid_until.isoformat()})
    return quote


def withdraw_quote(user, supplier, quote_public_id):
    """Take a quote back before the buyer accepts it. Safe to repeat."""
    with transaction() as session:
        quote = session.scalar(lock_for_update(select(Quote).where(
            Quote.public_id == quote_public_id, Quote.supplier_enterprise_id == supplier.id))
            .execution_options(populate_existing=True))
        if quote is None:
            raise NotFound(_("No such quote."))
        if quote.status == QuoteStatus.WITHDRAWN:
            return quote
        if quote.status != QuoteStatus.SUBMITTED:
            raise AlreadyDecided(_("The buyer has already decided on this quote; it can no longer be withdrawn."))
        quote.status = QuoteStatus.WITHDRAWN
        record("quote.withdrawn", actor=user.public_id, enterprise=supplier.public_id, target=quote.public_id,
               before={"status": QuoteStatus.SUBMITTED}, after={"status": QuoteStatus.WITHDRAWN})
    return quote


def accept_quote(user, buyer, quote_public_id):
    """Award the RFQ (or close the inquiry) to one live quote, reject the others, and place the order.

    Safe under retries and races: the RFQ row lock admits one acceptance; later ones get AlreadyDecided.
    An inquiry names no delivery place, so its order goes to the buyer's registered address.
    :return: the new Order.
    """
    ensure_may_trade(buyer)
    with transaction() as session:
        quote = session.scalar(select(Quote).where(Quote.public_id == quote_public_id))
        if quote is None:
            raise NotFound(_("No such quote."))
        subject = _locked_subject(session, buyer, quote)
        session.refresh(quote, with_for_update=True)
        if not quote_is_live(quote.status, quote.valid_until, utcnow()):
            raise InvalidInput(_("This quote was withdrawn or has expired; it cannot be accepted."),
                               {"quote": [_("No longer valid.")]})
        quote.status = QuoteStatus.ACCEPTED
        rejected = [other for other in (subject.quotes if isinstance(subject, Rfq) else quotes_on_inquiry(subject))
                    if other.id != quote.id and other.status == QuoteStatus.SUBMITTED]
        for other in rejected:
            other.status = QuoteStatus.REJECTED
        if isinstance(subject, Rfq):
            subject.status = RfqStatus.AWARDED
            order = orders.place_from_quote(user, quote, buyer, subject.title, subject.delivery_place,
                                            subject.delivery_date)
        else:
            subject.status = InquiryStatus.ORDERED
            order = orders.place_from_quote(user, quote, buyer, subject.listing.title_zh, buyer.address,
                                            listing_id=subject.listing_id)
        record("quote.accepted", actor=user.public_id, enterprise=buyer.public_id, target=quote.public_id,
               before={"status": QuoteStatus.SUBMITTED, "on_status": "open"},
               after={"on": subject.public_id, "on_status": subject.status, "order": order.public_id,
                      "rejected": [other.public_id for other in rejected]})
    return order


def _locked_subject(session, buyer, quote):
    """Lock the RFQ or inquiry the quote answers. :raise AlreadyDecided: when it was awarded already."""
    model = Rfq if quote.rfq_id is not None else Inquiry
    subject = session.scalar(lock_for_update(select(model).where(
        model.id == (quote.rfq_id or quote.inquiry_id), model.buyer_enterprise_id == buyer.id))
        .execution_options(populate_existing=True))
    if subject is None:
        raise NotFound(_("No such quote."))
    if subject.status != "open":
        raise AlreadyDecided(_("A quote was already accepted here; the order exists."))
    return subject


def quotes_on_inquiry(inquiry):
    return db.session.scalars(select(Quote).where(Quote.inquiry_id == inquiry.id)).all()


def quotes_by(supplier):
    return db.session.scalars(select(Quote).where(Quote.supplier_enterprise_id == supplier.id)
                              .order_by(Quote.created_at.desc(), Quote.id.desc())).all()


# --- inquiries -----------------------------------------------------------------------------------

def send_inquiry(user, buyer, listing_public_id, body, quantity=None):
    """Ask a supplier about one of its published listings. :raise InvalidInput: for one's own listing."""
    ensure_may_trade(buyer)
    _required_text({"body": body})
    quantity = orders.parse_quantity(quantity) if quantity not in (None, "") else None
    with transaction() as session:
        listing = inquirable_listing(listing_public_id)
        _no_self_dealing(buyer.id, listing.enterprise_id, "listing")
        inquiry = Inquiry(listing_id=listing.id, buyer_enterprise_id=buyer.id, sent_by_id=user.id,
                          quantity=quantity, unit=listing.unit if quantity else None)
        inquiry.messages.append(InquiryMessage(author_id=user.id, enterprise_id=buyer.id, body=body.strip()))
        session.add(inquiry)
        session.flush()
        record("inquiry.sent", actor=user.public_id, enterprise=buyer.public_id, target=inquiry.public_id,
               after={"listing": listing.public_id, "quantity": str(quantity) if quantity else None})
    return inquiry


def inquirable_listing(public_id):
    """:raise NotFound: unless the listing is published by a verified enterprise."""
    listing = db.session.scalar(select(Listing).where(Listing.public_id == public_id, Listing.status == "published"))
    if listing is None or not may_trade(listing.enterprise.status):
        raise NotFound(_("No such listing."))
    return listing


def reply(user, enterprise, inquiry_public_id, body):
    """Either side adds a message to the thread."""
    _required_text({"body": body})
    with transaction() as session:
        inquiry = _inquiry_locked(session, enterprise, inquiry_public_id)
        message = InquiryMessage(inquiry_id=inquiry.id, author_id=user.id, enterprise_id=enterprise.id,
                                 body=body.strip())
        session.add(message)
        session.flush()
        record("inquiry.message_posted", actor=user.public_id, enterprise=enterprise.public_id,
               target=inquiry.public_id, after={"message": message.id})
    return message


def inquiries_statement(enterprise):
    """Inquiries the enterprise sent, or received about its listings."""
    return select(Inquiry).join(Listing, Inquiry.listing_id == Listing.id).where(
        or_(Inquiry.buyer_enterprise_id == enterprise.id, Listing.enterprise_id == enterprise.id))


def _inquiry_locked(session, enterprise, public_id):
    """Lock the inquiry row only (not its listing, which buyers lock to take stock)."""
    inquiry = session.scalar(lock_for_update(select(Inquiry).where(Inquiry.public_id == public_id))
                             .execution_options(populate_existing=True))
    if inquiry is None or enterprise.id not in (inquiry.buyer_enterprise_id, inquiry.listing.enterprise_id):
        raise NotFound(_("No such inquiry."))
    return inquiry


def inquiries_of(enterprise):
    """Inquiries the enterprise sent or received, newest first."""
    return db.session.scalars(inquiries_statement(enterprise)
                              .order_by(Inquiry.created_at.desc(), Inquiry.id.desc())).all()


def inquiry_for(enterprise, public_id):
    """:raise NotFound: unless ``enterprise`` sent the inquiry or owns its listing."""
    inquiry = db.session.scalar(inquiries_statement(enterprise).where(Inquiry.public_id == public_id))
    if inquiry is None:
        raise NotFound(_("No such inquiry."))
    return inquiry

