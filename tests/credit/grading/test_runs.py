"""Full re-scoring runs: everyone gets a new snapshot, old ones stay, and the report counts the changes."""
import copy
import threading

from sqlalchemy import func, select

from credit.grading import runs, services
from credit.grading.models import RescoreRun, ScoreSnapshot
from credit.scoring.standard import STANDARD_DOCUMENT
from marketplace.database import transaction
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent
from tests.credit.grading.helpers import good_payer, late_payer


def _stricter(version="2026.7"):
    """A model whose every grade needs 40 points more."""
    document = copy.deepcopy(STANDARD_DOCUMENT)
    document.update(version=version, grade_bands={g: m + 40 for g, m in STANDARD_DOCUMENT["grade_bands"].items()})
    return document


def _snapshots():
    return db.session.scalar(select(func.count()).select_from(ScoreSnapshot))


def test_a_run_with_a_new_model_rescores_everyone_and_reports_the_transitions(world, conduct):
    late, good, new = world.enterprise(), world.enterprise(), world.enterprise()
    pending = world.enterprise(verified=False)
    conduct[late.id], conduct[good.id] = late_payer(days_late=25), good_payer()
    with transaction():
        for enterprise in (late, good, new):
            services.rescore(enterprise, "fact")
    kept = {s.id: (s.grade, s.score) for s in db.session.scalars(select(ScoreSnapshot))}
    services.add_model_version(_stricter())

    run = runs.start_run("2026.7")
    progress = []
    finished = runs.execute_run(run.id, batch_size=2, progress=progress.append)

    assert (finished.status, finished.total, finished.done) == ("finished", 3, 3)
    assert progress == [2, 1]
    assert services.standing_of(pending) is None
    assert _snapshots() == 6
    assert {s.id: (s.grade, s.score) for s in db.session.scalars(select(ScoreSnapshot).where(
        ScoreSnapshot.id.in_(kept)))} == kept
    assert services.grade_of(new) == "B"  # the neutral 640 is B under the stricter bands
    assert finished.changed == sum(finished.transitions.values()) >= 2
    assert finished.transitions.get("BBB>B") == 1
    assert all(s.run_id == run.id and s.model_version == "2026.7"
               for s in db.session.scalars(select(ScoreSnapshot).where(ScoreSnapshot.cause == "rescore")))
    events = db.session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "credit.grade_changed",
                                                          OutboxEvent.payload["model_version"].as_string() == "2026.7"))
    assert len(events.all()) == finished.changed


def test_a_second_run_with_the_same_model_changes_no_grade(world, conduct):
    for _ in range(3):
        enterprise = world.enterprise()
        conduct[enterprise.id] = late_payer(days_late=25)
    runs.execute_run(runs.start_run().id)

    again = runs.execute_run(runs.start_run().id)

    assert (again.done, again.changed, again.transitions) == (3, 0, {})
    assert _snapshots() == 6


def test_the_cli_shows_progress_and_the_report(world, conduct, runner):
    enterprise = world.enterprise()
    conduct[enterprise.id] = late_payer(days_late=25)

    result = runner.invoke("credit", "rescore")

    assert result.exit_code == 0, result.output
    assert "re-scoring with model 2026.1" in result.output
    assert "1 enterprises scored, 1 changed grade" in result.output
    assert "BBB -> " in result.output


def test_the_cli_refuses_an_unknown_model(world, runner):
    result = runner.invoke("credit", "rescore", "--model", "1999.1")

    assert result.exit_code != 0 and "1999.1" in result.output  # in the installation's default language
    assert db.session.scalar(select(func.count()).select_from(RescoreRun)) == 0


def test_an_operator_starts_a_run_on_the_web_and_follows_it_to_its_report(world, client, conduct):
    enterprise = world.enterprise()
    conduct[enterprise.id] = late_payer(days_late=25)
    world.login(client, world.operator())

    started = client.post("/credit/runs", data={"model_version": ""})

    assert started.status_code == 303
    for thread in threading.enumerate():
        if thread.name.startswith("credit-rescore-"):
            thread.join(30)
    page = client.get(started.headers["Location"])
    html = page.get_data(as_text=True)
    assert "1 of 1 enterprises changed grade." in html
    assert 'id="run-transitions"' in html and "BBB → " in html
    run_id = started.headers["Location"].rsplit("/", 1)[1]
    assert client.get(f"/credit/runs/{run_id}/progress").get_json() == {
        "status": "finished", "done": 1, "total": 1, "changed": 1}
    assert run_id in client.get("/credit/runs").get_data(as_text=True)


def test_a_regulator_follows_runs_but_cannot_start_one(world, client):
    world.login(client, world.regulator())

    assert client.get("/credit/runs").status_code == 200
    assert client.post("/credit/runs", data={}).status_code == 403
