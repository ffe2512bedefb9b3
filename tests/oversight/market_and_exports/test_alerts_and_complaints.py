"""Alerts raised by surveillance and complaints filed reach the dashboards, and the complaint statistics
reach their PDF."""
import io
import threading

from pypdf import PdfReader

from marketplace.i18n import shanghai_day
from marketplace.oversight.complaints import services as complaints
from marketplace.oversight.market import services
from marketplace.oversight.surveillance import live
from tests.builders import owner_of
from tests.conftest import csrf_token_from
from tests.oversight.surveillance.conftest import share_representative
from tests.trading.market import list_instrument
from trading.book import services as book


def test_a_wash_trades_alert_is_counted_on_its_floor_today(world):
    rebar = list_instrument(world.operator())
    seller, buyer = world.enterprise(), world.enterprise()
    share_representative(seller, buyer)
    book.place_order(owner_of(seller), seller, rebar.public_id, "sell", "limit", "20", 400000)
    book.place_order(owner_of(buyer), buyer, rebar.public_id, "buy", "limit", "20", 400000)
    live.react()

    board = services.floor_dashboard("steel", services.period())

    assert board.days[-1].day == shanghai_day() and board.days[-1].alerts == 1
    assert board.totals.alerts == 1


def test_a_report_filed_today_is_counted_on_the_console_home(client, world, seller):
    complaints.file_report(world.person(), "enterprise", seller.public_id, "fraud", "刷单")
    world.login(client, world.regulator())

    body = client.get("/oversight").get_data(as_text=True)
    platform = services.platform_dashboard(services.period())

    assert platform.complaints[shanghai_day()] == 1
    assert 'id="platform-oversight"' in body


def test_the_complaint_statistics_pdf_counts_the_reports_in_chinese(client, world, seller):
    complaints.file_report(world.person(), "enterprise", seller.public_id, "fraud", "刷单")
    world.login(client, world.regulator())
    token = csrf_token_from(client.get("/oversight/exports").get_data(as_text=True))

    started = client.post("/oversight/exports", data={"csrf_token": token, "kind": "complaint_statistics"})
    for thread in threading.enumerate():
        if thread.name.startswith("oversight-export-"):
            thread.join(60)
    pdf = client.get(started.headers["Location"] + "/file")

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "投诉举报统计报告" in text and "举报" in text
    assert seller.credit_code in text
