"""Issue 8's "Done when", tried as new users would, on the web pages and through the API.

A buyer pays its contracts late and watches its grade fall and its next deposit rise; a blacklisted
seller is refused on the floor, objects, and gets its grade back when the objection is upheld; a
penalty repaired after its minimum period stops counting; a counterparty reads the buyer's detailed
report only once authorised, and the buyer sees that reading in its log; a report PDF verifies and a
changed copy does not; bad input is refused and changes nothing.
"""
import io
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from credit.file.models import OfficialEntry
from credit.jobs import CreditJobs
from credit.objections.models import RepairApplication
from credit.reports.models import CreditReport
from credit.scoring.model import grade_rank
from marketplace.accounts.services import create_staff_token
from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from tests.builders import owner_of
from tests.credit.file.flows import backdate
from tests.settlement.fixtures import pay_in_full, steel_contract
from tests.trading.market import list_instrument

ENGLISH = {"Accept-Language": "en"}
AUTHORITY = "天津市滨海新区市场监督管理局"


class Api:
    """One API caller with its token; every call says which status it expects."""

    def __init__(self, app, token):
        self.client, self.headers = app.test_client(), {"Authorization": f"Bearer {token}"} | ENGLISH

    def __call__(self, method, path, expect=200, **kwargs):
        response = self.client.open(path, method=method, headers=self.headers, **kwargs)
        assert response.status_code == expect, (method, path, response.status_code, response.get_data(as_text=True))
        return response.json


def signed_in(app, world, user):
    client = app.test_client()
    world.login(client, user)
    return client


def days_ago(days):
    return (shanghai_day() - timedelta(days=days)).isoformat()


def deposit_share(contract):
    deal = escrow.escrow_of(contract.public_id)
    return Decimal(100) if deal.deposit_minor == 0 else Decimal(deal.deposit_minor * 100) / deal.due_minor


def entries_count():
    return db.session.scalar(select(func.count()).select_from(OfficialEntry))


