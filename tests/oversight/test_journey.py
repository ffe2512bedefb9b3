"""Issue 9's "Done when", tried as new users would, on the web pages and through the API.

A regulator reads the steel floor's turnover and index; two firms with one legal representative
trade with each other and the wash rule raises an alert with its evidence; the regulator works the
case, proposes a suspension, a second regulator approves it, the firm's next order is refused and its
credit file shows the sanction; a draft rule is backtested over last month; a complaint is accepted,
mediated and closed with deadlines counted across the National Day holiday; a listing claiming
"全国第一" waits for review. Enterprise users reach none of it, nobody approves their own rule or
sanction, and bad input changes nothing.
"""
from datetime import date, timedelta

from sqlalchemy import func, select

from marketplace.accounts.services import create_staff_token
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from marketplace.oversight.complaints import services as complaint_services
from marketplace.oversight.complaints.models import Complaint
from marketplace.oversight.surveillance.live import react
from marketplace.oversight.surveillance.models import SurveillanceRuleVersion
from tests.builders import owner_of
from tests.catalog.conftest import REBAR
from tests.credit.test_journey import Api, signed_in
from tests.settlement.fixtures import steel_contract
from tests.trading.market import list_instrument

RESIDENT_ID = "110101199003074477"  # one person's resident ID number, registered by both firms

def staff_api(app, person, name):
    return Api(app, create_staff_token(person, name, ["oversight:read", "oversight:write", "credit:read"])[1])


def firm_api(app, world, enterprise, scopes):
    return Api(app, world.token(owner_of(enterprise), enterprise, scopes))


def rule_versions():
    return db.session.scalar(select(func.count()).select_from(SurveillanceRuleVersion))


