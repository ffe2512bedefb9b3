"""Cost of one authenticated API read through our whole stack, against a bare Flask peer.

Ours: ``GET /api/v1/enterprise`` with a bearer token: request id, token lookup by hash, membership
check, the permission gate, marshmallow serialisation, security headers. Peer: a plain Flask app on
the same database that loads the same row by primary key and returns the same fields with
``jsonify`` and no authentication at all. The gap is what the platform's safety costs per request.
"""
from flask import Flask, jsonify
from sqlalchemy import create_engine, text

from bench.app_setup import build
from bench.measure import per_second, report
from marketplace.accounts import services

REQUESTS = 400


def _seed(app):
    from stdnum.cn import uscc

    with app.test_request_context():
        owner = services.sign_up("owner@bench.local", "Bench Owner", "bench password 123")
        services.grant_platform_role("owner@bench.local", "operator")
        body = "91120116MA0000001"
        enterprise = services.register_enterprise(
            owner, body + uscc.calc_check_digit(body), ["supplier"], name_zh="天津滨海基准测试有限公司",
            name_en="Binhai Bench Co.", region="teda", address="天津市滨海新区", contact_name="王芳",
            contact_phone="022-0000", contact_email="c@bench.local")
        services.change_enterprise_status(owner, enterprise.public_id, "verified")
        _, plain = services.create_api_token(owner, enterprise, "bench", ["enterprise:read"])
        return enterprise.id, plain


def _peer_app(database_url):
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    peer = Flask("peer")

    @peer.get("/enterprise/<int:enterprise_id>")
    def enterprise(enterprise_id):
        with engine.connect() as connection:
            row = connection.execute(text(
                "SELECT public_id, credit_code, name_zh, name_en, region, address, status, contact_name, "
                "contact_phone, contact_email FROM enterprises WHERE id = :id"), {"id": enterprise_id}).mappings().one()
        return jsonify(dict(row))

    return peer


def run(database_url, instance):
    app = build(database_url, instance)
    enterprise_id, token = _seed(app)
    ours, peer = app.test_client(), _peer_app(app.config["SQLALCHEMY_DATABASE_URI"]).test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def through_platform(count):
        for _ in range(count):
            assert ours.get("/api/v1/enterprise", headers=headers).status_code == 200

    def through_peer(count):
        for _ in range(count):
            assert peer.get(f"/enterprise/{enterprise_id}").status_code == 200

    report(f"authenticated API read, {REQUESTS} requests, in-process WSGI client", [
        ("ours: GET /api/v1/enterprise (token, gate, schema, headers)", per_second(through_platform, REQUESTS)),
        ("peer: bare Flask + SQLAlchemy Core, same row, no auth", per_second(through_peer, REQUESTS)),
    ])
