"""Each floor's compliance profile: which trading mechanisms it may use and the limits trading keeps.

``mechanisms`` is a subset of continuous | call_auction | listed_price | auction | negotiated.
``min_holding_days`` is the T+N interval before a bought quantity may be sold again; ``holder_cap``
the most enterprises that may hold one instrument. Trading refuses what the profile forbids.
"""
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.database import UTCDateTime, utcnow
from marketplace.extensions import db


class FloorComplianceProfile(db.Model):
    __tablename__ = "floor_compliance_profiles"

    floor_id: Mapped[int] = mapped_column(ForeignKey("floors.id"), primary_key=True)
    based_on: Mapped[str] = mapped_column(String(40), default="custom")  # state_council_spot | custom
    mechanisms: Mapped[list] = mapped_column(JSON, default=list)
    standardised_contracts: Mapped[bool] = mapped_column(Boolean, default=True)
    min_holding_days: Mapped[int] = mapped_column(default=0)
    holder_cap: Mapped[int | None] = mapped_column()
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
