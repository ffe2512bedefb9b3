"""``binhai oversight …``: the regulator console's commands. Other oversight areas add theirs to the
same ``oversight`` group (``@oversight.command(...)`` in this module)."""
from datetime import date

import click

from marketplace.cli import with_site_request


@click.group("oversight")
def oversight():
    """The regulator console: retention and maintenance."""


def _day(_context, _parameter, value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("give the day as YYYY-MM-DD") from None


@oversight.command("purge")
@click.option("--before", required=True, callback=_day, help="purge the access log and reports of days before "
                                                              "this one (YYYY-MM-DD, Beijing days)")
@with_site_request
def purge(before):
    """Delete access-log rows and prepared reports older than the cut-off; refuses any cut-off later than
    OVERSIGHT_RETENTION_YEARS before today, so nothing younger is ever purged."""
    from marketplace.errors import InvalidInput
    from marketplace.oversight.exports import services

    try:
        purged = services.purge(before, actor="cli")
    except InvalidInput as refusal:
        raise click.ClickException(refusal.message) from None
    click.echo(f"purged before {purged.cutoff.isoformat()}: {purged.accesses} access-log rows, "
               f"{purged.exports} reports")
