from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise
from marketplace.catalog.models import MINOR_UNITS
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db


class GatewayCustomer(db.Model):
    """The gateway's customer object of one enterprise (cards are attached to it)."""

    __tablename__ = "gateway_customers"

    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SavedCard(db.Model):
    """A card an enterprise saved with the gateway; we keep only the gateway's id and what is shown."""

    __tablename__ = "saved_cards"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("crd"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    payment_method_id: Mapped[str] = mapped_column(String(64), unique=True)
    brand: Mapped[str] = mapped_column(String(20), default="")
    last4: Mapped[str] = mapped_column(String(4), default="")
    exp_month: Mapped[int | None]
    exp_year: Mapped[int | None]
    removed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Payment(db.Model):
    """One attempt to pay a part (full, deposit or balance) of an escrow through the gateway.

    Written and committed before the gateway is called, so a crash mid-call leaves a row that the
    recovery job finishes by looking the intent up (its metadata carries this row's public id).
    """

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("pay"))
    escrow_id: Mapped[int] = mapped_column(ForeignKey("escrows.id"), index=True)
    payer_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    part: Mapped[str] = mapped_column(String(10))  # full | deposit | balance
    amount_minor: Mapped[int] = mapped_column(MINOR_UNITS)
    currency: Mapped[str] = mapped_column(String(3))
    # pending → captured | declined | failed | cancelled; "unknown" while the gateway's answer is lost
    status: Mapped[str] = mapped_column(String(20), index=True, default="pending")
    payment_method_id: Mapped[str] = mapped_column(String(64))
    card_brand: Mapped[str] = mapped_column(String(20), default="")
    card_last4: Mapped[str] = mapped_column(String(4), default="")
    intent_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    charge_id: Mapped[str | None] = mapped_column(String(64))
    failure_code: Mapped[str | None] = mapped_column(String(60))
    failure_message: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    payer: Mapped[Enterprise] = relationship()


class Refund(db.Model):
    """Money sent back to the buyer's card for one payment; booked in the ledger once the gateway agrees."""

    __tablename__ = "refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("rfd"))
    escrow_id: Mapped[int] = mapped_column(ForeignKey("escrows.id"), index=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(MINOR_UNITS)
    currency: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(String(300))
    source_account: Mapped[str] = mapped_column(String(20), default="in_escrow")  # or "available"
    status: Mapped[str] = mapped_column(String(20), index=True, default="pending")  # pending | succeeded | failed
    gateway_refund_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    failure_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    succeeded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    payment: Mapped[Payment] = relationship()


class GatewayCall(db.Model):
    """Every call to the gateway, written before it is made and completed after: the trail recovery reads."""

    __tablename__ = "gateway_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    operation: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(24), index=True)  # our public id (payment, refund, payout)
    idempotency_key: Mapped[str] = mapped_column(String(80))
    request: Mapped[dict] = mapped_column(JSON, default=dict)
    outcome: Mapped[str | None] = mapped_column(String(20))  # ok | declined | rejected | unavailable | timeout
    gateway_object_id: Mapped[str | None] = mapped_column(String(64))
    response: Mapped[dict | None] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class GatewayEvent(db.Model):
    """A webhook delivery, kept once by the gateway's event id however often it arrives."""

    __tablename__ = "gateway_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    type: Mapped[str] = mapped_column(String(60), index=True)
    object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    created_at_gateway: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deliveries: Mapped[int] = mapped_column(default=1)
    outcome: Mapped[str] = mapped_column(String(200), default="")


class ReconciliationRun(db.Model):
    """One comparison of our ledger with the gateway; ``differences`` lists every mismatch found."""

    __tablename__ = "reconciliation_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("rec"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    intents_checked: Mapped[int] = mapped_column(default=0)
    differences: Mapped[list] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
