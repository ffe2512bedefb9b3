"""Payouts in the browser and the API: the owner's payout account, the operator's batch from creation to paid."""
import csv
import io

from marketplace.extensions import db
from marketplace.ledger import services as ledger
from marketplace.payouts import services
from tests.builders import owner_of
from tests.payouts.test_payouts import BANK, released


def test_the_owner_gives_the_payout_account_and_a_bad_number_is_refused_at_its_field(client, world, seller):
    world.login(client, owner_of(seller))
    url = f"/enterprises/{seller.public_id}/payout-account"
    form = {"bank_name": BANK[0], "account_name": seller.name_zh, "account_number": "6222 0204"[:7]}

    refused = client.post(url, data=form)

    assert refused.status_code == 422 and "An account number has 8 to 30 digits." in refused.get_data(as_text=True)
    saved = client.post(url, data=form | {"account_number": BANK[1]})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"/enterprises/{seller.public_id}/payouts")
    page = client.get(f"/enterprises/{seller.public_id}/payouts").get_data(as_text=True)
    assert "6222020402001234567" in page and BANK[0] in page
    assert BANK[0] in client.get(url).get_data(as_text=True)


def test_a_trader_neither_sees_the_form_nor_changes_the_account_through_the_api(client, world, seller):
    trader = world.member(seller, "trader")
    world.login(client, trader)
    assert client.get(f"/enterprises/{seller.public_id}/payout-account").status_code == 403

    token = world.token(trader, seller, scopes=("settlement:read", "settlement:write"))
    response = client.put("/api/v1/payouts/account", headers={"Authorization": f"Bearer {token}"},
                          json={"bank_name": BANK[0], "account_name": seller.name_zh, "account_number": BANK[1]})

    assert response.status_code == 403 and services.payout_account_of(seller) is None


def test_the_api_sets_and_reads_the_account_and_lists_payouts(client, world, steel_deal, buyer, seller):
    token = world.token(owner_of(seller), seller, scopes=("settlement:read", "settlement:write"))
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/payouts/account", headers=headers).status_code == 404

    bad = client.put("/api/v1/payouts/account", headers=headers,
                     json={"bank_name": BANK[0], "account_name": seller.name_zh, "account_number": "12-34"})
    assert bad.status_code == 422 and "account_number" in bad.json["errors"]
    put = client.put("/api/v1/payouts/account", headers=headers,
                     json={"bank_name": BANK[0], "account_name": seller.name_zh, "account_number": BANK[1]})
    assert put.status_code == 200 and put.json["account_number"] == "6222020402001234567"
    assert client.get("/api/v1/payouts/account", headers=headers).json["bank_name"] == BANK[0]

    owed = released(buyer, seller, steel_deal.public_id)
    [payout] = services.start(world.operator(), "CNY")
    [item] = client.get("/api/v1/payouts", headers=headers).json["items"]
    assert (item["id"], item["amount"], item["status"], item["batch"]) == (
        payout.public_id, f"{owed / 100:.2f}", "in_transit", payout.batch.public_id)


def test_the_operator_creates_exports_and_marks_a_batch_paid(client, world, steel_deal, buyer, seller):
    owed = released(buyer, seller, steel_deal.public_id)
    services.save_payout_account(owner_of(seller), seller, BANK[0], seller.name_zh, BANK[1])
    world.login(client, world.operator())

    overview = client.get("/operator/payouts").get_data(as_text=True)
    assert seller.credit_code in overview and "Create a settlement batch" in overview

    created = client.post("/operator/payouts", data={"currency": "CNY"})
    assert created.status_code == 302
    batch_url = created.headers["Location"]
    [(batch, count, total)] = services.batches()
    assert batch_url.endswith(f"/operator/payouts/batches/{batch.public_id}") and (count, total) == (1, owed)
    assert client.post("/operator/payouts", data={"currency": "CNY"}).status_code == 422  # nothing left to move

    exported = client.get(f"/operator/payouts/batches/{batch.public_id}.csv")
    assert exported.mimetype == "text/csv" and exported.data.startswith("\ufeff".encode())
    [row] = csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig")))
    assert (row["payee_name"], row["credit_code"], row["amount"]) == (seller.name_zh, seller.credit_code,
                                                                      f"{owed / 100:.2f}")
    pdf = client.get(f"/operator/payouts/batches/{batch.public_id}.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data[:5] == b"%PDF-"

    assert client.post(f"/operator/payouts/batches/{batch.public_id}/paid", data={}).status_code == 422
    for _click in range(2):
        paid = client.post(f"/operator/payouts/batches/{batch.public_id}/paid", data={"bank_reference": "ICBC-7"})
        assert paid.status_code == 302

    page = client.get(batch_url).get_data(as_text=True)
    assert "ICBC-7" in page and "Mark paid" not in page
    assert ledger.balances_of(seller).get(("payable", "CNY"), 0) == 0
    assert ledger.platform_balances().get(("payouts_in_transit", "CNY"), 0) == 0
    assert ledger.verify() == []


def test_the_operator_marks_a_line_returned_from_the_batch_page(client, world, steel_deal, buyer, seller):
    owed = released(buyer, seller, steel_deal.public_id)
    services.save_payout_account(owner_of(seller), seller, BANK[0], seller.name_zh, BANK[1])
    operator = world.operator()
    [payout] = services.start(operator, "CNY")
    world.login(client, operator)

    returned = client.post(f"/operator/payouts/{payout.public_id}/returned", data={"reason": "户名不符 Name mismatch"})

    assert returned.status_code == 302 and returned.headers["Location"].endswith(payout.batch.public_id)
    db.session.expire_all()  # the request changed it in its own session
    assert services.payout_for(None, payout.public_id).status == "returned"
    assert ledger.balances_of(seller)[("payable", "CNY")] == owed
