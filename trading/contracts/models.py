from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise
from marketplace.catalog.models import MINOR_UNITS, QUANTITY
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db
from trading.floors.models import Floor, Instrument


class Contract(db.Model):
    """What two enterprises owe each other after a fill, an auction award or a listed-price purchase.

    Terms are copied in when it is made (spec, quantity, price, delivery), so a later change of the
    floor or instrument never changes a contract. Settlement moves it on from "awaiting_payment".
    """

    __tablename__ = "contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("ct"))
    source: Mapped[str] = mapped_column(String(10))  # trade | auction | listing
    trade_id: Mapped[int | None] = mapped_column(ForeignKey("trades.id"), unique=True)
    auction_id: Mapped[int | None] = mapped_column(ForeignKey("auctions.id"), unique=True)
    floor_listing_id: Mapped[int | None] = mapped_column(ForeignKey("floor_listings.id"), index=True)
    floor_id: Mapped[int] = mapped_column(ForeignKey("floors.id"), index=True)
    instrument_id: Mapped[int | None] = mapped_column(ForeignKey("instruments.id"), index=True)
    buyer_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    seller_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    title_zh: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    spec: Mapped[dict] = mapped_column(JSON, default=dict)
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    unit: Mapped[str] = mapped_column(String(20))
    price_minor: Mapped[int] = mapped_column(MINOR_UNITS)  # per unit
    amount_minor: Mapped[int] = mapped_column(MINOR_UNITS)
    currency: Mapped[str] = mapped_column(String(3))
    buyer_fee_minor: Mapped[int] = mapped_column(MINOR_UNITS, default=0)
    seller_fee_minor: Mapped[int] = mapped_column(MINOR_UNITS, default=0)
    delivery_place: Mapped[str] = mapped_column(String(200))
    delivery_month: Mapped[str] = mapped_column(String(7))
    delivery_terms: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(30), index=True)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    floor: Mapped[Floor] = relationship()
    instrument: Mapped[Instrument | None] = relationship()
    buyer: Mapped[Enterprise] = relationship(foreign_keys=[buyer_enterprise_id])
    seller: Mapped[Enterprise] = relationship(foreign_keys=[seller_enterprise_id])
