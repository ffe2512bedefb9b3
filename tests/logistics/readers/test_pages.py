"""The readers pages as a logistics operator and a regulator use them."""
import html
import json
import re

from logistics.readers import services
from tests.builders import World
from tests.logistics.readers.conftest import case_hex, generic
from tests.logistics.readers.test_reads_api import post


def test_operator_registers_a_reader_sees_its_token_once_and_its_health(client, world, firm):
    operator = world.member(firm.enterprise, "logistics_operator")
    World.login(client, operator)
    page = client.get(f"/enterprises/{firm.enterprise.public_id}/readers")
    assert page.status_code == 200 and "Dock FX9600" in page.text and firm.reader.mqtt_topic in page.text
    assert "/api/v1/readers/reads" in page.text and "Port 1" in page.text

    made = client.post(f"/enterprises/{firm.enterprise.public_id}/readers", data={"name": "Gate 2", "model": "R700"})
    assert made.status_code == 201
    assert made.headers["Cache-Control"] == "no-store", "no cache or back button keeps the token"
    token = made.text.split('id="new-token">')[1].split("<")[0]
    assert services.reader_by_token(token).name == "Gate 2"
    assert token not in client.get(f"/enterprises/{firm.enterprise.public_id}/readers").text

    services.ingest(firm.reader, json.dumps(generic(*[(case_hex(n), 1, 0) for n in range(120)])).encode())
    assert "2.0 reads/min" in client.get(f"/enterprises/{firm.enterprise.public_id}/readers").text


def test_operator_registers_a_read_point_and_binds_an_antenna(client, world, firm):
    World.login(client, firm.owner)
    base = f"/enterprises/{firm.enterprise.public_id}"
    refused = client.post(f"{base}/read-points", data={"name": "Quay", "sgln": "urn:epc:id:sgln:bad",
                                                       "biz_step": "loading", "disposition": ""})
    assert refused.status_code == 422 and "expected company prefix" in refused.text
    made = client.post(f"{base}/read-points", data={
        "name": "Quay crane 2", "sgln": "urn:epc:id:sgln:0614141.00777.5", "biz_step": "loading",
        "disposition": "in_transit", "port_event": "LOAD", "unlocode": "CNTXG"})
    assert made.status_code == 302
    listed = client.get(f"{base}/read-points", headers={"Accept-Language": "en"}).text
    assert "Loading" in listed and "In transit" in listed and "LOAD · Loaded" in listed, "CBV and DCSA codes named"
    point = next(p for p in services.read_points_of(firm.enterprise) if p.name == "Quay crane 2")
    bound = client.post(f"{base}/readers/{firm.reader.public_id}/antennas",
                        data={"port": "2", "read_point": point.public_id}, follow_redirects=True)
    assert bound.status_code == 200 and "Quay crane 2" in bound.text
    assert client.post(f"{base}/readers/{firm.reader.public_id}/retire").status_code == 302
    assert services.reader_by_token(firm.token) is None


def test_a_regulator_reads_but_does_not_manage(client, world, firm):
    World.login(client, world.regulator())
    page = client.get(f"/enterprises/{firm.enterprise.public_id}/readers")
    assert page.status_code == 200 and "Register a reader" not in page.text
    assert client.post(f"/enterprises/{firm.enterprise.public_id}/readers", data={"name": "x"}).status_code == 403


def test_a_bad_antenna_port_is_refused_with_a_message_and_pages_read_in_chinese(client, world, firm):
    World.login(client, firm.owner)
    base = f"/enterprises/{firm.enterprise.public_id}"
    refused = client.post(f"{base}/readers/{firm.reader.public_id}/antennas",
                          data={"port": "0", "read_point": firm.dock.public_id})
    assert refused.status_code == 422 and "The antenna was not bound." in refused.text
    for path in ("readers", "read-points"):
        page = client.get(f"{base}/{path}", headers={"Accept-Language": "zh-CN"})
        assert page.status_code == 200 and 'lang="zh' in page.text


def test_the_readers_page_charts_each_live_readers_reads_per_minute(client, world, firm):
    post(client, firm.token, generic((case_hex(31), 1, 0), (case_hex(31), 1, 1), (case_hex(32), 1, 2)))
    world.login(client, firm.owner)
    page = client.get(f"/enterprises/{firm.enterprise.public_id}/readers", headers={"Accept-Language": "en"})
    chart = json.loads(html.unescape(re.search(r'data-reader-chart="([^"]+)"', page.get_data(as_text=True))[1]))
    assert len(chart["minutes"]) == 60
    assert [(one["name"], sum(one["reads"])) for one in chart["series"]] == [(firm.reader.name, 3)]
