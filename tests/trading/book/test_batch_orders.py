"""Batch order entry through the API: up to 100 orders in one request, each placed or refused on its own."""
import random
import threading

import pytest
from sqlalchemy import func, select

from marketplace.audit.models import AuditRecord
from marketplace.extensions import db
from tests.builders import owner_of
from tests.trading.market import cached_book_is_a_committed_book, list_instrument
from trading.book import services as book
from trading.book.models import BookCommand, FloorOrder, Trade
from trading.contracts.models import Contract
from trading.engine import Book
from trading.floors.models import Instrument

BATCHES = "/api/v1/trading/order-batches"


def order(instrument, side, quantity, price=None, kind="limit"):
    body = {"instrument": instrument.public_id, "side": side, "kind": kind, "quantity": quantity}
    return body | ({"price": price} if price is not None else {})


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def send(client, headers, orders, key="batch-1"):
    return client.post(BATCHES, json={"orders": orders}, headers=headers | {"Idempotency-Key": key})


def test_a_mixed_batch_places_the_good_orders_and_refuses_each_bad_one_with_its_reason(
        client, selling, buying, rebar_2612):
    send(client, selling, [order(rebar_2612, "sell", "50", "4000.00"), order(rebar_2612, "sell", "50", "4010.00")],
         key="asks")

    answer = send(client, buying, [
        order(rebar_2612, "buy", "70", "4010.00"),
        order(rebar_2612, "buy", "10", "4000.50"),
        order(rebar_2612, "buy", "10", "4300.00"),
        order(rebar_2612, "short", "10", "4000.00"),
        {"instrument": "ins_nosuchinstrument0000", "side": "buy", "quantity": "10", "price": "4000.00"},
        order(rebar_2612, "buy", "20", "3990.00"),
    ])

    assert answer.status_code == 200
    assert (answer.json["placed"], answer.json["refused"]) == (2, 4)
    statuses = [item["status"] for item in answer.json["items"]]
    assert statuses == [201, 422, 422, 422, 422, 201]
    swept, off_tick, outside_band, bad_side, unknown, resting = answer.json["items"]
    assert (swept["order"]["status"], swept["order"]["filled"]) == ("filled", "70")
    assert [(f["price"], f["quantity"]) for f in swept["order"]["fills"]] == [("4000.00", "50"), ("4010.00", "20")]
    assert all(f["contract_id"].startswith("ct_") for f in swept["order"]["fills"])
    assert "tick" in " ".join(off_tick["problem"]["errors"]["price"])
    assert "band" in " ".join(outside_band["problem"]["errors"]["price"])
    assert "side" in bad_side["problem"]["errors"]
    assert "no such instrument" in " ".join(unknown["problem"]["errors"]["instrument"])
    assert (resting["order"]["status"], resting["order"]["remaining"]) == ("open", "20")

    assert count(FloorOrder) == 4 and count(BookCommand) == 4, "the refused orders left nothing behind"
    assert count(Trade) == count(Contract) == 2
    mine = client.get("/api/v1/trading/orders?live=true", headers=buying).json["items"]
    assert [o["id"] for o in mine] == [resting["order"]["id"]]


def test_a_retried_batch_gets_the_same_answer_and_places_nothing_twice(client, selling, rebar_2612):
    orders = [order(rebar_2612, "sell", "10", "4000.00"), order(rebar_2612, "sell", "10", "4300.00")]

    first = send(client, selling, orders, key="erp-batch-9")
    again = send(client, selling, orders, key="erp-batch-9")

    assert first.status_code == again.status_code == 200 and again.json == first.json
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(FloorOrder) == 1 and count(BookCommand) == 1


def test_a_batch_over_the_limit_is_refused_whole(client, selling, rebar_2612):
    refused = send(client, selling, [order(rebar_2612, "sell", "10", "4000.00")] * 101)

    assert refused.status_code == 422 and refused.content_type == "application/problem+json"
    assert "orders" in refused.json["errors"]
    assert count(FloorOrder) == 0


