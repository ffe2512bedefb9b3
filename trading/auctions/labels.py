"""What auction codes read as, in the reader's language: kinds, statuses, outcomes, refused bids."""
from flask_babel import format_datetime, format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels
from marketplace.i18n import money
from trading.auctions import rules

PRICE_REFUSALS = {rules.BAD_PRICE, rules.OFF_TICK, rules.BELOW_RESERVE, rules.ABOVE_CEILING, rules.TOO_LOW,
                  rules.TOO_HIGH}


def _when(moment):
    return format_datetime(moment, "yyyy-MM-dd HH:mm:ss")


KIND = "auction_kind"
STATUS = "auction_status"
labels.register(KIND, {rules.ENGLISH: _l("English (ascending)"), rules.SEALED: _l("Sealed-bid"),
                       rules.REVERSE: _l("Reverse (procurement tender)")})
labels.register(STATUS, {"open": _l("open"), "closed": _l("closed"), "cancelled": _l("cancelled")})


def status_label(status):
    return labels.label(status, STATUS)


def outcome_label(auction):
    if auction.outcome == rules.RESERVE_NOT_MET:
        return (_("no qualifying offer within the ceiling") if auction.kind == rules.REVERSE
                else _("reserve not met"))
    return {rules.AWARDED: _("awarded"), rules.NO_BIDS: _("no bids")}.get(auction.outcome, auction.outcome or "")


def reserve_label(auction):
    """A reverse auction's reserve is the buyer's ceiling."""
    return _("Ceiling price") if auction.kind == rules.REVERSE else _("Reserve price")


def bid_hint(view):
    """What the next bid must be, as the reader may know it."""
    auction = view.auction
    unit = labels.label(auction.unit, "unit")
    if auction.kind == rules.SEALED:
        return _("Bids stay sealed until the close; a new bid of your enterprise replaces its earlier one. The "
                 "highest wins, the earlier of equal bids.")
    if auction.kind == rules.REVERSE:
        limit = auction.reserve_minor if view.best_minor is None else view.best_minor - auction.increment_minor
        if limit is None:
            return _("Offer a price per %(unit)s; the lowest qualifying offer wins.", unit=unit)
        return _("Offer at most %(price)s per %(unit)s; the lowest qualifying offer wins.",
                 price=money(limit, auction.currency), unit=unit)
    least = auction.reserve_minor if view.best_minor is None else view.best_minor + auction.increment_minor
    if least is None:
        return _("Bid a price per %(unit)s; the highest bid wins.", unit=unit)
    return _("Bid at least %(price)s per %(unit)s; the highest bid wins.", price=money(least, auction.currency),
             unit=unit)


def countdown(auction, now):
    """``closes in 2 hours, at 2026-03-02 14:00:00 (Beijing time)``, or when it opens or closed."""
    if auction.status != "open":
        return _("Closed at %(time)s (Beijing time).", time=_when(auction.closed_at or auction.closes_at))
    if now < auction.opens_at:
        return _("Opens in %(left)s, at %(time)s (Beijing time).",
                 left=format_timedelta(auction.opens_at - now, threshold=1.5), time=_when(auction.opens_at))
    if now >= auction.closes_at:
        return _("Closing now: the close was %(time)s (Beijing time).", time=_when(auction.closes_at))
    return _("Closes in %(left)s, at %(time)s (Beijing time).",
             left=format_timedelta(auction.closes_at - now, threshold=1.5), time=_when(auction.closes_at))


def refusal_text(refusal, auction):
    """A sentence for why a bid was refused."""
    params = refusal.params
    price = (lambda minor: money(minor, auction.currency))
    messages = {
        rules.OWN_AUCTION: lambda: _("An enterprise cannot bid in its own auction."),
        rules.NOT_OPEN_YET: lambda: _("The auction opens at %(time)s (Beijing time); bids are taken from then on.",
                                      time=_when(params["opens_at"])),
        rules.CLOSED: lambda: _("The auction closed at %(time)s (Beijing time); no bid can be placed now.",
                                time=_when(params["closes_at"])),
        rules.BAD_PRICE: lambda: _("Enter a price above zero."),
        rules.OFF_TICK: lambda: _("The price must be a multiple of the tick size, %(tick)s.",
                                  tick=price(params["tick"])),
        rules.BELOW_RESERVE: lambda: _("Bids must be at least the reserve price, %(price)s.",
                                       price=price(params["reserve"])),
        rules.ABOVE_CEILING: lambda: _("Offers must be at most the buyer's ceiling price, %(price)s.",
                                       price=price(params["reserve"])),
        rules.TOO_LOW: lambda: _("A bid must be at least %(price)s: the leading bid plus the minimum increment.",
                                 price=price(params["minimum"])),
        rules.TOO_HIGH: lambda: _("An offer must be at most %(price)s: the lowest offer minus the minimum "
                                  "decrement.", price=price(params["maximum"])),
        rules.DISQUALIFIED: lambda: _("The buyer disqualified your enterprise's offer in this tender, so it cannot "
                                      "offer again."),
    }
    return messages[refusal.code]()
