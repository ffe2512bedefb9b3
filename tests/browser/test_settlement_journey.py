"""Settlement clicked through in a real browser: the buyer pays a steel contract with a new card, the
seller sees it held in escrow and ships, the buyer confirms and accepts, the seller is owed the rest."""
from marketplace.escrow import services as escrow
from marketplace.ledger import services as ledger
from tests.browser.seeing import shows
from tests.browser.test_first_enterprise_journey import log_in
from tests.builders import owner_of
from tests.settlement.fixtures import steel_contract


def test_a_buyer_pays_in_escrow_and_the_seller_is_paid_after_acceptance(world, live_site, browser, ctx, buyer,
                                                                      seller):
    deal = steel_contract(buyer, seller)
    english = {"locale": "en-US", "extra_http_headers": {"Accept-Language": "en"}}
    as_buyer, as_seller = (browser.new_context(**english).new_page() for _ in range(2))
    log_in(as_buyer, live_site, owner_of(buyer).email)
    log_in(as_seller, live_site, owner_of(seller).email)
    buyer_page = f"{live_site.url}/enterprises/{buyer.public_id}/settlements/{deal.public_id}"
    seller_page = f"{live_site.url}/enterprises/{seller.public_id}/settlements/{deal.public_id}"

    as_buyer.goto(buyer_page)
    as_buyer.check("#pay-form input[name=card][value=new]")
    as_buyer.fill("#pay-form input[name=number]", "4242 4242 4242 4242")
    as_buyer.fill("#pay-form input[name=exp_month]", "12")
    as_buyer.fill("#pay-form input[name=exp_year]", "2030")
    as_buyer.fill("#pay-form input[name=cvc]", "123")
    as_buyer.click("#pay-form button")  # the deposit, with the new card
    as_buyer.click("#pay-form button")  # the balance, with the card now saved and chosen
    as_seller.goto(seller_page)
    assert shows(as_seller, "Paid, in escrow")

    as_seller.click("button:has-text('Mark as shipped')")
    as_buyer.goto(buyer_page)
    as_buyer.click("#delivery-form button")
    as_buyer.click("button:has-text('Accept the goods now')")
    as_seller.goto(seller_page)

    assert shows(as_seller, "Released to the seller")
    settled = escrow.escrow_for(seller, deal.public_id)
    assert ledger.balances_of(seller)[("payable", "CNY")] == settled.due_minor - settled.fee_minor
    assert ledger.verify() == []
