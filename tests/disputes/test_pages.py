"""Dispute pages as people use them: the buyer opens with a photo, the seller answers, the operator splits."""
import html
import io
import re

from sqlalchemy import func, select

from marketplace.disputes import services as disputes
from marketplace.disputes.models import Dispute, DisputeEvidence
from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.ledger import services as ledger
from tests.builders import owner_of
from tests.disputes.conftest import EXE_BYTES, png_bytes
from tests.settlement.fixtures import pay_in_full

CHINESE = {"Accept-Language": "zh-CN"}


def text_of(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def open_on_the_page(client, buyer, settlement, files):
    return client.post(f"/enterprises/{buyer.public_id}/disputes/new?settlement={settlement}",
                       data={"reason": "quantity", "description": "过磅短少 1.4 吨 / 1.4 t short on the weighbridge.",
                             "evidence": files}, content_type="multipart/form-data")


def test_the_buyer_opens_a_dispute_with_a_photo_and_the_escrow_freezes(world, client, steel_deal, buyer, delivered):
    world.login(client, owner_of(buyer))
    form = client.get(f"/enterprises/{buyer.public_id}/disputes/new?settlement={steel_deal.public_id}")
    assert form.status_code == 200 and "Open the dispute" in text_of(form)

    opened = open_on_the_page(client, buyer, steel_deal.public_id, [(io.BytesIO(png_bytes()), "过磅单.png")])

    assert opened.status_code == 302
    page = client.get(opened.headers["Location"])
    shown = text_of(page)
    assert "Open, waiting for the seller's answer" in shown and "Quantity short" in shown
    assert "过磅单.png" in shown and "1.4 t short on the weighbridge" in shown
    assert "Frozen in escrow: CN¥400,200.00" in shown and "Disputed, escrow frozen" in shown
    assert escrow.escrow_for(buyer, steel_deal.public_id).status == "disputed"
    assert "Send the answer" not in shown, "the buyer does not answer its own dispute"


def test_a_file_that_is_not_what_it_claims_is_refused_on_the_form_and_nothing_is_stored(world, client, steel_deal,
                                                                                      buyer, delivered):
    world.login(client, owner_of(buyer))

    refused = open_on_the_page(client, buyer, steel_deal.public_id, [(io.BytesIO(EXE_BYTES), "photo.jpg")])

    assert refused.status_code == 422
    assert "“photo.jpg” is not a JPEG, PNG or WebP picture" in text_of(refused)
    assert "1.4 t short on the weighbridge" in refused.get_data(as_text=True), "the description is kept as typed"
    assert (count(Dispute), count(DisputeEvidence)) == (0, 0)


def test_a_deal_that_cannot_be_disputed_says_why_instead_of_offering_the_form(world, client, steel_deal, buyer):
    pay_in_full(buyer, steel_deal.public_id)
    world.login(client, owner_of(buyer))

    page = client.get(f"/enterprises/{buyer.public_id}/disputes/new?settlement={steel_deal.public_id}")

    assert "once the goods are shipped" in text_of(page) and "Open the dispute" not in text_of(page)


def test_the_seller_answers_and_adds_a_file_on_the_dispute_page(world, client, steel_deal, buyer, seller, delivered):
    dispute = disputes.open_dispute(owner_of(buyer), buyer, steel_deal.public_id, "quality", "Yield strength low.")
    world.login(client, owner_of(seller))
    here = f"/enterprises/{seller.public_id}/disputes/{dispute.public_id}"
    assert "Send the answer" in text_of(client.get(here))

    answered = client.post(f"{here}/answer", data={"text": "出厂质保书合格 / The mill certificate passes."})
    added = client.post(f"{here}/evidence", data={"file": (io.BytesIO(b"Retest: 445 MPa\n"), "retest.txt")},
                        content_type="multipart/form-data")

    assert answered.status_code == 302 and added.status_code == 302
    shown = text_of(client.get(here))
    assert "The mill certificate passes." in shown and "retest.txt" in shown
    assert "Answered, waiting for the operator" in shown and "Send the answer" not in shown


def test_evidence_downloads_as_an_attachment_for_the_parties_only(world, client, steel_deal, buyer, seller, delivered):
    dispute = disputes.open_dispute(owner_of(buyer), buyer, steel_deal.public_id, "damaged", "Bent bars.",
                                    [("bent.png", "image/png", png_bytes())])
    path = f"/disputes/{dispute.public_id}/evidence/{dispute.evidence[0].public_id}"
    world.login(client, owner_of(seller))

    download = client.get(f"/enterprises/{seller.public_id}{path}")

    assert download.status_code == 200 and download.data == png_bytes()
    assert download.mimetype == "image/png" and "attachment" in download.headers["Content-Disposition"]
    outsider = world.enterprise()
    world.login(client, owner_of(outsider))
    assert client.get(f"/enterprises/{outsider.public_id}{path}").status_code == 404
    assert client.get(f"/enterprises/{seller.public_id}{path}").status_code == 403


def test_the_operator_splits_on_the_decision_page(world, client, steel_deal, buyer, seller, delivered):
    dispute = disputes.open_dispute(owner_of(buyer), buyer, steel_deal.public_id, "quantity", "1.4 t short.")
    disputes.answer(owner_of(seller), seller, dispute.public_id, "Part of the shortfall is accepted.")
    world.login(client, world.operator())
    queue = text_of(client.get("/operator/disputes"))
    assert dispute.public_id in queue and "Answered, waiting for the operator" in queue

    page = client.get(f"/operator/disputes/{dispute.public_id}")
    assert "1.4 t short." in text_of(page) and "Part of the shortfall is accepted." in text_of(page)
    decided = client.post(f"/operator/disputes/{dispute.public_id}",
                          data={"decision": "split", "refund": "5,602.80", "reason": "Tickets show 1.4 t short."})

    assert decided.status_code == 302
    deal = escrow.escrow_for(buyer, steel_deal.public_id)
    assert ledger.position_of(deal).refunded == 5_602_80
    shown = text_of(client.get(f"/operator/disputes/{dispute.public_id}"))
    assert "Split between them" in shown and "Tickets show 1.4 t short." in shown and "CN¥5,602.80" in shown
    assert dispute.public_id not in text_of(client.get("/operator/disputes"))


def test_a_split_without_a_sensible_amount_is_refused_at_the_field(world, client, steel_deal, buyer, delivered):
    dispute = disputes.open_dispute(owner_of(buyer), buyer, steel_deal.public_id, "quantity", "1.4 t short.")
    world.login(client, world.operator())

    for refund in ("", "lots", "400200.00"):
        refused = client.post(f"/operator/disputes/{dispute.public_id}",
                              data={"decision": "split", "refund": refund, "reason": "Half each."})
        assert refused.status_code == 422, refund
        assert 'id="refund-error"' in refused.get_data(as_text=True)
    assert disputes.dispute_for(None, dispute.public_id).status == "open"


def test_the_pages_speak_chinese(world, client, steel_deal, buyer, seller, delivered):
    dispute = disputes.open_dispute(owner_of(buyer), buyer, steel_deal.public_id, "quantity", "到货过磅短少 1.4 吨。")
    world.login(client, owner_of(seller))

    party_page = client.get(f"/enterprises/{seller.public_id}/disputes/{dispute.public_id}", headers=CHINESE)
    listed = client.get(f"/enterprises/{seller.public_id}/disputes", headers=CHINESE)
    world.login(client, world.operator())
    operator_page = client.get(f"/operator/disputes/{dispute.public_id}", headers=CHINESE)

    for page in (party_page, listed, operator_page):
        assert page.status_code == 200 and 'lang="zh-CN"' in page.get_data(as_text=True)
    assert "到货过磅短少 1.4 吨。" in text_of(party_page) and "数量" in text_of(party_page)
    assert "卖方" in text_of(operator_page) and "状态" in text_of(listed)


def test_the_lists_show_the_disputes_of_each_side(world, client, steel_deal, buyer, seller, delivered):
    dispute = disputes.open_dispute(owner_of(buyer), buyer, steel_deal.public_id, "quality", "Rust on the bars.")
    world.login(client, owner_of(seller))

    listed = text_of(client.get(f"/enterprises/{seller.public_id}/disputes"))

    assert dispute.public_id in listed and "(we sell)" in listed and "Quality below the contract" in listed


def test_the_settlement_page_offers_the_dispute_to_the_buyer_and_then_links_to_it(world, client, steel_deal, buyer,
                                                                                  seller, delivered):
    world.login(client, owner_of(buyer))
    settlement = f"/enterprises/{buyer.public_id}/settlements/{steel_deal.public_id}"
    offered = client.get(settlement).get_data(as_text=True)
    assert "Open a dispute about the delivery" in offered
    assert f"/enterprises/{buyer.public_id}/disputes/new?settlement=" in offered

    dispute = disputes.open_dispute(owner_of(buyer), buyer, steel_deal.public_id, "quality", "Rust on the bars.")

    shown = text_of(client.get(settlement))
    assert f"Dispute {dispute.public_id}" in shown and "Open, waiting for the seller's answer" in shown
    assert "Open a dispute about the delivery" not in shown
    world.login(client, owner_of(seller))
    seller_view = text_of(client.get(f"/enterprises/{seller.public_id}/settlements/{steel_deal.public_id}"))
    assert f"Dispute {dispute.public_id}" in seller_view and "Open a dispute" not in seller_view


def test_a_form_sending_more_than_the_site_takes_gets_a_page_saying_so(world, client, steel_deal, buyer, delivered,
                                                                       app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    world.login(client, owner_of(buyer))

    sent = client.post(f"/enterprises/{buyer.public_id}/disputes/new?settlement={steel_deal.public_id}",
                       data={"evidence": (io.BytesIO(b"x" * (2 * 1024 * 1024)), "photo.jpg")},
                       content_type="multipart/form-data")

    assert sent.status_code == 413
    assert "larger than 1 MB" in text_of(sent)
