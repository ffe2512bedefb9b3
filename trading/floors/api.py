"""``/api/v1`` for floors: anyone reads the rules, sessions, bands, fees and lot specifications.

Configuration stays on the operator's web pages: API tokens belong to one enterprise and never carry
the platform operator's role, so there is no caller an operator write through the API could admit.
"""
from flask.views import MethodView
from sqlalchemy import select

from marketplace import policy
from marketplace.api import PageQuery, api_blueprint, link_header, page_of, paginate
from marketplace.extensions import db
from marketplace.permissions import requires
from trading.floors import services as floors
from trading.floors.models import Floor, Instrument
from trading.floors.schemas import FloorDetailSchema, FloorSchema, InstrumentSchema

blp = api_blueprint("floors_api", __name__, "Trading floors and their instruments: rules, sessions, bands, fees, "
                                            "lot specifications. Public; the operator configures them on the web.")


@blp.route("/floors")
class Floors(MethodView):
    @requires(policy.PUBLIC)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(FloorSchema))
    def get(self, limit, cursor):
        """The active floors with their trading rules."""
        page = paginate(db.session, select(Floor).where(Floor.active.is_(True)), Floor.id, limit, cursor)
        return page, 200, link_header(page)


@blp.route("/floors/<code>")
class OneFloor(MethodView):
    @requires(policy.PUBLIC)
    @blp.response(200, FloorDetailSchema)
    def get(self, code):
        """A floor's rules, its lot specification schema, and whether it trades now (and when it opens next)."""
        return floors.floor_by_code(code)


@blp.route("/floors/<code>/instruments")
class FloorInstruments(MethodView):
    @requires(policy.PUBLIC)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(InstrumentSchema))
    def get(self, limit, cursor, code):
        """The floor's instruments (listed and suspended), each with today's reference price and band."""
        floor = floors.floor_by_code(code)
        page = paginate(db.session, select(Instrument).where(Instrument.floor_id == floor.id), Instrument.id, limit,
                        cursor)
        return page, 200, link_header(page)


@blp.route("/instruments/<instrument_id>")
class OneInstrument(MethodView):
    @requires(policy.PUBLIC)
    @blp.response(200, InstrumentSchema)
    def get(self, instrument_id):
        """One instrument: its standard spec, delivery place and month, reference price and today's band."""
        return floors.instrument_by_public_id(instrument_id)