def test_an_order_meeting_an_own_order_placed_earlier_in_the_batch_is_refused_alone(client, selling, rebar_2612):
    answer = send(client, selling, [order(rebar_2612, "sell", "10", "4000.00"),
                                    order(rebar_2612, "buy", "10", "4000.00")])

    first, second = answer.json["items"]
    assert first["status"] == 201 and first["order"]["status"] == "open"
    assert second["status"] == 422 and "own enterprise" in second["problem"]["detail"]
    assert count(FloorOrder) == 1 and count(Trade) == 0


def test_each_placed_order_has_an_audit_record_naming_the_contracts_of_its_fills(client, selling, buying, rebar_2612):
    send(client, selling, [order(rebar_2612, "sell", "30", "4000.00")], key="ask")

    taker = send(client, buying, [order(rebar_2612, "buy", "20", "4000.00"), order(rebar_2612, "buy", "10",
                                                                                    "4000.00")]).json["items"]

    records = {r.target: r for r in db.session.scalars(
        select(AuditRecord).where(AuditRecord.action == "trading.order.placed"))}
    assert len(records) == 3
    for item in taker:
        [fill] = item["order"]["fills"]
        logged = records[item["order"]["id"]].after
        assert logged["status"] == "filled"
        assert [f["contract"] for f in logged["fills"]] == [fill["contract_id"]]


@pytest.mark.postgres_only
def test_batches_racing_on_one_instrument_in_two_processes_leave_one_consistent_book(app, other_process, world):
    instrument = list_instrument(world.operator())
    enterprises = [world.enterprise() for _ in range(4)]
    ids, placed, failures = [e.id for e in enterprises], [], []
    start = threading.Barrier(len(ids))

    def client(number):
        from marketplace.accounts.models import Enterprise
        rng = random.Random(number)
        try:
            start.wait()
            for round_ in range(2):
                with (app, other_process)[(number + round_) % 2].test_request_context():
                    try:
                        enterprise = db.session.get(Enterprise, ids[number])
                        rebar = db.session.get(Instrument, instrument.id)
                        side = ("buy", "sell")[(number + round_) % 2]
                        tickets = [book.OrderTicket(rebar, side, rng.choice(("limit", "limit", "ioc")),
                                                    10 * rng.randint(1, 5), 400000 + 100 * rng.randint(-3, 3))
                                   for _ in range(15)]
                        outcomes = book.place_orders(owner_of(enterprise), enterprise, tickets)
                        placed.extend(o.public_id for o in outcomes if isinstance(o, FloorOrder))
                    finally:
                        db.session.remove()
        except Exception as error:  # noqa: BLE001 - re-raised below so the test fails
            failures.append(error)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(len(ids))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]

    db.session.expire_all()
    orders = db.session.scalars(select(FloorOrder).where(FloorOrder.instrument_id == instrument.id)).all()
    assert sorted(o.public_id for o in orders) == sorted(placed) and placed
    seqs = db.session.scalars(select(BookCommand.seq).where(BookCommand.instrument_id == instrument.id)
                              .order_by(BookCommand.seq)).all()
    assert seqs == list(range(1, len(placed) + 1))
    numbers = db.session.scalars(select(Trade.number).where(Trade.instrument_id == instrument.id)
                                 .order_by(Trade.number)).all()
    assert numbers == list(range(1, len(numbers) + 1)) and numbers
    assert count(Contract) == len(numbers)

    replayed = Book()
    replayed.catch_up(book.stored_commands(instrument.id))
    for process in (app, other_process):  # each process trades on, and shows, the committed book
        assert cached_book_is_a_committed_book(process, instrument.id)
        with process.test_request_context():
            assert book.market_depth(db.session.get(Instrument, instrument.id)) == replayed.depth(book.DEPTH_LEVELS)
            db.session.remove()
    resting = {entry[2]: entry[5] for entry in replayed.snapshot()}
    for placed_order in orders:
        fills = db.session.scalar(select(func.coalesce(func.sum(Trade.quantity_lots), 0)).where(
            (Trade.buy_order_id == placed_order.id) | (Trade.sell_order_id == placed_order.id)))
        assert placed_order.filled_lots == fills
        assert placed_order.remaining_lots == resting.get(placed_order.public_id, 0)
