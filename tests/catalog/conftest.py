"""A verified steel supplier with a trader, and listings made through the catalog's own services."""
from dataclasses import dataclass

import pytest

from marketplace.accounts import services as accounts
from marketplace.catalog import services

REBAR = {
    "title_zh": "HRB400E 螺纹钢 Φ20 12米", "title_en": "HRB400E rebar 20 mm, 12 m",
    "description_zh": "天津港现货，国标足尺。", "description_en": "Spot stock at Tianjin port, full GB size.",
    "attributes": {"grade": "HRB400E", "diameter_mm": 20, "length_m": "12", "standard": "GB/T 1499.2-2018"},
    "unit": "t", "min_order_quantity": "25", "stock": "1200", "lead_time_days": 3, "origin": "河北唐山",
    "certifications": ["ISO 9001"],
}
REBAR_TIERS = [("25", "3850.00"), ("100", "3790.00"), ("500", "3720.00")]

UREA = {
    "title_zh": "大颗粒尿素 46%", "title_en": "Granular urea 46% N",
    "attributes": {"cas_number": "57-13-6", "purity_percent": "99.5", "hazard_class": "none"},
    "unit": "t", "min_order_quantity": "30", "stock": "800",
}

TESTING_SERVICE = {
    "title_zh": "钢筋力学性能检测", "title_en": "Rebar mechanical testing",
    "attributes": {"standards": "GB/T 228.1-2021, GB/T 1499.2-2018", "accreditations": ["CNAS", "CMA"]},
    "service_scope": "拉伸、弯曲、重量偏差 / tensile, bend and mass deviation tests", "price_basis": "per_sample",
}

SEM = {
    "title_zh": "场发射扫描电镜 共享机时", "title_en": "Field-emission SEM, shared hours",
    "attributes": {"manufacturer": "ZEISS", "model": "Sigma 300", "specs": "分辨率 1.2 nm @ 15 kV"},
    "location": "天津滨海高新区海洋科技园华山道178号 B座2层", "slot_minutes": 60, "unit": "hour",
}


@dataclass
class Supplier:
    enterprise: object
    owner: object
    trader: object


@pytest.fixture
def supplier(world):
    enterprise = world.enterprise(kinds=("supplier", "service_provider"))
    owner = accounts.members_of(enterprise)[0].user
    return Supplier(enterprise, owner, world.member(enterprise, "trader"))


@pytest.fixture
def rebar(supplier):
    """A published rebar listing with three price tiers."""
    listing = services.create_listing(supplier.trader, supplier.enterprise, "product", "steel.rebar",
                                      price_tiers=REBAR_TIERS, **REBAR)
    return services.move_listing(supplier.trader, listing, "published")


def bearer(token):
    return {"Authorization": f"Bearer {token}", "Accept-Language": "en"}


@pytest.fixture
def browser(app):
    """A browser reading the site in English."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
