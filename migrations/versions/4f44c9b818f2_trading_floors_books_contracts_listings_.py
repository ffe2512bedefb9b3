"""trading floors, books, contracts, listings and auctions

Revision ID: 4f44c9b818f2
Revises: 75b0e6f6cddf
Create Date: 2026-11-25 17:18:06.744166

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4f44c9b818f2'
down_revision = '75b0e6f6cddf'
branch_labels = None
depends_on = None

import json

# The floors every installation starts with; operators change them and add more as data.
_INCOTERMS_2020 = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"]
_HAZARD_CLASSES = ["none", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
_DAY = [{"opens": "09:00", "closes": "10:15"}, {"opens": "10:30", "closes": "11:30"},
        {"opens": "13:30", "closes": "15:00"}]
_NIGHT = [{"opens": "21:00", "closes": "23:00"}]


def _field(name, kind, zh, en, required=False, **extra):
    return {"name": name, "kind": kind, "label_zh": zh, "label_en": en, "required": required, **extra}


FLOORS = [
    {"code": "steel", "name_zh": "钢材交易厅", "name_en": "Steel floor", "unit": "t", "tick_minor": 100,
     "lot_size": "10", "max_order_lots": 500, "band_percent": "5", "buyer_fee_bp": 5, "seller_fee_bp": 5,
     "sessions": _DAY + _NIGHT, "position": 1,
     "delivery_terms": "交货地仓库交货，卖方开具增值税专用发票 / Delivered at the named warehouse, VAT invoice by the seller",
     "spec_schema": {"attributes": [
         _field("product", "choice", "品种", "Product", True,
                choices=["rebar", "wire_rod", "plate", "hot_rolled_coil", "section"]),
         _field("grade", "choice", "牌号", "Grade", True,
                choices=["HPB300", "HRB400", "HRB400E", "HRB500E", "Q235B", "Q355B", "SPHC", "SS400"]),
         _field("diameter_mm", "integer", "直径 (mm)", "Diameter (mm)", minimum=6, maximum=50),
         _field("thickness_mm", "decimal", "厚度 (mm)", "Thickness (mm)", minimum="1.2", maximum="400"),
         _field("length_m", "decimal", "长度 (m)", "Length (m)", minimum="1", maximum="24"),
         _field("standard", "text", "执行标准", "Standard", max_length=60),
     ]}},
    {"code": "chemicals", "name_zh": "化工交易厅", "name_en": "Chemicals floor", "unit": "t", "tick_minor": 100,
     "lot_size": "20", "max_order_lots": 500, "band_percent": "5", "buyer_fee_bp": 5, "seller_fee_bp": 5,
     "sessions": _DAY + _NIGHT, "position": 2,
     "delivery_terms": "交货地库区交货，随货附安全技术说明书 / Delivered at the named tank farm or warehouse with the SDS",
     "spec_schema": {"attributes": [
         _field("product", "text", "品名", "Product", True, max_length=100),
         _field("cas_number", "cas", "CAS 号", "CAS number", True),
         _field("un_number", "un_number", "联合国编号", "UN number"),
         _field("hazard_class", "choice", "危险类别", "Hazard class", True, choices=_HAZARD_CLASSES),
         _field("purity_percent", "decimal", "纯度 (%)", "Purity (%)", True, minimum="0", maximum="100"),
         _field("packaging", "text", "包装", "Packaging", max_length=100),
     ], "needs": [["un_number", "hazard_class", "none"]]}},
    {"code": "agriculture", "name_zh": "农产品交易厅", "name_en": "Agriculture floor", "unit": "t",
     "tick_minor": 100, "lot_size": "10", "max_order_lots": 1000, "band_percent": "4", "buyer_fee_bp": 3,
     "seller_fee_bp": 3, "sessions": _DAY, "position": 3,
     "delivery_terms": "交货地库点车板交货，附质检报告 / Delivered on wagon at the named depot with the inspection report",
     "spec_schema": {"attributes": [
         _field("commodity", "choice", "品种", "Commodity", True,
                choices=["corn", "soybean", "rice", "wheat", "sorghum", "barley", "cotton"]),
         _field("grade", "choice", "等级", "Grade", True,
                choices=["grade_1", "grade_2", "grade_3", "grade_4", "grade_5", "off_grade"]),
         _field("moisture_percent", "decimal", "水分 (%)", "Moisture (%)", True, minimum="0", maximum="40"),
         _field("origin", "text", "产地", "Origin", True, max_length=100),
         _field("harvest_year", "integer", "收获年份", "Harvest year", True, minimum=2000, maximum=2100),
         _field("trace_lot", "text", "追溯批次", "Trace lot", max_length=80),
     ]}},
    {"code": "shipping", "name_zh": "航运交易厅", "name_en": "Shipping floor", "unit": "t", "tick_minor": 10,
     "lot_size": "1000", "max_order_lots": 200, "band_percent": "10", "buyer_fee_bp": 10, "seller_fee_bp": 10,
     "sessions": [{"opens": "09:00", "closes": "11:30"}, {"opens": "13:30", "closes": "17:00"}], "position": 4,
     "delivery_terms": "程租，运费按货物吨计 / Voyage charter, freight per tonne of cargo",
     "spec_schema": {"attributes": [
         _field("vessel_type", "choice", "船型", "Vessel type", True,
                choices=["bulk_carrier", "container_ship", "tanker", "chemical_tanker", "general_cargo"]),
         _field("dwt_tonnes", "integer", "载重吨", "DWT (t)", True, minimum=100, maximum=450000),
         _field("load_port", "locode", "装货港", "Load port", True),
         _field("discharge_port", "locode", "卸货港", "Discharge port", True),
         _field("laycan_from", "date", "受载期起", "Laycan from", True),
         _field("laycan_to", "date", "受载期止", "Laycan to", True),
         _field("incoterm", "choice", "贸易术语 (2020)", "Incoterms 2020", True, choices=_INCOTERMS_2020),
         _field("cargo", "text", "货物", "Cargo", max_length=200),
     ], "windows": [["laycan_from", "laycan_to"]]}},
]


def seed_floors():
    for floor in FLOORS:
        op.get_bind().execute(sa.text(
            "INSERT INTO floors (code, name_zh, name_en, unit, currency, tick_minor, lot_size, max_order_lots, "
            "band_percent, buyer_fee_bp, seller_fee_bp, sessions, open_weekdays, closed_on_holidays, closed_dates, "
            "spec_schema, delivery_terms, active, position, version, created_at) VALUES (:code, :name_zh, :name_en, "
            ":unit, 'CNY', :tick_minor, :lot_size, :max_order_lots, :band_percent, :buyer_fee_bp, :seller_fee_bp, "
            ":sessions, '[0, 1, 2, 3, 4]', :true, '[]', :spec_schema, :delivery_terms, :true, :position, 1, "
            "CURRENT_TIMESTAMP)"
        ), {**floor, "sessions": json.dumps(floor["sessions"]), "spec_schema": json.dumps(floor["spec_schema"],
                                                                                            ensure_ascii=False),
            "true": True})


def upgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('floors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name_zh', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('tick_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('lot_size', sa.Numeric(precision=18, scale=3), nullable=False),
    sa.Column('max_order_lots', sa.Integer(), nullable=False),
    sa.Column('band_percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('buyer_fee_bp', sa.Integer(), nullable=False),
    sa.Column('seller_fee_bp', sa.Integer(), nullable=False),
    sa.Column('sessions', sa.JSON(), nullable=False),
    sa.Column('open_weekdays', sa.JSON(), nullable=False),
    sa.Column('closed_on_holidays', sa.Boolean(), nullable=False),
    sa.Column('closed_dates', sa.JSON(), nullable=False),
    sa.Column('spec_schema', sa.JSON(), nullable=False),
    sa.Column('delivery_terms', sa.String(length=300), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_floors')),
    sa.UniqueConstraint('code', name=op.f('uq_floors_code'))
    )
    op.create_table('auctions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=24), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('floor_id', sa.Integer(), nullable=False),
    sa.Column('owner_enterprise_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('spec', sa.JSON(), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=18, scale=3), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('reserve_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('increment_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('extension_window_seconds', sa.Integer(), nullable=False),
    sa.Column('extension_seconds', sa.Integer(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('scheduled_close_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivery_place', sa.String(length=200), nullable=False),
    sa.Column('delivery_month', sa.String(length=7), nullable=False),
    sa.Column('delivery_terms', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_auctions_created_by_id_users')),
    sa.ForeignKeyConstraint(['floor_id'], ['floors.id'], name=op.f('fk_auctions_floor_id_floors')),
    sa.ForeignKeyConstraint(['owner_enterprise_id'], ['enterprises.id'], name=op.f('fk_auctions_owner_enterprise_id_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auctions')),
    sa.UniqueConstraint('public_id', name=op.f('uq_auctions_public_id'))
    )
    with op.batch_alter_table('auctions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auctions_closes_at'), ['closes_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_auctions_floor_id'), ['floor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_auctions_owner_enterprise_id'), ['owner_enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_auctions_status'), ['status'], unique=False)

    op.create_table('floor_listings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=24), nullable=False),
    sa.Column('floor_id', sa.Integer(), nullable=False),
    sa.Column('seller_enterprise_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('spec', sa.JSON(), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=18, scale=3), nullable=False),
    sa.Column('remaining', sa.Numeric(precision=18, scale=3), nullable=False),
    sa.Column('minimum_purchase', sa.Numeric(precision=18, scale=3), nullable=False),
    sa.Column('price_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('delivery_place', sa.String(length=200), nullable=False),
    sa.Column('delivery_month', sa.String(length=7), nullable=False),
    sa.Column('delivery_terms', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_floor_listings_created_by_id_users')),
    sa.ForeignKeyConstraint(['floor_id'], ['floors.id'], name=op.f('fk_floor_listings_floor_id_floors')),
    sa.ForeignKeyConstraint(['seller_enterprise_id'], ['enterprises.id'], name=op.f('fk_floor_listings_seller_enterprise_id_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_floor_listings')),
    sa.UniqueConstraint('public_id', name=op.f('uq_floor_listings_public_id'))
    )
    with op.batch_alter_table('floor_listings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_floor_listings_floor_id'), ['floor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_floor_listings_seller_enterprise_id'), ['seller_enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_floor_listings_status'), ['status'], unique=False)

    op.create_table('instruments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=24), nullable=False),
    sa.Column('floor_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_zh', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('spec', sa.JSON(), nullable=False),
    sa.Column('delivery_place', sa.String(length=200), nullable=False),
    sa.Column('delivery_month', sa.String(length=7), nullable=False),
    sa.Column('initial_reference_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['floor_id'], ['floors.id'], name=op.f('fk_instruments_floor_id_floors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instruments')),
    sa.UniqueConstraint('code', name=op.f('uq_instruments_code')),
    sa.UniqueConstraint('public_id', name=op.f('uq_instruments_public_id'))
    )
    with op.batch_alter_table('instruments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_instruments_floor_id'), ['floor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_instruments_status'), ['status'], unique=False)

    op.create_table('auction_bids',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=24), nullable=False),
    sa.Column('auction_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('placed_by_id', sa.Integer(), nullable=False),
    sa.Column('price_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('placed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('disqualified_reason', sa.Text(), nullable=True),
    sa.Column('won', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['auction_id'], ['auctions.id'], name=op.f('fk_auction_bids_auction_id_auctions')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_auction_bids_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['placed_by_id'], ['users.id'], name=op.f('fk_auction_bids_placed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auction_bids')),
    sa.UniqueConstraint('public_id', name=op.f('uq_auction_bids_public_id'))
    )
    with op.batch_alter_table('auction_bids', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auction_bids_auction_id'), ['auction_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_auction_bids_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('book_commands',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('order_public_id', sa.String(length=24), nullable=False),
    sa.Column('enterprise_public_id', sa.String(length=24), nullable=True),
    sa.Column('side', sa.String(length=4), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=True),
    sa.Column('price_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('quantity_lots', sa.Integer(), nullable=True),
    sa.Column('time_us', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['instrument_id'], ['instruments.id'], name=op.f('fk_book_commands_instrument_id_instruments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_book_commands')),
    sa.UniqueConstraint('instrument_id', 'seq', name=op.f('uq_book_commands_instrument_id'))
    )
    op.create_table('floor_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=24), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('placed_by_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=4), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('price_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('lot_size', sa.Numeric(precision=18, scale=3), nullable=False),
    sa.Column('quantity_lots', sa.Integer(), nullable=False),
    sa.Column('remaining_lots', sa.Integer(), nullable=False),
    sa.Column('filled_lots', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_floor_orders_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['instrument_id'], ['instruments.id'], name=op.f('fk_floor_orders_instrument_id_instruments')),
    sa.ForeignKeyConstraint(['placed_by_id'], ['users.id'], name=op.f('fk_floor_orders_placed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_floor_orders')),
    sa.UniqueConstraint('public_id', name=op.f('uq_floor_orders_public_id'))
    )
    with op.batch_alter_table('floor_orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_floor_orders_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_floor_orders_instrument_id'), ['instrument_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_floor_orders_status'), ['status'], unique=False)

    op.create_table('order_book_heads',
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('last_seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('trades', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['instrument_id'], ['instruments.id'], name=op.f('fk_order_book_heads_instrument_id_instruments')),
    sa.PrimaryKeyConstraint('instrument_id', name=op.f('pk_order_book_heads'))
    )
    op.create_table('trades',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=24), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('buy_order_id', sa.Integer(), nullable=False),
    sa.Column('sell_order_id', sa.Integer(), nullable=False),
    sa.Column('buyer_enterprise_id', sa.Integer(), nullable=False),
    sa.Column('seller_enterprise_id', sa.Integer(), nullable=False),
    sa.Column('price_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('quantity_lots', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=18, scale=3), nullable=False),
    sa.Column('aggressor', sa.String(length=4), nullable=False),
    sa.Column('executed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['buy_order_id'], ['floor_orders.id'], name=op.f('fk_trades_buy_order_id_floor_orders')),
    sa.ForeignKeyConstraint(['buyer_enterprise_id'], ['enterprises.id'], name=op.f('fk_trades_buyer_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['instrument_id'], ['instruments.id'], name=op.f('fk_trades_instrument_id_instruments')),
    sa.ForeignKeyConstraint(['sell_order_id'], ['floor_orders.id'], name=op.f('fk_trades_sell_order_id_floor_orders')),
    sa.ForeignKeyConstraint(['seller_enterprise_id'], ['enterprises.id'], name=op.f('fk_trades_seller_enterprise_id_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trades')),
    sa.UniqueConstraint('instrument_id', 'number', name=op.f('uq_trades_instrument_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_trades_public_id'))
    )
    with op.batch_alter_table('trades', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trades_buy_order_id'), ['buy_order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trades_buyer_enterprise_id'), ['buyer_enterprise_id'], unique=False)
        batch_op.create_index('ix_trades_instrument_id_executed_at', ['instrument_id', 'executed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_trades_sell_order_id'), ['sell_order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trades_seller_enterprise_id'), ['seller_enterprise_id'], unique=False)

    op.create_table('contracts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=24), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('trade_id', sa.Integer(), nullable=True),
    sa.Column('auction_id', sa.Integer(), nullable=True),
    sa.Column('floor_listing_id', sa.Integer(), nullable=True),
    sa.Column('floor_id', sa.Integer(), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=True),
    sa.Column('buyer_enterprise_id', sa.Integer(), nullable=False),
    sa.Column('seller_enterprise_id', sa.Integer(), nullable=False),
    sa.Column('title_zh', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('spec', sa.JSON(), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=18, scale=3), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('price_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('amount_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('buyer_fee_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('seller_fee_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('delivery_place', sa.String(length=200), nullable=False),
    sa.Column('delivery_month', sa.String(length=7), nullable=False),
    sa.Column('delivery_terms', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['auction_id'], ['auctions.id'], name=op.f('fk_contracts_auction_id_auctions')),
    sa.ForeignKeyConstraint(['buyer_enterprise_id'], ['enterprises.id'], name=op.f('fk_contracts_buyer_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['floor_id'], ['floors.id'], name=op.f('fk_contracts_floor_id_floors')),
    sa.ForeignKeyConstraint(['floor_listing_id'], ['floor_listings.id'], name=op.f('fk_contracts_floor_listing_id_floor_listings')),
    sa.ForeignKeyConstraint(['instrument_id'], ['instruments.id'], name=op.f('fk_contracts_instrument_id_instruments')),
    sa.ForeignKeyConstraint(['seller_enterprise_id'], ['enterprises.id'], name=op.f('fk_contracts_seller_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['trade_id'], ['trades.id'], name=op.f('fk_contracts_trade_id_trades')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contracts')),
    sa.UniqueConstraint('auction_id', name=op.f('uq_contracts_auction_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_contracts_public_id')),
    sa.UniqueConstraint('trade_id', name=op.f('uq_contracts_trade_id'))
    )
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contracts_buyer_enterprise_id'), ['buyer_enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracts_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracts_floor_id'), ['floor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracts_floor_listing_id'), ['floor_listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracts_instrument_id'), ['instrument_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracts_seller_enterprise_id'), ['seller_enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracts_status'), ['status'], unique=False)

    # ### end Alembic commands ###
    seed_floors()


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contracts_status'))
        batch_op.drop_index(batch_op.f('ix_contracts_seller_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_contracts_instrument_id'))
        batch_op.drop_index(batch_op.f('ix_contracts_floor_listing_id'))
        batch_op.drop_index(batch_op.f('ix_contracts_floor_id'))
        batch_op.drop_index(batch_op.f('ix_contracts_created_at'))
        batch_op.drop_index(batch_op.f('ix_contracts_buyer_enterprise_id'))

    op.drop_table('contracts')
    with op.batch_alter_table('trades', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trades_seller_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_trades_sell_order_id'))
        batch_op.drop_index('ix_trades_instrument_id_executed_at')
        batch_op.drop_index(batch_op.f('ix_trades_buyer_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_trades_buy_order_id'))

    op.drop_table('trades')
    op.drop_table('order_book_heads')
    with op.batch_alter_table('floor_orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_floor_orders_status'))
        batch_op.drop_index(batch_op.f('ix_floor_orders_instrument_id'))
        batch_op.drop_index(batch_op.f('ix_floor_orders_enterprise_id'))

    op.drop_table('floor_orders')
    op.drop_table('book_commands')
    with op.batch_alter_table('auction_bids', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auction_bids_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_auction_bids_auction_id'))

    op.drop_table('auction_bids')
    with op.batch_alter_table('instruments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instruments_status'))
        batch_op.drop_index(batch_op.f('ix_instruments_floor_id'))

    op.drop_table('instruments')
    with op.batch_alter_table('floor_listings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_floor_listings_status'))
        batch_op.drop_index(batch_op.f('ix_floor_listings_seller_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_floor_listings_floor_id'))

    op.drop_table('floor_listings')
    with op.batch_alter_table('auctions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auctions_status'))
        batch_op.drop_index(batch_op.f('ix_auctions_owner_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_auctions_floor_id'))
        batch_op.drop_index(batch_op.f('ix_auctions_closes_at'))

    op.drop_table('auctions')
    op.drop_table('floors')
    # ### end Alembic commands ###
