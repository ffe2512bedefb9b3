"""Documents follow the deal: requested from its events, rendered off the request path, read only by those allowed.

Rendering a PDF takes about a second, so only the first test renders the documents of a whole deal;
the others render one document or none.
"""
import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from marketplace.database import transaction, utcnow
from marketplace.disputes import services as disputes
from marketplace.documents import jobs, rendering, services
from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.payments.models import Payment
from marketplace.payouts import services as payouts
from tests.builders import owner_of
from tests.settlement.fixtures import deliver_all, order_awaiting_payment, pay_in_full

BANK = ("中国工商银行天津滨海分行", "6222020402001234567")


def pdf_text(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def documents_of(subject, enterprise=None):
    return {(d.kind, d.subject_id): d for d in services.documents_for(subject, enterprise)}


def text_of(document):
    return pdf_text(services.content_of(document))


def release(buyer, seller, public_id):
    delivery = deliver_all(buyer, seller, public_id)
    escrow.release_delivery(delivery.public_id, now=delivery.inspection_ends_at + timedelta(seconds=1))
    return delivery


def api_headers(world, enterprise):
    return {"Authorization": f"Bearer {world.token(owner_of(enterprise), enterprise, scopes=('settlement:read',))}"}


def test_a_steel_contract_gets_its_contract_receipts_statements_and_payout_statements(
        steel_deal, world, buyer, seller):
    made = pay_in_full(buyer, steel_deal.public_id)
    jobs.catch_up(renders=20)

    deal = escrow.escrow_for(buyer, steel_deal.public_id)
    found = documents_of(steel_deal.public_id, buyer)
    deposit, balance = made
    assert set(found) == {("sales_contract", steel_deal.public_id), ("payment_receipt", deposit.public_id),
                          ("payment_receipt", balance.public_id), ("invoice", deposit.public_id),
                          ("invoice", balance.public_id)}
    assert {d.status for d in found.values()} == {"ready"}
    assert all(d.first_party_id == buyer.id and d.second_party_id == seller.id for d in found.values())

    contract = text_of(found[("sales_contract", steel_deal.public_id)])
    for expected in (buyer.name_zh, seller.name_zh, "销售合同", "HRB400E", "100 t", "CNY 4,000.00 / t",
                     "CNY 400,000.00", "20 per cent", steel_deal.public_id, "天津港"):
        assert expected in contract, expected
    receipt = text_of(found[("payment_receipt", deposit.public_id)])
    for expected in ("付款回单", buyer.name_zh, seller.name_zh, f"CNY {deposit.amount_minor / 100:,.2f}",
                     "预付款 Deposit", "Visa •••• 4242", deposit.intent_id):
        assert expected in receipt, expected
    statement = text_of(found[("invoice", deposit.public_id)])
    assert f"CNY {(deal.due_minor - deposit.amount_minor) / 100:,.2f}" in statement  # the balance still due
    assert "应付余额 Balance due" in statement and buyer.name_zh in statement
    assert "Balance due CNY 0.00" in text_of(found[("invoice", balance.public_id)]).replace("应付余额 ", "")

    delivery = release(buyer, seller, steel_deal.public_id)
    jobs.catch_up(renders=20)

    released = services.documents_for(delivery.public_id, seller)
    [statement] = released
    assert (statement.kind, statement.first_party_id, statement.second_party_id) == ("payout_statement", seller.id, None)
    net = deal.due_minor - deal.fee_minor
    text = text_of(statement)
    for expected in ("放款结算单", seller.name_zh, steel_deal.public_id, f"CNY {net / 100:,.2f}",
                     f"CNY {deal.fee_minor / 100:,.2f}", "待付款"):
        assert expected in text, expected
    assert services.documents_for(delivery.public_id, buyer) == []

    payouts.save_payout_account(owner_of(seller), seller, BANK[0], seller.name_zh, BANK[1])
    operator = world.operator()
    [payout] = payouts.start(operator, "CNY")
    payouts.mark_paid(operator, payout.batch.public_id, "ICBC-20260315-0001")
    jobs.catch_up(renders=20)

    [paid] = services.documents_for(payout.public_id, seller)
    text = text_of(paid)
    for expected in ("已付款 Paid", f"CNY {net / 100:,.2f}", "ICBC-20260315-0001", "**** **** 4567",
                     steel_deal.public_id):
        assert expected in text, expected


def test_each_document_is_requested_once_however_often_its_events_are_drained(steel_deal, buyer):
    [deposit, _balance] = pay_in_full(buyer, steel_deal.public_id)
    handled = jobs.request_from_events()

    assert handled >= 3 and jobs.request_from_events() == 0
    first = services.request("payment_receipt", deposit.public_id)
    assert services.request("payment_receipt", deposit.public_id).id == first.id
    assert len(services.documents_for(steel_deal.public_id, buyer)) == 5
    assert {d.status for d in services.documents_for(steel_deal.public_id, buyer)} == {"queued"}


def test_a_queued_document_shows_its_progress_and_the_api_says_409(client, steel_deal, world, buyer):
    jobs.request_from_events()
    [contract] = services.documents_for(steel_deal.public_id, buyer)
    world.login(client, owner_of(buyer))

    page = client.get(f"/enterprises/{buyer.public_id}/documents/{contract.public_id}.pdf")

    assert page.status_code == 202 and page.headers["Refresh"] == "3"
    html = page.get_data(as_text=True)
    assert "being prepared" in html and '<meta http-equiv="refresh" content="3">' in html
    listed = client.get(f"/enterprises/{buyer.public_id}/documents").get_data(as_text=True)
    assert contract.public_id in listed and "Being prepared" in listed
    api = client.get(f"/api/v1/documents/{contract.public_id}/pdf", headers=api_headers(world, buyer))
    assert api.status_code == 409 and api.content_type == "application/problem+json"


def test_parties_download_the_pdf_others_get_404_and_oversight_reads_everything(
        client, app, steel_deal, world, buyer, seller):
    jobs.request_from_events()
    [contract] = services.render_pending(1)
    pdf_path = f"documents/{contract.public_id}.pdf"
    outsider = world.enterprise()

    for enterprise in (buyer, seller):
        party = app.test_client()
        world.login(party, owner_of(enterprise))
        response = party.get(f"/enterprises/{enterprise.public_id}/{pdf_path}")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.data == services.content_of(contract)
        assert response.headers["ETag"] == f'"{contract.sha256}"'
    world.login(client, owner_of(outsider))
    assert client.get(f"/enterprises/{outsider.public_id}/{pdf_path}").status_code == 404
    assert client.get(f"/oversight/{pdf_path}").status_code == 403
    api = client.get(f"/api/v1/documents/{contract.public_id}/pdf", headers=api_headers(world, outsider))
    assert api.status_code == 404
    assert client.get(f"/api/v1/documents/{contract.public_id}", headers=api_headers(world, outsider)).status_code == 404

    for person in (world.regulator(), world.operator()):
        oversight = app.test_client()
        world.login(oversight, person)
        response = oversight.get(f"/oversight/{pdf_path}")
        assert response.status_code == 200 and response.data[:5] == b"%PDF-"
        assert contract.public_id in oversight.get("/oversight/documents").get_data(as_text=True)


def test_the_api_lists_a_partys_documents_with_their_pdfs(client, steel_deal, world, buyer, seller):
    jobs.request_from_events()
    [contract] = services.render_pending(1)
    headers = api_headers(world, seller)

    listed = client.get(f"/api/v1/documents?subject={steel_deal.public_id}", headers=headers).json
    [item] = listed["items"]
    assert (item["id"], item["kind"], item["subject"], item["status"]) == (
        contract.public_id, "sales_contract", steel_deal.public_id, "ready")
    assert item["sha256"] == contract.sha256 and item["pdf"].endswith(f"/api/v1/documents/{contract.public_id}/pdf")
    assert client.get("/api/v1/documents?kind=invoice", headers=headers).json["items"] == []
    pdf = client.get(f"/api/v1/documents/{contract.public_id}/pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.content_type == "application/pdf" and pdf.data[:5] == b"%PDF-"


def test_a_document_that_fails_keeps_its_error_and_is_tried_three_times(monkeypatch, client, world, steel_deal,
                                                                          buyer):
    jobs.request_from_events()

    def broken(html, base_url=None):
        raise ValueError("the template broke")

    monkeypatch.setattr(rendering, "render_pdf", broken)
    for _attempt in range(services.MAX_ATTEMPTS + 1):
        services.render_pending()

    [contract] = services.documents_for(steel_deal.public_id, buyer)
    assert (contract.status, contract.attempts, contract.error) == ("failed", 3, "ValueError: the template broke")
    assert not services.may_still_come(contract)
    with pytest.raises(services.NotReady):
        services.content_of(contract)

    world.login(client, world.operator())
    failed = client.get("/oversight/documents?status=failed").get_data(as_text=True)
    assert contract.public_id in failed and "ValueError: the template broke" in failed
    assert client.get(f"/oversight/documents/{contract.public_id}.pdf").status_code == 409

    assert client.post(f"/oversight/documents/{contract.public_id}/retry").status_code == 302

    db.session.expire_all()  # the retry committed in the request's own session
    assert (contract.status, contract.attempts) == ("queued", 0)


def test_a_missing_font_costs_no_attempt(monkeypatch, steel_deal, buyer):
    jobs.request_from_events()
    monkeypatch.setattr(rendering, "CJK_FONT_PATH", rendering.Path("/nonexistent/font.ttc"))

    with pytest.raises(rendering.FontMissing):
        services.render_pending()

    [contract] = services.documents_for(steel_deal.public_id, buyer)
    assert (contract.status, contract.attempts) == ("queued", 0)


def test_an_order_gets_its_sales_contract_from_its_lines(ctx, app, buyer, seller, rebar):
    order = order_awaiting_payment(buyer, seller, rebar)
    jobs.request_from_events()

    [document] = services.documents_for(order.public_id, seller)
    context = services.context_of(document)

    assert document.kind == "sales_contract" and context["document_number"] == order.public_id
    assert context["goods"]["quantity"] == "50 t" and context["goods"]["amount"] == "CNY 199,000.00"
    assert context["payment"] == {"total": "CNY 199,000.00", "deposit_percent": None}
    assert context["delivery"]["place"] == "天津市滨海新区 Binhai"
    html = app.jinja_env.get_template("documents/sales_contract.html").render(**context)
    assert buyer.name_zh in html and "买方于卖方发货前一次付清" in html


def test_a_dispute_split_gets_a_payout_statement_of_what_was_released(world, steel_deal, buyer, seller):
    pay_in_full(buyer, steel_deal.public_id)
    deliver_all(buyer, seller, steel_deal.public_id)
    dispute = disputes.open_dispute(owner_of(buyer), buyer, steel_deal.public_id, "quantity", "Short by 10 t.")
    disputes.decide(world.operator(), dispute.public_id, "split", "Weighbridge tickets show 10 t short.",
                    refund_minor=dispute.frozen_minor // 10)
    jobs.request_from_events()

    deal = escrow.escrow_for(seller, steel_deal.public_id)
    [statement] = [d for d in services.documents_for(steel_deal.public_id, seller) if d.kind == "payout_statement"]
    context = services.context_of(statement)

    assert (statement.subject_id, statement.first_party_id) == (deal.public_id, seller.id)
    [row] = context["releases"]
    assert row["reference"] == steel_deal.public_id and context["payout"]["status"] == "payable"
    assert context["net_total"] == services.printed_money(payouts.methods.payables()[(seller.id, "CNY")], "CNY")


def test_a_dispute_refunded_in_full_calls_for_no_payout_statement(world, steel_deal, buyer, seller):
    pay_in_full(buyer, steel_deal.public_id)
    deliver_all(buyer, seller, steel_deal.public_id)
    dispute = disputes.open_dispute(owner_of(buyer), buyer, steel_deal.public_id, "quality", "Rusted through.")
    disputes.decide(world.operator(), dispute.public_id, "refund", "The photographs show rust throughout.")
    jobs.request_from_events()

    assert "payout_statement" not in {d.kind for d in services.documents_for(steel_deal.public_id, None)}


def test_the_renderer_job_drains_and_renders_in_its_own_request(app, steel_deal, buyer):
    job = jobs.DocumentRenderer(app)
    job.run_once()

    [contract] = services.documents_for(steel_deal.public_id, buyer)
    assert contract.status == "ready" and contract.size == len(services.content_of(contract))


def test_the_settlement_page_links_the_deals_documents(client, world, steel_deal, buyer, seller):
    [deposit, _balance] = pay_in_full(buyer, steel_deal.public_id)
    jobs.request_from_events()
    world.login(client, owner_of(seller))

    page = client.get(f"/enterprises/{seller.public_id}/settlements/{steel_deal.public_id}").get_data(as_text=True)

    receipt = documents_of(deposit.public_id)[("payment_receipt", deposit.public_id)]
    assert f"/enterprises/{seller.public_id}/documents/{receipt.public_id}.pdf" in page
    assert f"Payment receipt {deposit.public_id}" in page and "Being prepared" in page


def test_a_payment_captured_after_the_deal_closed_gets_no_receipt(steel_deal, buyer):
    pay_in_full(buyer, steel_deal.public_id)
    deal = escrow.escrow_for(buyer, steel_deal.public_id)
    with transaction():
        late = Payment(escrow_id=deal.id, payer_enterprise_id=buyer.id, part="balance", amount_minor=100,
                       currency="CNY", status="captured", payment_method_id="pm_late", captured_at=utcnow())
        db.session.add(late)
        db.session.flush()
        assert escrow.take_capture(escrow.locked(deal.public_id), late) is False

    assert services.request("payment_receipt", late.public_id) is None
    assert services.request("invoice", late.public_id) is None
