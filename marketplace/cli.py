"""The ``binhai`` command: serve, worker, demo data, search, platform roles, audit, credit, oversight (plus Flask's ``db`` commands)."""
import functools
import logging

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from marketplace.policy import PlatformRole


def with_site_request(command):
    """Run ``command`` as if inside a request to PUBLIC_URL: services build mailed links and pick a language."""

    @with_appcontext
    @functools.wraps(command)
    def in_request(*args, **kwargs):
        with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
            return command(*args, **kwargs)

    return in_request


def _create_app(serving=False):
    """:raise click.ClickException: a bad setting stops the command with one line naming it.

    Only the serving process starts the embedded search engine; a command's would die with it.
    """
    from marketplace import create_app
    from marketplace.config import ConfigError

    try:
        return create_app(None if serving else {"SEARCH_EMBEDDED": False})
    except ConfigError as error:
        raise click.ClickException(f"configuration: {error}") from None


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True,
             help="Binhai Marketplace administration.")
def main():
    """Entry point of the ``binhai`` console script."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for chatty in ("alembic.runtime.plugins", "elastic_transport", "stripe", "weasyprint", "fontTools"):  # one line per call otherwise
        logging.getLogger(chatty).setLevel(logging.WARNING)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--workers", default=1, show_default=True,
              help="gunicorn processes; more than one needs REDIS_URL so rate limits are shared")
def serve(host, port, workers):
    """Serve the site with gunicorn (the same server as production)."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", "-")

        def load(self):
            from credit.jobs import CreditJobs
            from logistics.readers.jobs import SightingCloser
            from logistics.readers.mqtt import ReadSubscriber, subscribes
            from marketplace.documents.jobs import DocumentRenderer
            from marketplace.payments.jobs import SettlementJobs
            from marketplace.oversight.complaints.jobs import ComplaintClocks
            from marketplace.oversight.screening.reactions import ScreeningReactions
            from marketplace.oversight.surveillance.live import SurveillanceJobs
            from marketplace.payments.webhooks import configure_embedded_webhook
            from trading.auctions.closing import AuctionCloser

            app = _create_app(serving=True)
            configure_embedded_webhook(app)
            AuctionCloser(app).start()  # in each server process: closes are idempotent
            DocumentRenderer(app).start()  # a document is requested once and rendered by one process
            SettlementJobs(app).start()  # recoveries and releases are idempotent too
            SightingCloser(app).start()  # a close sets only what is not set yet
            CreditJobs(app).start()  # facts, notices and webhooks are each recorded once
            SurveillanceJobs(app).start()  # alerts are unique by fingerprint
            ComplaintClocks(app).start()  # a lapsed mediation is ended once, under its row lock
            ScreeningReactions(app).start()  # screening a listing again is idempotent
            if subscribes(app, by_default=workers == 1):  # one session per installation and role
                ReadSubscriber(app, role="serve").start()
            return app

    if workers > 1 and not _create_app().config["ELASTICSEARCH_URL"]:
        raise click.ClickException("more than one worker needs ELASTICSEARCH_URL: each process would otherwise "
                                   "run its own in-memory search engine and see only part of the changes")
    click.echo(f"Binhai Marketplace on http://{host}:{port}/")
    Server().run()


@main.command("demo")
@with_site_request
def demo():
    """Load the Binhai demo set (idempotent) and print the logins."""
    from marketplace import demo as demo_data

    # The demo reads its own invitation mails; logging each one would bury the logins it prints.
    logging.getLogger("marketplace.mail").setLevel(logging.WARNING)
    for line in demo_data.load():
        click.echo(line)


@main.group("users")
def users():
    """People's platform roles."""


@users.command("grant-role")
@click.argument("email")
@click.argument("role", type=click.Choice([role.value for role in PlatformRole] + ["none"]))
@with_site_request
def users_grant_role(email, role):
    """Make the person with EMAIL operator or regulator, or take the role away with "none".

    The only way to make the first operator of an installation: no web page grants platform roles.
    """
    from marketplace.accounts.services import grant_platform_role
    from marketplace.errors import DomainError

    try:
        user = grant_platform_role(email, None if role == "none" else role)
    except DomainError as error:
        raise click.ClickException(f"{email}: {error.message}") from None
    click.echo(f"{user.email} is now {user.platform_role or 'without a platform role'}")


@main.group("audit")
def audit():
    """The audit log."""


@audit.command("verify")
@with_appcontext
def audit_verify():
    """Check the audit hash chain; exit 1 and list the breaks if any row was changed or deleted."""
    from marketplace.audit.services import verify

    breaks = verify()
    if not breaks:
        click.echo("audit log intact")
        return
    for found in breaks:
        click.echo(f"record {found.sequence}: {found.describe()}", err=True)
    raise SystemExit(1)


def _search_backend():
    """:raise click.ClickException: without ELASTICSEARCH_URL (the embedded engine lives inside ``binhai serve``)."""
    if current_app.extensions.get("search") is None:
        raise click.ClickException("ELASTICSEARCH_URL is not set: the embedded search engine runs inside "
                                   "`binhai serve`, which rebuilds it at every start and indexes changes itself")
    return current_app.extensions["search"]


@main.group("search")
def search():
    """The search index (Elasticsearch or OpenSearch at ELASTICSEARCH_URL)."""


