"""Web forms of the readers pages: register a reader or a read point, bind an antenna."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

import logistics.epcis.labels  # noqa: F401  (the CBV names the choices show)
import logistics.shipments.labels  # noqa: F401  (the port event names the choices show)
from logistics.epcis.document import BIZ_STEPS, DISPOSITIONS
from logistics.readers.context import PORT_EVENTS
from marketplace.accounts.forms import options
from marketplace.sourcing.forms import stripped


class ReaderForm(FlaskForm):
    name = StringField(_l("Name"), filters=[stripped], validators=[DataRequired(), Length(max=100)],
                       description=_l("Where it stands, e.g. “Gate 1 FX9600”."))
    model = StringField(_l("Model"), filters=[stripped], validators=[Length(max=60)])


class ReadPointForm(FlaskForm):
    name = StringField(_l("Name"), filters=[stripped], validators=[DataRequired(), Length(max=100)])
    sgln = StringField(_l("SGLN"), filters=[stripped], validators=[DataRequired()],
                       description=_l("The read point's GS1 location, e.g. urn:epc:id:sgln:0614141.00777.3"))
    biz_step = SelectField(_l("Business step"), choices=options("cbv_biz_step", set(BIZ_STEPS)), default="shipping")
    disposition = SelectField(_l("Disposition"), choices=options("cbv_disposition", set(DISPOSITIONS), blank="—"),
                              default="in_transit")
    biz_location = StringField(_l("Business location (SGLN)"), filters=[stripped],
                               description=_l("Where the goods are after the read, if that is a known site."))
    port_event = SelectField(_l("Port event"), choices=options("port_event_code", set(PORT_EVENTS), blank="—"),
                             default="",
                             description=_l("The equipment event (DCSA) its reads stand for, at a gate or quay."))
    unlocode = StringField(_l("UN/LOCODE"), filters=[stripped], description=_l("The port or place, e.g. CNTXG."))
    facility = StringField(_l("Facility"), filters=[stripped], validators=[Length(max=100)])


class AntennaForm(FlaskForm):
    port = IntegerField(_l("Antenna port"), validators=[InputRequired(), NumberRange(min=1, max=64)])
    read_point = SelectField(_l("Read point"), validators=[DataRequired()])
