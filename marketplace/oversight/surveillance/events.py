"""The market as surveillance sees it: plain, frozen records of what happened, in time order.

Pure: no Flask, no database. ``history`` builds these from the domains' stored rows and the live
path from their events, so a detector reads the same shapes in a backtest and live. Enterprises
are named by public id, amounts in minor units with their currency, quantities as Decimal in the
unit named beside them.
"""
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType


@dataclass(frozen=True)
class OrderEvent:
    """A floor order entering, leaving or changing on a continuous book (``action`` new | cancel | amend | fill).

    ``quantity`` is what the order asked (new), what was taken off (cancel), its new size (amend) or
    what filled (fill); ``remaining`` what is left open afterwards.
    """

    at: datetime
    floor: str
    instrument: str
    order: str
    enterprise: str
    action: str
    side: str  # buy | sell
    price_minor: int
    quantity: Decimal
    remaining: Decimal
    unit: str
    currency: str


@dataclass(frozen=True)
class TradeEvent:
    at: datetime
    floor: str
    instrument: str
    trade: str
    buyer: str
    seller: str
    buy_order: str
    sell_order: str
    price_minor: int
    quantity: Decimal
    unit: str
    currency: str
    aggressor: str  # buy | sell


@dataclass(frozen=True)
class DealEvent:
    """A contract or catalog order made between two enterprises (``source`` trade | auction | listing | catalog)."""

    at: datetime
    floor: str  # a catalog order's category floor, or "catalog"
    reference: str  # the contract's or order's public id
    source: str
    buyer: str
    seller: str
    commodity: str  # the instrument code, or the floor's commodity (category) code
    quantity: Decimal
    unit: str
    amount_minor: int
    currency: str


@dataclass(frozen=True)
class PaymentEvent:
    """Money between two enterprises about a deal: ``direction`` in (buyer pays) or out (refund, release)."""

    at: datetime
    reference: str
    payer: str
    payee: str
    amount_minor: int
    currency: str
    account: str  # the paying account's key (settlement account or card fingerprint); "" when unknown
    direction: str = "in"


@dataclass(frozen=True)
class MovementEvent:
    """Evidence that goods moved for a deal (``kind`` picked_up | delivered | rfid_read | confirmed)."""

    at: datetime
    reference: str
    kind: str


@dataclass(frozen=True)
class BidEvent:
    """A bid in an auction or tender (``auction_kind`` english | sealed | reverse)."""

    at: datetime
    floor: str
    auction: str
    auction_kind: str
    owner: str  # the enterprise that runs the auction
    enterprise: str
    price_minor: int
    quantity: Decimal
    unit: str
    currency: str
    won: bool = False
    deposit_account: str = ""  # the account its deposit came from; "" when none


MarketEvent = OrderEvent | TradeEvent | DealEvent | PaymentEvent | MovementEvent | BidEvent


@dataclass(frozen=True)
class Session:
    """One trading session of a floor on one day (UTC instants)."""

    floor: str
    day: date
    opens_at: datetime
    closes_at: datetime


@dataclass(frozen=True)
class Context:
    """What detectors need beside the events.

    ``groups`` maps an enterprise to its control group key (an enterprise alone is its own group);
    ``related`` maps a group key to the group keys it has a weaker "related" link with (shared
    address, phone or person); ``reference_prices`` maps (instrument, day) to the reference price;
    ``names`` maps an enterprise to its display names (zh, en) for sentences.
    """

    groups: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    related: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    reference_prices: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    sessions: tuple = ()
    names: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def group_of(self, enterprise):
        return self.groups.get(enterprise, enterprise)

    def are_related(self, first, second):
        """Whether two enterprises' groups differ but carry a "related" link."""
        a, b = self.group_of(first), self.group_of(second)
        return a != b and b in self.related.get(a, ())