def test_grades_explain_themselves_set_terms_and_reports_verify(app, world, buyer, seller):
    operator, regulator, counterparty = world.operator(), world.regulator(), world.enterprise()
    jobs = CreditJobs(app)
    official = Api(app, create_staff_token(regulator, "publicity feed", ["credit:read", "credit:official"])[1])
    answers = Api(app, create_staff_token(operator, "credit desk", ["credit:read", "credit:official"])[1])
    buyer_api = Api(app, world.token(owner_of(buyer), buyer, ["credit:read", "credit:write"]))
    seller_api = Api(app, world.token(owner_of(seller), seller, ["credit:read", "credit:write", "trading:write"]))
    counterparty_api = Api(app, world.token(owner_of(counterparty), counterparty, ["credit:read", "credit:write"]))
    jobs.run_once()

    # A buyer pays three contracts fifteen days beyond their terms: the grade falls and says why.
    starting = buyer_api("GET", "/api/v1/credit/score")
    first = steel_contract(buyer, seller, quantity="10")
    for _ in range(3):
        late = steel_contract(buyer, seller, quantity="10")
        backdate("contract.awaiting_payment", late.public_id, 20)
        pay_in_full(buyer, late.public_id)
    jobs.run_once()
    fallen = buyer_api("GET", "/api/v1/credit/score")
    assert grade_rank(fallen["grade"]) > grade_rank(starting["grade"])
    assert any(reason["code"] == "PAYMENTS_LATE" and "payments late by 15.0 days on average" in reason["text_en"]
               for reason in fallen["reasons"])
    hub = signed_in(app, world, owner_of(buyer)).get(f"/enterprises/{buyer.public_id}/credit", headers=ENGLISH)
    assert hub.status_code == 200
    assert "payments late by 15.0 days on average" in hub.get_data(as_text=True)
    assert fallen["grade"] in hub.get_data(as_text=True)
    assert deposit_share(steel_contract(buyer, seller, quantity="10")) > deposit_share(first)

    # A blacklisted seller's order is refused naming the rule; an upheld objection gives the grade back.
    rebar = list_instrument(operator)
    before_listing = seller_api("GET", "/api/v1/credit/score")["grade"]
    recorded = signed_in(app, world, regulator).post("/credit/entries/new", headers=ENGLISH, data={
        "credit_code": seller.credit_code, "kind": "serious_dishonesty", "severity": "serious",
        "decided_on": days_ago(3), "authority": AUTHORITY, "title": "提交虚假材料取得登记"})
    assert recorded.status_code in (302, 303)
    listing = db.session.scalar(select(OfficialEntry).where(OfficialEntry.enterprise_id == seller.id))
    order = {"instrument": rebar.public_id, "side": "sell", "kind": "limit", "quantity": "10", "price": "4010.00"}
    refused = seller_api("POST", "/api/v1/trading/orders", expect=422, json=order)
    assert "Credit grade C may not place orders" in refused["errors"]["order"][0]

    seller_web = signed_in(app, world, owner_of(seller))
    objected = seller_web.post(f"/enterprises/{seller.public_id}/credit/objections/new?entry={listing.public_id}",
                               headers=ENGLISH, content_type="multipart/form-data",
                               data={"statement": "登记材料经核实真实，列入名单依据有误。"})
    assert objected.status_code in (302, 303)
    objection = seller_api("GET", "/api/v1/credit/objections")["items"][0]
    assert objection["status"] == "pending"
    answers("POST", f"/api/v1/credit/objections/{objection['id']}/answer",
            json={"answer": "removed", "reason": "经复核，登记材料真实，撤销列入严重违法失信名单。"})
    assert seller_api("GET", "/api/v1/credit/score")["grade"] == before_listing
    seller_api("POST", "/api/v1/trading/orders", expect=201, json=order)

    # A penalty repaired after its minimum period stops counting; a repair before it is refused.
    clean = counterparty_api("GET", "/api/v1/credit/score")["score"]
    old = official("POST", "/api/v1/credit/entries", expect=201, json={
        "credit_code": counterparty.credit_code, "kind": "penalty", "severity": "general",
        "decided_on": days_ago(120), "authority": AUTHORITY, "decision_number": "津滨市监罚〔2026〕88号",
        "title": "未按规定标注产品标识", "content": "警告，罚款人民币五千元。"})
    recent = official("POST", "/api/v1/credit/entries", expect=201, json={
        "credit_code": counterparty.credit_code, "kind": "penalty", "severity": "general",
        "decided_on": days_ago(10), "authority": AUTHORITY, "decision_number": "津滨市监罚〔2026〕301号",
        "title": "未按时公示年度报告", "content": "警告。"})
    penalised = counterparty_api("GET", "/api/v1/credit/score")["score"]
    assert penalised < clean
    too_early = counterparty_api("POST", "/api/v1/credit/repairs", expect=422,
                                 json={"entry": recent["id"], "statement": "已完成公示。"})
    assert "minimum" in str(too_early).lower()
    assert db.session.scalar(select(func.count()).select_from(RepairApplication)) == 0
    applied = counterparty_api("POST", "/api/v1/credit/repairs", expect=201,
                               json={"entry": old["id"], "statement": "已缴清罚款并完成整改，复查合格。"})
    decided = signed_in(app, world, operator).post(f"/credit/repairs/{applied['id']}", headers=ENGLISH, data={
        "decision": "approved", "reason": "整改到位，符合信用修复条件。"})
    assert decided.status_code in (302, 303)
    repaired = counterparty_api("GET", "/api/v1/credit/score")
    assert penalised < repaired["score"]
    assert old["id"] not in str(repaired["reasons"])

    # Without the buyer's authorisation the counterparty cannot read its detailed report; with it, it can.
    counterparty_web = signed_in(app, world, owner_of(counterparty))
    report_page = f"/enterprises/{counterparty.public_id}/credit/reports/{buyer.credit_code}"
    assert counterparty_web.get(report_page, headers=ENGLISH).status_code == 403
    counterparty_api("GET", f"/api/v1/credit/enterprises/{buyer.credit_code}/report", expect=403)
    buyer_web = signed_in(app, world, owner_of(buyer))
    granted = buyer_web.post(f"/enterprises/{buyer.public_id}/credit/access/authorisations", headers=ENGLISH, data={
        "grantee": counterparty.credit_code, "purpose": "2027 年钢材供货合同评审",
        "expires_on": (shanghai_day() + timedelta(days=30)).isoformat()})
    assert granted.status_code in (302, 303)
    assert "payments late by 15.0 days" in counterparty_web.get(report_page, headers=ENGLISH).get_data(as_text=True)
    counterparty_api("GET", f"/api/v1/credit/enterprises/{buyer.credit_code}/report")
    log = buyer_web.get(f"/enterprises/{buyer.public_id}/credit/access", headers=ENGLISH).get_data(as_text=True)
    assert counterparty.name_en in log and "2027 年钢材供货合同评审" in log
    views = buyer_api("GET", "/api/v1/credit/views")["items"]
    assert len(views) == 2 and {view["capacity"] for view in views} == {"authorised"}

    # The counterparty's report PDF verifies on the public page; a changed copy does not.
    issued = counterparty_web.post(f"{report_page}/pdf", headers=ENGLISH)
    assert issued.status_code in (302, 303)
    jobs.run_once()
    pdf = counterparty_web.get(issued.headers["Location"], headers=ENGLISH)
    assert pdf.mimetype == "application/pdf"
    report = db.session.scalar(select(CreditReport).execution_options(populate_existing=True))
    public = app.test_client()
    page = public.get(f"/credit/verify/{report.number}", headers=ENGLISH).get_data(as_text=True)
    assert report.content_sha256 in page
    genuine = public.post(f"/credit/verify/{report.number}", headers=ENGLISH, content_type="multipart/form-data",
                          data={"pdf": (io.BytesIO(pdf.data), "report.pdf")})
    assert "is the genuine report" in genuine.get_data(as_text=True)
    changed = pdf.data + b"1 0 obj << /Grade (AAA) >> endobj\n%%EOF\n"  # an edit saved as an incremental update
    altered = public.post(f"/credit/verify/{report.number}", headers=ENGLISH, content_type="multipart/form-data",
                          data={"pdf": (io.BytesIO(changed), "report.pdf")})
    assert "has been altered" in altered.get_data(as_text=True)

    # Bad input gets a clear error and changes nothing.
    entries = entries_count()
    unknown = signed_in(app, world, regulator).post("/credit/entries/new", headers=ENGLISH, data={
        "credit_code": "91350100M000100Y43", "kind": "penalty", "severity": "minor", "decided_on": days_ago(1),
        "authority": AUTHORITY, "decision_number": "1", "title": "x", "content": "y"})
    assert unknown.status_code == 422
    assert "No enterprise with this credit code" in unknown.get_data(as_text=True)
    future = official("POST", "/api/v1/credit/entries", expect=422, json={
        "credit_code": counterparty.credit_code, "kind": "penalty", "severity": "minor",
        "decided_on": (shanghai_day() + timedelta(days=3)).isoformat(), "authority": AUTHORITY,
        "decision_number": "2", "title": "x", "content": "y"})
    assert "in the future" in str(future["errors"]["decided_on"])
    bad_rows = official("POST", "/api/v1/credit/entries/import", expect=422, json={"entries": [
        {"credit_code": counterparty.credit_code, "kind": "licence", "severity": "minor", "decided_on": days_ago(5),
         "authority": AUTHORITY, "title": "食品经营许可证", "valid_until": days_ago(-365)},
        {"credit_code": counterparty.credit_code, "kind": "penalty", "severity": "huge", "decided_on": "someday"}]})
    assert {"rows.2.severity", "rows.2.decided_on"} <= set(bad_rows["errors"])
    assert entries_count() == entries
