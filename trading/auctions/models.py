from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.catalog.models import MINOR_UNITS, QUANTITY
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db
from trading.floors.models import Floor


class Auction(db.Model):
    """An English (ascending), sealed-bid or reverse (procurement tender) auction of one lot.

    The owner sells in English and sealed-bid auctions and buys in a reverse one. ``reserve_minor``
    is the lowest acceptable price when selling and the highest when buying. ``closes_at`` moves
    when a late bid extends an English auction; ``scheduled_close_at`` keeps the announced time.
    """

    __tablename__ = "auctions"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("auc"))
    kind: Mapped[str] = mapped_column(String(10))  # english | sealed | reverse
    floor_id: Mapped[int] = mapped_column(ForeignKey("floors.id"), index=True)
    owner_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    spec: Mapped[dict] = mapped_column(JSON, default=dict)
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    unit: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str] = mapped_column(String(3))
    reserve_minor: Mapped[int | None] = mapped_column(MINOR_UNITS)  # per unit
    increment_minor: Mapped[int] = mapped_column(MINOR_UNITS)  # the smallest step between bids, per unit
    extension_window_seconds: Mapped[int] = mapped_column(default=0)
    extension_seconds: Mapped[int] = mapped_column(default=0)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    scheduled_close_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    delivery_place: Mapped[str] = mapped_column(String(200))
    delivery_month: Mapped[str] = mapped_column(String(7))
    delivery_terms: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)  # open | closed | cancelled
    outcome: Mapped[str | None] = mapped_column(String(20))  # awarded | no_bids | reserve_not_met
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    floor: Mapped[Floor] = relationship()
    owner: Mapped[Enterprise] = relationship()
    created_by: Mapped[User] = relationship()
    bids: Mapped[list["AuctionBid"]] = relationship(order_by="AuctionBid.id", back_populates="auction")

    @property
    def winning_bid(self):
        return next((bid for bid in self.bids if bid.won), None)


class AuctionBid(db.Model):
    """A bid (or, in a reverse auction, an offer); a buyer may disqualify an offer with a reason."""

    __tablename__ = "auction_bids"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("bid"))
    auction_id: Mapped[int] = mapped_column(ForeignKey("auctions.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    placed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    price_minor: Mapped[int] = mapped_column(MINOR_UNITS)  # per unit
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disqualified_reason: Mapped[str | None] = mapped_column(Text)
    won: Mapped[bool] = mapped_column(default=False)

    auction: Mapped[Auction] = relationship(back_populates="bids")
    enterprise: Mapped[Enterprise] = relationship()
    placed_by: Mapped[User] = relationship()
