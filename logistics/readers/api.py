"""``/api/v1`` routes of logistics readers: a reader posts its raw reads with its device token; the
logistics firm registers read points and readers, binds antennas, rotates tokens and watches health.

``POST /readers/reads`` is the one route a reader calls: ``Authorization: Bearer <device token>``,
the body exactly as the reader sends it (generic JSON batch, Zebra IoT Connector or Impinj IoT
interface events). Everything else takes an enterprise's API token with ``logistics:*`` scopes.
"""
from flask import g, request
from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import select

from logistics.readers import services
from logistics.readers.models import Reader, ReadPoint
from logistics.readers.schemas import (
    AntennaInSchema, AntennaSchema, IngestedSchema, NewReaderSchema, ReaderInSchema, ReaderSchema, ReaderStatusSchema,
    ReadPointInSchema, ReadPointSchema, ReadsQuery,
)
from marketplace import policy
from marketplace.api import PageQuery, ProblemSchema, api_blueprint, link_header, page_of, paginate
from marketplace.errors import problem
from marketplace.extensions import db
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("readers_api", __name__, "Logistics: RFID readers, read points and raw reads.")

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`); nothing stored"}
_NOT_FOUND = {"schema": ProblemSchema, "description": "No such reader of this enterprise"}


@blp.route("/readers/reads")
class ReaderReads(MethodView):
    @requires(policy.READER_DEVICE)
    @blp.arguments(ReadsQuery, location="query", as_kwargs=True)
    @blp.response(202, IngestedSchema)
    @blp.alt_response(401, schema=ProblemSchema, description="Unknown, rotated or retired device token")
    @blp.alt_response(422, **_REFUSED)
    def post(self, format=None):
        """A batch of raw reads, smoothed into sightings; one ObjectEvent per sighting, never per read.

        Sending the same batch again changes nothing (`duplicate` is true). Late and out-of-order
        reads are fine: the event time is the read time. An unknown token (401) or a body that is not
        a batch (422) stores nothing.
        """
        scheme, _sep, plain = request.headers.get("Authorization", "").partition(" ")
        reader = services.reader_by_token(plain) if scheme.lower() == "bearer" else None
        if reader is None:
            return problem(401, "Unauthorized", _("Send the reader's device token as 'Authorization: Bearer <token>'; "
                                                  "this one is not known, was rotated or its reader retired."),
                           headers={"WWW-Authenticate": 'Bearer realm="binhai-readers"'})
        return services.ingest(reader, services.parse_batch(request.get_data(cache=False), format), transport="http")


@blp.route("/readers")
class Readers(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(ReaderStatusSchema))
    def get(self, limit, cursor):
        """The enterprise's readers, oldest first, each with its health (reads per minute over the last hour)."""
        page = paginate(db.session, select(Reader).where(Reader.enterprise_id == g.enterprise.id), Reader.id,
                        limit, cursor)
        page["items"] = services.statuses_of(page["items"])
        return page, 200, link_header(page)

    @requires(policy.API_LOGISTICS_WRITE)
    @blp.arguments(ReaderInSchema)
    @blp.response(201, NewReaderSchema)
    @blp.alt_response(409, schema=ProblemSchema, description="Not a verified logistics enterprise")
    @blp.alt_response(422, **_REFUSED)
    def post(self, data):
        """Register a reader; the answer carries its device token, shown this once."""
        reader, plain = services.register_reader(actor(), g.enterprise, **data)
        return {"reader": reader, "token": plain}


def _reader(public_id):
    return services.reader_of(g.enterprise, public_id)


@blp.route("/readers/<public_id>")
class OneReader(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.response(200, ReaderStatusSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, public_id):
        """One reader with its antennas, MQTT topic and health."""
        return services.statuses_of([_reader(public_id)])[0]

    @requires(policy.API_LOGISTICS_WRITE)
    @blp.response(200, ReaderSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    def delete(self, public_id):
        """Retire the reader: its token stops working at once; its sightings stay. Safe to repeat."""
        return services.retire_reader(actor(), g.enterprise, public_id)


@blp.route("/readers/<public_id>/token")
class ReaderToken(MethodView):
    @requires(policy.API_LOGISTICS_WRITE)
    @blp.response(201, NewReaderSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    def post(self, public_id):
        """A new device token (shown this once); the previous one stops working at once."""
        reader, plain = services.rotate_token(actor(), g.enterprise, public_id)
        return {"reader": reader, "token": plain}


@blp.route("/readers/<public_id>/antennas")
class ReaderAntennas(MethodView):
    @requires(policy.API_LOGISTICS_WRITE)
    @blp.arguments(AntennaInSchema)
    @blp.response(200, AntennaSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    def post(self, data, public_id):
        """Bind (or move) the antenna on ``port`` to a read point; its later reads stand for that read point."""
        return services.bind_antenna(actor(), g.enterprise, public_id, data["port"], data["read_point"])


@blp.route("/read-points")
class ReadPoints(MethodView):
    @requires(policy.API_LOGISTICS_READ)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(ReadPointSchema))
    def get(self, limit, cursor):
        """The enterprise's read points, oldest first."""
        page = paginate(db.session, select(ReadPoint).where(ReadPoint.enterprise_id == g.enterprise.id),
                        ReadPoint.id, limit, cursor)
        return page, 200, link_header(page)

    @requires(policy.API_LOGISTICS_WRITE)
    @blp.arguments(ReadPointInSchema)
    @blp.response(201, ReadPointSchema)
    @blp.alt_response(409, schema=ProblemSchema, description="Not a verified logistics enterprise")
    @blp.alt_response(422, **_REFUSED)
    def post(self, data):
        """Register a read point: an SGLN with the business step and disposition its reads stand for."""
        return services.register_read_point(actor(), g.enterprise, **data)
