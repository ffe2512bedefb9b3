"""Readers pages of a logistics firm: each reader's health, antennas and where it sends its reads, and
the read points. Members and oversight read them; owners and logistics operators register readers
and read points, bind antennas, rotate tokens and retire readers.

A device token is shown once, in the answer to registering or rotating, and never again.
"""
from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from logistics.readers import services
from logistics.readers.forms import AntennaForm, ReaderForm, ReadPointForm
from marketplace import policy
from marketplace.accounts.forms import show_refusal
from marketplace.errors import DomainError
from marketplace.i18n import local_time
from marketplace.permissions import requires

bp = Blueprint("readers", __name__)


def _antenna_form(points, **kwargs):
    form = AntennaForm(**kwargs)
    form.read_point.choices = [SelectChoice(point.public_id, f"{point.name} ({point.sgln})") for point in points]
    return form


def _readers_page(reader_form=None, antenna_form=None, plain=None, new_reader=None, status=200):
    """The readers page; one that shows a device token (``plain``) is marked ``no-store`` so no cache or
    back button keeps it."""
    enterprise = g.enterprise
    points = services.read_points_of(enterprise)
    readers = services.readers_of(enterprise)
    live = [reader for reader in readers if reader.retired_at is None]
    minutes, rates = services.reads_per_minute(live)
    return render_template(
        "logistics/readers/readers.html", enterprise=enterprise,
        statuses=services.statuses_of(readers), points=points,
        read_chart={"minutes": [local_time(minute, "HH:mm") for minute in minutes],
                    "series": [{"name": reader.name, "reads": rates[reader.id]} for reader in live]} if live else None,
        reader_form=reader_form or ReaderForm(formdata=None),
        antenna_form=antenna_form or _antenna_form(points, formdata=None), plain=plain, new_reader=new_reader,
        endpoint=url_for("readers_api.ReaderReads", _external=True),
    ), status, {"Cache-Control": "no-store"} if plain else {}


@bp.get("/enterprises/<enterprise_id>/readers")
@requires(policy.ENTERPRISE_MEMBER)
def readers(enterprise_id):
    """Each reader's last read, read rate over the last hour, last batch, antennas, MQTT topic and endpoint."""
    return _readers_page()


@bp.post("/enterprises/<enterprise_id>/readers")
@requires(policy.LOGISTICS_OPERATOR)
def register_reader(enterprise_id):
    """Shows the device token in this answer only: it is never stored, so it cannot be shown again."""
    form = ReaderForm()
    if not form.validate_on_submit():
        return _readers_page(reader_form=form, status=422)
    try:
        reader, plain = services.register_reader(current_user, g.enterprise, name=form.name.data,
                                                 model=form.model.data)
    except DomainError as error:
        show_refusal(form, error)
        return _readers_page(reader_form=form, status=error.status)
    return _readers_page(plain=plain, new_reader=reader, status=201)


@bp.post("/enterprises/<enterprise_id>/readers/<reader_id>/token")
@requires(policy.LOGISTICS_OPERATOR)
def rotate_token(enterprise_id, reader_id):
    """The new token in this answer only; the old one is refused from now on."""
    reader, plain = services.rotate_token(current_user, g.enterprise, reader_id)
    return _readers_page(plain=plain, new_reader=reader, status=201)


@bp.post("/enterprises/<enterprise_id>/readers/<reader_id>/retire")
@requires(policy.LOGISTICS_OPERATOR)
def retire(enterprise_id, reader_id):
    """Retire a reader that is gone or stolen: its token is refused from then on, its sightings stay."""
    services.retire_reader(current_user, g.enterprise, reader_id)
    flash(_("The reader is retired: its token is refused from now on."), "success")
    return redirect(url_for("readers.readers", enterprise_id=enterprise_id))


@bp.post("/enterprises/<enterprise_id>/readers/<reader_id>/antennas")
@requires(policy.LOGISTICS_OPERATOR)
def bind_antenna(enterprise_id, reader_id):
    """Bind (or move) one antenna port of the reader to a read point."""
    form = _antenna_form(services.read_points_of(g.enterprise))
    if not form.validate_on_submit():
        return _readers_page(antenna_form=form, status=422)
    try:
        services.bind_antenna(current_user, g.enterprise, reader_id, form.port.data, form.read_point.data)
    except DomainError as error:
        show_refusal(form, error)
        return _readers_page(antenna_form=form, status=error.status)
    flash(_("Antenna %(port)d now reads for the chosen read point.", port=form.port.data), "success")
    return redirect(url_for("readers.readers", enterprise_id=enterprise_id))


def _read_points_page(form=None, status=200):
    return render_template("logistics/readers/read_points.html", enterprise=g.enterprise,
                           points=services.read_points_of(g.enterprise),
                           form=form or ReadPointForm(formdata=None)), status


@bp.get("/enterprises/<enterprise_id>/read-points")
@requires(policy.ENTERPRISE_MEMBER)
def read_points(enterprise_id):
    """The read points (SGLN) and the business step and disposition their reads stand for."""
    return _read_points_page()


@bp.post("/enterprises/<enterprise_id>/read-points")
@requires(policy.LOGISTICS_OPERATOR)
def register_read_point(enterprise_id):
    """Register a place where tags are read, with what a read there means (business step, disposition)."""
    form = ReadPointForm()
    if not form.validate_on_submit():
        return _read_points_page(form, status=422)
    try:
        services.register_read_point(
            current_user, g.enterprise, name=form.name.data, sgln=form.sgln.data, biz_step=form.biz_step.data,
            disposition=form.disposition.data, biz_location=form.biz_location.data, port_event=form.port_event.data,
            unlocode=form.unlocode.data, facility=form.facility.data)
    except DomainError as error:
        show_refusal(form, error)
        return _read_points_page(form, status=error.status)
    flash(_("The read point is registered."), "success")
    return redirect(url_for("readers.read_points", enterprise_id=enterprise_id))