@search.command("reindex")
@with_appcontext
def search_reindex():
    """Rebuild the indexes from the database and swap the aliases; searches keep answering meanwhile."""
    from marketplace.search import services

    _search_backend()
    with click.progressbar(length=services.rows_to_index(), label="indexing listings and enterprises") as bar:
        services.reindex(progress=bar.update)
    click.echo("search indexes rebuilt and swapped")


@main.command("worker")
@click.option("--interval", default=1.0, show_default=True, help="seconds between two drains of the outbox")
@with_appcontext
def worker(interval):
    """Keep the search index up to date, close auctions on time, finish interrupted payments, release
    inspected deliveries, render documents, keep credit grades current, watch the market and end lapsed
    complaint mediations, until stopped (Ctrl-C or SIGTERM)."""
    import signal

    from credit.jobs import CreditJobs
    from logistics.readers.jobs import SightingCloser
    from logistics.readers.mqtt import ReadSubscriber, subscribes
    from marketplace.documents.jobs import DocumentRenderer
    from marketplace.oversight.complaints.jobs import ComplaintClocks
    from marketplace.oversight.screening.reactions import ScreeningReactions
    from marketplace.oversight.surveillance.live import SurveillanceJobs
    from marketplace.payments.jobs import SettlementJobs
    from marketplace.search.indexer import Indexer
    from trading.auctions.closing import AuctionCloser

    indexer = Indexer(current_app._get_current_object(), _search_backend(), interval=interval)
    closer = AuctionCloser(current_app._get_current_object(), interval=interval)
    renderer = DocumentRenderer(current_app._get_current_object())
    settlement = SettlementJobs(current_app._get_current_object())
    sightings = SightingCloser(current_app._get_current_object())
    credit_jobs = CreditJobs(current_app._get_current_object())
    surveillance = SurveillanceJobs(current_app._get_current_object())
    complaint_clocks = ComplaintClocks(current_app._get_current_object())
    screening = ScreeningReactions(current_app._get_current_object())
    reads = (ReadSubscriber(current_app._get_current_object(), role="worker")
             if subscribes(current_app, by_default=True) else None)
    signal.signal(signal.SIGTERM, lambda *_: indexer.stopped.set())
    click.echo(f"draining the outbox into {indexer.backend.url} and closing due auctions every {interval} s; "
               f"settling every {settlement.interval:g} s")
    closer.start()
    renderer.start()
    settlement.start()
    sightings.start()
    credit_jobs.start()
    surveillance.start()
    complaint_clocks.start()
    screening.start()
    if reads is not None:
        reads.start()
    try:
        indexer.run()
    except KeyboardInterrupt:
        indexer.stopped.set()
    closer.stop()
    renderer.stop()
    settlement.stop()
    sightings.stop()
    credit_jobs.stop()
    surveillance.stop()
    complaint_clocks.stop()
    screening.stop()
    if reads is not None:
        reads.stop()
    click.echo("worker stopped")


@main.group("ledger")
def ledger():
    """The double-entry ledger of escrow, fees and payouts."""


@ledger.command("verify")
@with_appcontext
def ledger_verify():
    """Check that every transaction balances, no account is overdrawn and no escrow paid out more than came in;
    exit 1 and print each problem on a line if not."""
    from marketplace.ledger.services import verify
    from marketplace.ledger.views import ledger_size

    problems = verify()
    for problem in problems:
        click.echo(problem)
    if problems:
        raise SystemExit(1)
    transactions, entries = ledger_size()
    click.echo(f"The ledger holds: {transactions} transactions, {entries} entries")


@main.group("payments")
def payments():
    """Payments through the gateway."""


@payments.command("reconcile")
@with_appcontext
def payments_reconcile():
    """Compare the ledger with the gateway's payment intents and refunds; print each difference and exit 1
    if there is any (the run is kept for the operator's ledger page too)."""
    from marketplace.payments import reconciliation

    run = reconciliation.reconcile()
    if run.error:
        raise click.ClickException(run.error)
    for difference in reconciliation.differences_of(run):
        click.echo(difference.line())
    if run.differences:
        raise SystemExit(1)
    click.echo(f"No difference: {run.intents_checked} payment intents checked against the ledger")


@main.group("credit")
def credit():
    """Credit grades and the score model."""


@credit.command("rescore")
@click.option("--model", "model_version", default=None, help="score model version; default: the one in effect today")
@click.option("--batch-size", default=500, show_default=True, help="enterprises scored and committed together")
@with_site_request
def credit_rescore(model_version, batch_size):
    """Re-score every verified enterprise (new snapshots; old ones stay) and report who changed grade."""
    from credit.grading import runs
    from marketplace.errors import DomainError

    try:
        run = runs.start_run(model_version)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    with click.progressbar(length=run.total, label=f"re-scoring with model {run.model_version}") as bar:
        finished = runs.execute_run(run.id, batch_size=batch_size, progress=bar.update)
    click.echo(f"run {finished.public_id}: {finished.done} enterprises scored, {finished.changed} changed grade")
    for move, count in sorted(finished.transitions.items(), key=lambda item: (-item[1], item[0])):
        click.echo(f"  {move.replace('>', ' -> ')}: {count}")


from marketplace.oversight.cli import oversight  # noqa: E402 - after with_site_request, which its commands use

main.add_command(oversight)
