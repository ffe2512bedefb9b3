from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, BigInteger, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db

QUANTITY = Numeric(18, 3)
MINOR_UNITS = BigInteger().with_variant(db.Integer, "sqlite")


class Category(db.Model):
    """A node of the category tree. ``code`` (e.g. ``steel.rebar``) names its attribute schema."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    listing_kind: Mapped[str] = mapped_column(String(20))
    floor: Mapped[str] = mapped_column(String(30), index=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    keywords: Mapped[str] = mapped_column(String(300), default="")  # synonyms people type, both languages
    position: Mapped[int] = mapped_column(default=0)

    parent: Mapped["Category | None"] = relationship(remote_side="Category.id", back_populates="children")
    children: Mapped[list["Category"]] = relationship(back_populates="parent", order_by="Category.position")


class Listing(db.Model):
    """Something an enterprise offers: a product, a service or a bookable shared resource."""

    __tablename__ = "listings"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("lst"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    title_zh: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    description_zh: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)
    unit: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    min_order_quantity: Mapped[Decimal] = mapped_column(QUANTITY, default=Decimal("1"))
    stock: Mapped[Decimal | None] = mapped_column(QUANTITY)
    lead_time_days: Mapped[int | None]
    origin: Mapped[str] = mapped_column(String(100), default="")
    certifications: Mapped[list] = mapped_column(JSON, default=list)
    # Services: what is covered and how it is priced (fixed, per hour, per sample, on quotation).
    service_scope: Mapped[str] = mapped_column(Text, default="")
    price_basis: Mapped[str | None] = mapped_column(String(20))
    # Shared resources: where the instrument or machine is, and the length of one bookable slot.
    location: Mapped[str] = mapped_column(String(300), default="")
    slot_minutes: Mapped[int | None]
    # Incremented by every change; the search index keeps only the highest version it has seen.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    enterprise: Mapped[Enterprise] = relationship()
    category: Mapped[Category] = relationship()
    price_tiers: Mapped[list["PriceTier"]] = relationship(
        cascade="all, delete-orphan", order_by="PriceTier.min_quantity", lazy="selectin")
    images: Mapped[list["ListingImage"]] = relationship(
        cascade="all, delete-orphan", order_by="ListingImage.position")


class PriceTier(db.Model):
    """From ``min_quantity`` units on, each unit costs ``unit_price_minor`` (in the listing's currency)."""

    __tablename__ = "price_tiers"
    __table_args__ = (UniqueConstraint("listing_id", "min_quantity", name="uq_price_tiers_listing_quantity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id"), index=True)
    min_quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    unit_price_minor: Mapped[int] = mapped_column(MINOR_UNITS)


class ListingImage(db.Model):
    """An uploaded picture, stored in the instance folder with a thumbnail beside it."""

    __tablename__ = "listing_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("img"))
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id"), index=True)
    stored_name: Mapped[str] = mapped_column(String(80))
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int]
    height: Mapped[int]
    size_bytes: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
