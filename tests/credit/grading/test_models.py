"""Score model versions: the standard one registers itself; operators add new versions, never edit them."""
import copy
import io
import json
from datetime import date, timedelta

from sqlalchemy import func, select

from credit.grading import services
from credit.grading.models import ScoreModelVersion
from credit.scoring.standard import STANDARD_DOCUMENT
from marketplace.audit.models import AuditRecord
from marketplace.database import transaction
from marketplace.extensions import db
from tests.credit.grading.helpers import late_payer


def _version(name, effective_from="2026-01-01", **changes):
    document = copy.deepcopy(STANDARD_DOCUMENT)
    document.update(version=name, effective_from=effective_from, **changes)
    return document


def _count():
    return db.session.scalar(select(func.count()).select_from(ScoreModelVersion))


def test_the_newest_version_in_effect_scores_and_a_future_one_waits(world, conduct):
    enterprise = world.enterprise()
    conduct[enterprise.id] = late_payer(days_late=25)
    operator = world.operator()
    services.add_model_version(_version("2026.2", base_points=650), actor=operator)
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    services.add_model_version(_version("2027.1", effective_from=tomorrow, base_points=500), actor=operator)

    with transaction():
        snapshot = services.rescore(enterprise, "fact")

    assert snapshot.model_version == "2026.2"
    assert services.standing_of(enterprise).model_version == "2026.2"
    assert db.session.scalar(select(AuditRecord.action).where(AuditRecord.target == "2026.2")) == "credit.model_added"


def test_a_bad_document_is_refused_with_the_field_at_fault_and_nothing_is_stored(world, client):
    operator = world.operator()
    world.login(client, operator)
    client.get("/credit/models")
    before = _count()
    bad = _version("2026.9")
    bad["grade_bands"] = {"AAA": 700, "AA": 710}

    page = client.post("/credit/models", data={"document": json.dumps(bad)})

    assert page.status_code == 422
    assert "grade_bands must give a minimum for each of" in page.get_data(as_text=True)
    assert _count() == before


def test_a_version_name_is_never_reused(world, client):
    world.login(client, world.operator())

    page = client.post("/credit/models", data={"document": json.dumps(STANDARD_DOCUMENT)})

    assert page.status_code == 422
    assert "Version 2026.1 exists already" in page.get_data(as_text=True)
    assert _count() == 1


def test_an_operator_uploads_a_model_file_and_sees_its_page(world, client):
    world.login(client, world.operator())
    upload = io.BytesIO(json.dumps(_version("2026.3")).encode())

    added = client.post("/credit/models", data={"upload": (upload, "model.json")},
                        content_type="multipart/form-data")

    assert added.status_code == 303 and added.headers["Location"].endswith("/credit/models/2026.3")
    listing = client.get("/credit/models").get_data(as_text=True)
    assert "2026.3" in listing and "in effect" in listing
    assert "payment index" in client.get("/credit/models/2026.3").get_data(as_text=True)


def test_not_json_is_refused(world, client):
    world.login(client, world.operator())

    page = client.post("/credit/models", data={"document": "{version: 2026.4"})

    assert page.status_code == 422 and "is not JSON" in page.get_data(as_text=True)


def test_a_regulator_reads_the_models_but_cannot_add_one(world, client):
    world.login(client, world.regulator())

    assert client.get("/credit/models").status_code == 200
    assert client.post("/credit/models", data={"document": json.dumps(_version("2026.5"))}).status_code == 403
