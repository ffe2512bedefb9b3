"""The credit file's pages: oversight enters, imports, lists and corrects entries; an enterprise reads its file."""
import io

from sqlalchemy import func, select

from credit.file import services as file
from credit.file.models import OfficialEntry
from marketplace.extensions import db
from tests.builders import owner_of
from tests.credit.file.entries import penalty_fields


def _count():
    return db.session.scalar(select(func.count()).select_from(OfficialEntry))


def test_a_regulator_enters_a_penalty_and_sees_it_with_its_window(client, world):
    enterprise, regulator = world.enterprise(), world.regulator()
    world.login(client, regulator)

    response = client.post("/credit/entries/new", data=penalty_fields(enterprise))

    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "津滨市监罚〔2026〕118号" in page and "Publicity window" in page and "Recorded" in page
    listing = client.get(f"/credit/entries?credit_code={enterprise.credit_code}").get_data(as_text=True)
    assert "未按规定公示年度报告" in listing


def test_a_penalty_dated_in_the_future_is_refused_at_its_field_and_nothing_is_stored(client, world):
    enterprise = world.enterprise()
    world.login(client, world.regulator())

    response = client.post("/credit/entries/new", data=penalty_fields(enterprise, decided_on="2999-01-01"))

    assert response.status_code == 422
    assert "is in the future" in response.get_data(as_text=True)
    assert _count() == 0


def test_an_unknown_credit_code_is_refused(client, world):
    world.login(client, world.operator())

    response = client.post("/credit/entries/new", data=penalty_fields(world.enterprise(),
                                                                     credit_code="91120116MA00000010"))

    assert response.status_code == 422
    assert "check character" in response.get_data(as_text=True)


def test_an_import_report_names_each_refused_row_and_field(client, world):
    enterprise = world.enterprise()
    world.login(client, world.regulator())
    csv_text = ("credit_code,kind,severity,decided_on,authority,decision_number,title,content\n"
                f"{enterprise.credit_code},penalty,general,2026-01-05,滨海市监局,津滨罚〔2026〕1号,虚假宣传,罚款1万元\n"
                f"{enterprise.credit_code},penalty,enormous,2026-01-05,滨海市监局,津滨罚〔2026〕2号,虚假宣传,罚款1万元\n")

    response = client.post("/credit/entries/import", data={"file": (io.BytesIO(csv_text.encode()), "entries.csv")},
                           content_type="multipart/form-data")

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was stored" in page and "severity" in page
    assert _count() == 0

    response = client.post("/credit/entries/import", data={"file": (io.BytesIO(csv_text.encode()), "entries.csv"),
                                                           "store_valid_rows": "y"},
                           content_type="multipart/form-data")

    assert response.status_code == 200
    assert "1 entry of 2 rows was stored" in response.get_data(as_text=True)
    assert _count() == 1


def test_a_correction_from_the_entry_page_replaces_the_entry(client, world):
    enterprise, regulator = world.enterprise(), world.regulator()
    entry = file.record_entry(regulator, penalty_fields(enterprise, content="罚款人民币50000元"))
    world.login(client, regulator)

    response = client.post(f"/credit/entries/{entry.public_id}/correct",
                           data=penalty_fields(enterprise, content="罚款人民币5000元",
                                               decided_on=entry.decided_on.isoformat(),
                                               reason="A zero too many"))

    assert response.status_code == 303
    page = client.get(f"/credit/entries/{entry.public_id}").get_data(as_text=True)
    assert "Corrected" in page and "Replaced by the correction" in page


def test_the_enterprise_reads_its_own_file_and_entries_but_not_anothers(client, world):
    enterprise, other = world.enterprise(), world.enterprise()
    entry = file.record_entry(world.regulator(), penalty_fields(enterprise))
    world.login(client, owner_of(enterprise))

    page = client.get(f"/enterprises/{enterprise.public_id}/credit/file").get_data(as_text=True)
    assert "未按规定公示年度报告" in page and "Timeline" in page
    assert client.get(f"/credit/entries/{entry.public_id}").status_code == 200

    client.post("/auth/logout")
    world.login(client, owner_of(other))
    assert client.get(f"/credit/entries/{entry.public_id}").status_code == 404



def test_a_chinese_reader_sees_the_severity_in_chinese_on_the_file_page(client, world):
    enterprise = world.enterprise()
    file.record_entry(world.regulator(), penalty_fields(enterprise))
    world.login(client, owner_of(enterprise))

    response = client.get(f"/enterprises/{enterprise.public_id}/credit/file", headers={"Accept-Language": "zh-CN"})

    assert response.status_code == 200
    assert "一般" in response.get_data(as_text=True)