def test_regulators_watch_the_market_act_on_abuse_and_their_decisions_reach_credit(app, world, monkeypatch):
    operator = world.operator()
    regulator, reviewer = world.regulator(), world.regulator()
    seller, buyer, bystander = world.enterprise(), world.enterprise(), world.enterprise()
    instrument = list_instrument(operator)
    console, second = staff_api(app, regulator, "console"), staff_api(app, reviewer, "second pair of eyes")
    seller_api = firm_api(app, world, seller, ["enterprise:read", "members:read", "members:write", "trading:read",
                                               "trading:write", "credit:read"])
    buyer_api = firm_api(app, world, buyer, ["enterprise:read", "members:write", "trading:read", "trading:write",
                                             "complaints:read", "complaints:write", "catalog:read", "catalog:write"])

    # Both firms register the same person as legal representative (the buyer on its web page).
    seller_api("POST", "/api/v1/enterprise/parties", 201, json={
        "role": "legal_representative", "party_kind": "person", "name": "何建华", "identifier": RESIDENT_ID})
    owner_page = signed_in(app, world, owner_of(buyer))
    response = owner_page.post(f"/enterprises/{buyer.public_id}/parties", data={
        "role": "legal_representative", "party_kind": "person", "name": "何建华", "identifier": RESIDENT_ID},
        follow_redirects=True)
    assert response.status_code == 200 and "何建华" in response.get_data(as_text=True)

    # They trade with each other on the steel floor; the live surveillance path raises the wash alert.
    order = {"instrument": instrument.public_id, "kind": "limit", "quantity": "100", "price": "4000.00"}
    seller_api("POST", "/api/v1/trading/orders", 201, json=order | {"side": "sell"})
    buyer_api("POST", "/api/v1/trading/orders", 201, json=order | {"side": "buy"})
    react()
    alerts = console("GET", "/api/v1/oversight/surveillance/alerts?rule=wash_trades")["alerts"]
    assert len(alerts) == 1
    alert = console("GET", f"/api/v1/oversight/surveillance/alerts/{alerts[0]['id']}")
    assert alert["rule_version"].startswith("wash_trades@v")
    assert {seller.public_id, buyer.public_id} <= set(alert["subjects"])
    assert alert["evidence"] and "100" in alert["sentence_en"]

    # The steel floor's turnover and price index, as charts with the numbers beside them.
    dashboard = signed_in(app, world, regulator).get("/oversight/market/steel").get_data(as_text=True)
    assert "echarts" in dashboard and "400,000.00" in dashboard
    figures = console("GET", "/api/v1/oversight/market/steel")
    assert figures["totals"]["turnover"] == "400000.00" and figures["totals"]["index_last"]

    # The alert sits in a case; the regulator proposes a suspension there; only another regulator approves it.
    case_file = console("GET", f"/api/v1/oversight/cases/{alert['case']}")
    case = case_file["case"]
    assert [filed["id"] for filed in case_file["alerts"]] == [alert["id"]]
    console("POST", f"/api/v1/oversight/cases/{case['id']}/assign", 200, json={"assignee": regulator.public_id})
    page = signed_in(app, world, regulator).get(f"/oversight/cases/{case['id']}").get_data(as_text=True)
    assert case["number"] in page and seller.name_en in page
    proposal = console("POST", "/api/v1/oversight/sanctions", 201, json={
        "enterprise": seller.public_id, "kind": "trading_suspension", "case": case["id"], "duration_days": 30,
        "reason": "Wash trading with a firm under the same legal representative."})
    buyer_api("POST", "/api/v1/trading/orders", 201, json=order | {"side": "buy", "quantity": "10"})
    seller_api("POST", "/api/v1/trading/orders", 201, json=order | {"side": "sell", "quantity": "10"})  # nothing yet
    console("POST", f"/api/v1/oversight/sanctions/{proposal['id']}/approval", 403, json={})
    approved = second("POST", f"/api/v1/oversight/sanctions/{proposal['id']}/approval", 200, json={"note": "agreed"})
    assert approved["status"] == "approved" and approved["in_force"]

    refused = seller_api("POST", "/api/v1/trading/orders", 422, json=order | {"side": "sell", "quantity": "10"})
    assert approved["number"] in refused["detail"]
    entries = console("GET", f"/api/v1/credit/entries?credit_code={seller.credit_code}")["items"]
    assert any(entry["decision_number"] == approved["number"] for entry in entries)
    credit_page = signed_in(app, world, owner_of(seller)).get(f"/enterprises/{seller.public_id}/credit/file")
    assert approved["number"] in credit_page.get_data(as_text=True)

    # A stricter draft of the wash rule, backtested over last month: it writes no alert.
    before = console("GET", "/api/v1/oversight/surveillance/alerts")["total"]
    draft = console("POST", "/api/v1/oversight/surveillance/rules/wash_trades/versions", 201, json={
        "parameters": {"min_trades": 3}, "floor_overrides": {}, "notes": "three trades a day"})
    console("POST", f"/api/v1/oversight/surveillance/versions/{draft['id']}/approve", 403)
    today = shanghai_day()
    started = console("POST", "/api/v1/oversight/surveillance/backtests", 202, json={
        "version": draft["id"], "period_start": (today - timedelta(days=30)).isoformat(),
        "period_end": today.isoformat()})
    backtest = started
    while backtest["status"] not in ("done", "failed"):
        backtest = console("GET", f"/api/v1/oversight/surveillance/backtests/{started['id']}")
    assert backtest["status"] == "done", backtest
    assert (backtest["result"]["baseline"], backtest["result"]["dropped_count"]) == (1, 1)  # two trades that day
    assert console("GET", "/api/v1/oversight/surveillance/alerts")["total"] == before

    # A complaint filed on the Monday before National Day: its clocks skip the holiday week.
    contract = steel_contract(buyer, bystander, quantity="10")
    monkeypatch.setattr(complaint_services, "shanghai_day", lambda moment=None: date(2026, 9, 28))
    filed = buyer_api("POST", "/api/v1/oversight/complaints/enterprise", 201, json={
        "subject_kind": "contract", "subject_id": contract.public_id, "category": "delivery",
        "description": "Delivery was due on 20 September and has not come."})
    # Seven working days: 29 and 30 September, then 8, 9, 10 (a Saturday worked), 12 and 13 October.
    assert filed["accept_due_on"] == "2026-10-13"
    for step in ({"action": "accept"}, {"action": "mediate"},
                 {"action": "mediation_agreed", "note": "The seller ships on 15 October."}):
        handled = console("POST", f"/api/v1/oversight/complaints/{filed['id']}/steps", 200, json=step)
    assert handled["status"] == "closed" and handled["mediation_due_on"] > "2026-11-20"
    seen = buyer_api("GET", f"/api/v1/oversight/complaints/enterprise/{filed['id']}")
    assert seen["status"] == "closed"

    # A listing claiming to be the nation's first waits for review instead of going on sale.
    listing = buyer_api("POST", "/api/v1/listings", 201, json={
        "kind": "product", "category": "steel.rebar", **REBAR, "title_zh": "全国第一 螺纹钢 HRB400E",
        "price_tiers": [{"min_quantity": "25", "unit_price": "3850.00"}]})
    published = buyer_api("POST", f"/api/v1/listings/{listing['id']}/publish", 200)
    assert published["status"] == "pending_review"
    queue = console("GET", "/api/v1/oversight/screening/reviews")
    assert listing["id"] in str(queue)

    # Enterprise people reach none of the console; a regulator approves neither their own rule nor sanction.
    member = signed_in(app, world, owner_of(bystander))
    for path in ("/oversight", "/oversight/market/steel", "/oversight/surveillance/alerts", "/oversight/cases",
                 "/oversight/sanctions", "/oversight/complaints", "/oversight/surveillance/rules",
                 f"/oversight/enterprises/{seller.public_id}", "/oversight/transactions"):
        assert member.get(path).status_code == 403, path
    outsider = firm_api(app, world, bystander, ["enterprise:read", "trading:read", "credit:read"])
    for path in ("/api/v1/oversight/market", "/api/v1/oversight/surveillance/alerts", "/api/v1/oversight/cases",
                 "/api/v1/oversight/sanctions", "/api/v1/oversight/complaints"):
        outsider("GET", path, 403)
    own = console("POST", "/api/v1/oversight/sanctions", 201, json={
        "enterprise": buyer.public_id, "kind": "warning", "reason": "Wash trading (the buying side)."})
    console("POST", f"/api/v1/oversight/sanctions/{own['id']}/approval", 403, json={})
    buyer_api("POST", "/api/v1/trading/orders", 201, json=order | {"side": "buy", "quantity": "10"})

    # Bad input: an unknown field, a threshold out of range, a complaint without a respondent.
    versions, complaints = rule_versions(), db.session.scalar(select(func.count()).select_from(Complaint))
    unknown = console("POST", "/api/v1/oversight/surveillance/rules/wash_trades/versions", 422, json={
        "parameters": {"min_trades": 2, "colour": "red"}, "floor_overrides": {}, "notes": ""})
    assert "colour" in str(unknown["errors"])
    out_of_range = console("POST", "/api/v1/oversight/surveillance/rules/wash_trades/versions", 422, json={
        "parameters": {"min_trades": 0}, "floor_overrides": {}, "notes": ""})
    assert "min_trades" in str(out_of_range["errors"])
    nobody = buyer_api("POST", "/api/v1/oversight/complaints/enterprise", 422, json={
        "subject_kind": "contract", "subject_id": "", "category": "delivery", "description": "Late."})
    assert "subject_id" in nobody["errors"]
    assert rule_versions() == versions
    assert db.session.scalar(select(func.count()).select_from(Complaint)) == complaints
