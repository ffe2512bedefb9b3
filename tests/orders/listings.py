"""Published products made straight with the models, until the catalog's own services exist."""
from decimal import Decimal

from sqlalchemy import select

from marketplace.catalog.models import Category, Listing, PriceTier
from marketplace.database import transaction, utcnow

REBAR_TIERS = (("5", 410050), ("50", 398000), ("200", 389000))  # (from tonnes, CNY fen per tonne)


def publish_product(enterprise, category="steel.rebar", title="HRB400E 螺纹钢 Φ20mm", unit="t", moq="5",
                    stock="500", tiers=REBAR_TIERS):
    """A product of ``enterprise`` as a buyer finds it: published, priced by tiers, with stock."""
    with transaction() as session:
        found = session.scalar(select(Category).where(Category.code == category))
        listing = Listing(enterprise_id=enterprise.id, kind="product", category_id=found.id, status="published",
                          title_zh=title, title_en="HRB400E rebar 20 mm", unit=unit, min_order_quantity=Decimal(moq),
                          stock=Decimal(stock) if stock is not None else None, lead_time_days=7,
                          published_at=utcnow(),
                          price_tiers=[PriceTier(min_quantity=Decimal(q), unit_price_minor=p) for q, p in tiers])
        session.add(listing)
    return listing
