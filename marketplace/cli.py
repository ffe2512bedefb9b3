"""The ``binhai`` command: serve, demo data, audit verification (plus Flask's ``db`` commands)."""
import logging

import click
from flask.cli import FlaskGroup, with_appcontext


def _create_app():
    """:raise click.ClickException: a bad setting stops the command with one line naming it."""
    from marketplace import create_app
    from marketplace.config import ConfigError

    try:
        return create_app()
    except ConfigError as error:
        raise click.ClickException(f"configuration: {error}") from None


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True,
             help="Binhai Marketplace administration.")
def main():
    """Entry point of the ``binhai`` console script."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


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
            return _create_app()

    click.echo(f"Binhai Marketplace on http://{host}:{port}/")
    Server().run()


@main.command("demo")
@with_appcontext
def demo():
    """Load the Binhai demo set (idempotent) and print the logins."""
    from marketplace import demo as demo_data

    for line in demo_data.load():
        click.echo(line)


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
        click.echo(f"record {found.sequence}: {found.problem}", err=True)
    raise SystemExit(1)
