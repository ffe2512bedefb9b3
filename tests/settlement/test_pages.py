"""Settlement pages: a buyer pays, the seller ships, the buyer confirms and accepts; cancel, decline, refusals."""
import html
import re

from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.i18n import money
from marketplace.ledger import services as ledger
from marketplace.payments import services as payments
from tests.builders import owner_of
from tests.settlement.fixtures import DECLINED_ON_CHARGE, VISA, order_awaiting_payment, pay_in_full, saved_card

NEW_VISA = {"card": "new", "number": "4242 4242 4242 4242", "exp_month": "12", "exp_year": "2030", "cvc": "123"}


def text_of(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def page_of(enterprise, deal):
    return f"/enterprises/{enterprise.public_id}/settlements/{deal.public_id}"


def settlement(enterprise, deal):
    db.session.expire_all()  # the requests committed in their own sessions
    return escrow.escrow_for(enterprise, deal.public_id)


def test_paid_shipped_delivered_and_accepted_the_seller_is_owed_the_amount_less_the_fee(
        world, client, steel_deal, buyer, seller):
    deal = settlement(buyer, steel_deal)
    balance = deal.due_minor - deal.deposit_minor
    world.login(client, owner_of(buyer))

    shown = text_of(client.get(page_of(buyer, steel_deal)))
    assert "Awaiting payment" in shown and "Pay: Deposit" in shown and "100 tonne" in shown
    assert "Amount due now" in shown and f"Pay {money(deal.deposit_minor, 'CNY')}" in shown

    paid = client.post(f"{page_of(buyer, steel_deal)}/payments", data={"amount_minor": deal.deposit_minor, **NEW_VISA},
                       follow_redirects=True)
    assert "Deposit paid, in escrow" in text_of(paid) and f"Pay {money(balance, 'CNY')}" in text_of(paid)
    [card] = payments.cards_of(buyer)
    client.post(f"{page_of(buyer, steel_deal)}/payments", data={"amount_minor": balance, "card": card.public_id})

    world.login(client, owner_of(seller))
    shown = text_of(client.get(page_of(seller, steel_deal)))
    assert "Paid, in escrow" in shown and "Visa •••• 4242" in shown and "Mark as shipped" in shown
    assert "Pay:" not in shown
    client.post(f"{page_of(seller, steel_deal)}/shipment")

    world.login(client, owner_of(buyer))
    delivery_form = client.get(page_of(buyer, steel_deal)).get_data(as_text=True)
    assert 'name="quantity" step="any" type="number" value="100"' in delivery_form, "all still to come"
    confirmed = client.post(f"{page_of(buyer, steel_deal)}/deliveries", data={"quantity": ""}, follow_redirects=True)
    assert "Delivered, under inspection" in text_of(confirmed) and "Accept the goods now" in text_of(confirmed)
    [delivery] = settlement(buyer, steel_deal).deliveries
    client.post(f"{page_of(buyer, steel_deal)}/deliveries/{delivery.public_id}/acceptance")

    assert ledger.balances_of(seller)[("payable", "CNY")] == deal.due_minor - deal.fee_minor
    assert settlement(buyer, steel_deal).status == "released" and ledger.verify() == []
    world.login(client, owner_of(seller))
    assert "Released to the seller" in text_of(client.get(page_of(seller, steel_deal)))


def test_cancelled_before_shipment_the_payment_is_refunded(world, client, steel_deal, buyer, seller):
    pay_in_full(buyer, steel_deal.public_id)
    world.login(client, owner_of(seller))

    unexplained = client.post(f"{page_of(seller, steel_deal)}/cancellation", data={"reason": " "})
    cancelled = client.post(f"{page_of(seller, steel_deal)}/cancellation", data={"reason": "No stock after all"},
                            follow_redirects=True)

    assert unexplained.status_code == 422 and settlement(seller, steel_deal).status == "cancelled"
    shown = text_of(cancelled)
    assert "Cancelled, payment refunded" in shown and "No stock after all" in shown and "Refunded" in shown
    assert ledger.balances_of(buyer).get(("in_escrow", "CNY"), 0) == 0 and ledger.verify() == []


def test_a_declined_card_shows_why_and_the_form_again_and_moves_no_money(world, client, steel_deal, buyer):
    deal = settlement(buyer, steel_deal)
    world.login(client, owner_of(buyer))

    declined = client.post(f"{page_of(buyer, steel_deal)}/payments", data={
        "amount_minor": deal.deposit_minor, **NEW_VISA, "number": DECLINED_ON_CHARGE})

    assert declined.status_code == 402
    assert "The card was declined" in text_of(declined) and 'id="pay-form"' in declined.get_data(as_text=True)
    assert ledger.balances_of(buyer) == {} and settlement(buyer, steel_deal).status == "awaiting_payment"


def test_a_wrong_amount_is_refused_and_the_amount_due_shown_again(world, client, steel_deal, buyer):
    deal = settlement(buyer, steel_deal)
    card = saved_card(buyer)
    world.login(client, owner_of(buyer))

    refused = client.post(f"{page_of(buyer, steel_deal)}/payments",
                          data={"amount_minor": deal.deposit_minor - 100, "card": card.public_id})

    assert refused.status_code == 422
    assert f"The amount due now is {money(deal.deposit_minor, 'CNY')}" in text_of(refused)
    assert f'name="amount_minor" type="hidden" value="{deal.deposit_minor}"' in refused.get_data(as_text=True)
    assert ledger.balances_of(buyer) == {}


def test_someone_elses_deal_is_not_found_and_the_seller_cannot_pay(world, client, steel_deal, buyer, seller):
    deal = settlement(buyer, steel_deal)
    outsider = world.enterprise(kinds=("buyer",))
    card = saved_card(outsider)
    world.login(client, owner_of(outsider))

    assert client.get(page_of(outsider, steel_deal)).status_code == 404
    stranger_pays = client.post(f"{page_of(outsider, steel_deal)}/payments",
                                data={"amount_minor": deal.deposit_minor, "card": card.public_id})
    world.login(client, owner_of(seller))
    seller_pays = client.post(f"{page_of(seller, steel_deal)}/payments",
                              data={"amount_minor": deal.deposit_minor, **NEW_VISA})

    assert stranger_pays.status_code == 404 and seller_pays.status_code == 403
    assert ledger.balances_of(buyer) == {} and ledger.balances_of(outsider) == {}


def test_the_list_shows_what_is_due_and_held_and_the_order_page_links_to_its_settlement(
        world, client, steel_deal, buyer, seller, rebar):
    order = order_awaiting_payment(buyer, seller, rebar)
    pay_in_full(buyer, order.public_id)
    world.login(client, owner_of(buyer))
    settlements = f"/enterprises/{buyer.public_id}/settlements"

    listed = text_of(client.get(settlements))
    paid_only = text_of(client.get(f"{settlements}?status=paid"))
    order_page = client.get(f"/enterprises/{buyer.public_id}/orders/{order.public_id}").get_data(as_text=True)

    deal, bought = settlement(buyer, steel_deal), settlement(buyer, order)
    assert f"Contract {steel_deal.public_id}" in listed and f"Order {order.public_id}" in listed
    assert f"{money(deal.deposit_minor, 'CNY')} (Deposit)" in listed
    assert f"Our payments held in escrow {money(bought.due_minor, 'CNY')}" in listed
    assert order.public_id in paid_only and steel_deal.public_id not in paid_only
    assert f'href="{page_of(buyer, order)}"' in order_page and ">Settlement<" in order_page


def test_a_regulator_reads_a_settlement_without_its_actions(world, client, steel_deal, seller):
    world.login(client, world.regulator())

    page = client.get(page_of(seller, steel_deal))

    assert page.status_code == 200 and "Awaiting payment" in text_of(page)
    assert "Cancel the deal" not in text_of(page) and "Pay:" not in text_of(page)


def test_cards_are_added_and_listed_by_brand_last_digits_and_expiry(world, client, buyer):
    world.login(client, owner_of(buyer))
    cards = f"/enterprises/{buyer.public_id}/cards"

    incomplete = client.post(cards, data={"number": VISA})
    added = client.post(cards, data={"number": VISA, "exp_month": "12", "exp_year": "2030", "cvc": "123"},
                        follow_redirects=True)

    assert incomplete.status_code == 422 and "Enter this to use the card." in text_of(incomplete)
    assert "Visa •••• 4242 (12/2030) is saved" in text_of(added) and "4242 4242 4242 4242" in text_of(added)
    assert len(payments.cards_of(buyer)) == 1


def test_the_settlement_page_speaks_chinese(world, client, steel_deal, buyer):
    world.login(client, owner_of(buyer))

    page = client.get(page_of(buyer, steel_deal), headers={"Accept-Language": "zh-CN"})

    shown = text_of(page)
    assert page.status_code == 200 and 'lang="zh-CN"' in page.get_data(as_text=True)
    assert "待付款" in shown and "卖方" in shown and "100 吨" in shown
