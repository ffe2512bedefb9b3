"""``/api/v1/disputes`` as an ERP uses it: open (JSON or multipart with files), read, answer, add and fetch evidence."""
import io

import pytest
from sqlalchemy import func, select

from marketplace.disputes import services as disputes
from marketplace.disputes.models import Dispute, DisputeEvidence
from marketplace.escrow import services as escrow
from marketplace.extensions import db
from tests.builders import owner_of
from tests.disputes.conftest import EXE_BYTES, PDF_BYTES, png_bytes

READ_WRITE = ("settlement:read", "settlement:write")


@pytest.fixture
def buyer_token(world, buyer):
    return {"Authorization": f"Bearer {world.token(owner_of(buyer), buyer, READ_WRITE)}"}


@pytest.fixture
def seller_token(world, seller):
    return {"Authorization": f"Bearer {world.token(owner_of(seller), seller, READ_WRITE)}"}


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_buyer_opens_a_dispute_with_json_and_reads_it_back(client, buyer_token, steel_deal, buyer, delivered):
    opened = client.post("/api/v1/disputes", headers=buyer_token, json={
        "settlement": steel_deal.public_id, "reason": "quality", "description": "Yield strength 380 MPa, not 400."})

    assert opened.status_code == 201
    body = opened.json
    assert (body["status"], body["reason"], body["payable"], body["payable_type"]) == (
        "open", "quality", steel_deal.public_id, "contract")
    assert (body["frozen"], body["currency"], body["decision"], body["evidence"]) == ("400200.00", "CNY", None, [])
    assert client.get(f"/api/v1/disputes/{body['id']}", headers=buyer_token).json["id"] == body["id"]
    assert [item["id"] for item in client.get("/api/v1/disputes", headers=buyer_token).json["items"]] == [body["id"]]
    assert escrow.escrow_for(buyer, steel_deal.public_id).status == "disputed"


def test_a_multipart_opening_carries_its_evidence_files(client, buyer_token, steel_deal, delivered):
    opened = client.post("/api/v1/disputes", headers=buyer_token, content_type="multipart/form-data", data={
        "settlement": steel_deal.public_id, "reason": "damaged", "description": "Bent bars on arrival.",
        "evidence": [(io.BytesIO(png_bytes()), "bent.png"), (io.BytesIO(PDF_BYTES), "survey.pdf")]})

    assert opened.status_code == 201
    files = opened.json["evidence"]
    assert [(f["filename"], f["content_type"], f["party"]) for f in files] == [
        ("bent.png", "image/png", "buyer"), ("survey.pdf", "application/pdf", "buyer")]
    download = client.get(files[1]["url"], headers=buyer_token)
    assert download.status_code == 200 and download.data == PDF_BYTES


def test_a_file_of_the_wrong_type_gets_422_naming_it_and_nothing_is_stored(client, buyer_token, steel_deal, buyer,
                                                                           delivered):
    refused = client.post("/api/v1/disputes", headers=buyer_token, content_type="multipart/form-data", data={
        "settlement": steel_deal.public_id, "reason": "damaged", "description": "Bent bars on arrival.",
        "evidence": [(io.BytesIO(png_bytes()), "bent.png"), (io.BytesIO(EXE_BYTES), "bent2.jpg")]})

    assert refused.status_code == 422 and refused.content_type == "application/problem+json"
    assert "“bent2.jpg” is not a JPEG, PNG or WebP picture, a PDF or a plain text file" in refused.json["detail"]
    assert "evidence" in refused.json["errors"]
    assert (count(Dispute), count(DisputeEvidence)) == (0, 0)
    assert escrow.escrow_for(buyer, steel_deal.public_id).status == "delivered"


def test_the_seller_answers_and_adds_evidence_the_buyer_cannot_answer(client, buyer_token, seller_token, steel_deal,
                                                                      buyer, delivered):
    dispute = disputes.open_dispute(owner_of(buyer), buyer, steel_deal.public_id, "quantity", "1.4 t short.")
    here = f"/api/v1/disputes/{dispute.public_id}"

    assert client.post(f"{here}/answer", headers=buyer_token, json={"text": "We answer ourselves."}).status_code == 403
    answered = client.post(f"{here}/answer", headers=seller_token, json={"text": "The weighbridge was off."})
    added = client.post(f"{here}/evidence", headers=seller_token, content_type="multipart/form-data",
                        data={"file": (io.BytesIO("校准证书 / calibration certificate\n".encode()), "calibration")})
    refused = client.post(f"{here}/evidence", headers=seller_token, content_type="multipart/form-data",
                          data={"file": (io.BytesIO(EXE_BYTES), "calibration.pdf")})

    assert answered.status_code == 200 and answered.json["status"] == "answered"
    assert added.status_code == 201 and added.json["filename"] == "calibration.txt"
    assert added.json["party"] == "seller" and added.json["content_type"] == "text/plain; charset=utf-8"
    assert refused.status_code == 422 and "file" in refused.json["errors"]
    assert client.post(f"{here}/answer", headers=seller_token, json={"text": "Again."}).status_code == 422


def test_a_dispute_after_the_window_or_about_another_deal_is_refused(client, world, buyer_token, steel_deal, seller,
                                                                     delivered):
    escrow.release_delivery(delivered.public_id, now=delivered.inspection_ends_at)
    closed = client.post("/api/v1/disputes", headers=buyer_token, json={
        "settlement": steel_deal.public_id, "reason": "quality", "description": "Too late."})
    other = world.enterprise()
    foreign = client.post("/api/v1/disputes", headers={
        "Authorization": f"Bearer {world.token(owner_of(other), other, READ_WRITE)}"}, json={
        "settlement": steel_deal.public_id, "reason": "quality", "description": "Not ours."})

    assert closed.status_code == 422 and "Released to the seller" in closed.json["detail"]
    assert foreign.status_code == 404
    assert count(Dispute) == 0


def test_a_token_without_settlement_write_reads_but_does_not_open(client, world, steel_deal, buyer, delivered):
    reader = {"Authorization": f"Bearer {world.token(owner_of(buyer), buyer, ('settlement:read',))}"}

    refused = client.post("/api/v1/disputes", headers=reader, json={
        "settlement": steel_deal.public_id, "reason": "quality", "description": "Rust."})

    assert refused.status_code == 403
    assert client.get("/api/v1/disputes", headers=reader).status_code == 200


def test_the_api_documents_both_bodies_and_that_the_operator_decides_on_the_web(client):
    spec = client.get("/api/v1/openapi.json").json

    body = spec["paths"]["/api/v1/disputes"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "multipart/form-data"}
    assert "/api/v1/disputes/{dispute_id}/evidence" in spec["paths"]
    tag = next(t for t in spec["tags"] if t["name"] == "disputes_api")
    assert "operator's web pages only" in tag["description"]
