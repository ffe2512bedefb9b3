"""Web forms of shipments: book, choose the carrier, name the dock, add legs, containers and units,
record a port event, report an exception, confirm delivery.

Identifiers arrive as text; the services check them (UN/LOCODE, IMO and ISO 6346 check digits, EPC
URIs), so a page and the API refuse the same input with the same words.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from logistics.shipments import dcsa, services
from logistics.shipments.lifecycle import ShipmentException
from logistics.shipments.units import KINDS
from marketplace.accounts import labels
from marketplace.accounts.forms import options
from marketplace.sourcing.forms import LOCAL_MINUTE, in_binhai, stripped


def _offered(carriers, name):
    return [SelectChoice(carrier.public_id, name(carrier)) for carrier in carriers]


class BookForm(FlaskForm):
    source_type = SelectField(_l("For"), choices=[SelectChoice(services.CONTRACT, _l("Contract")),
                                                  SelectChoice(services.ORDER, _l("Order"))])
    source_id = StringField(_l("Contract or order number"), filters=[stripped],
                            validators=[DataRequired(), Length(max=24)], description=_l("e.g. ct_… or ord_…"))
    carrier = SelectField(_l("Carrier"), validators=[Optional()],
                          description=_l("A verified logistics enterprise; you can also choose it later."))
    origin = StringField(_l("From"), filters=[stripped], validators=[Length(max=200)])
    destination = StringField(_l("To"), filters=[stripped], validators=[Length(max=200)])
    bill_of_lading = StringField(_l("Bill of lading"), filters=[stripped], validators=[Length(max=40)])

    def offer(self, carriers, name):
        """The verified logistics enterprises to choose from, or none yet."""
        self.carrier.choices = [SelectChoice("", _l("Choose later")), *_offered(carriers, name)]
        return self


class CarrierForm(FlaskForm):
    carrier = SelectField(_l("Carrier"), validators=[DataRequired()])

    def offer(self, carriers, name):
        self.carrier.choices = _offered(carriers, name)
        return self


class DestinationForm(FlaskForm):
    read_point = StringField(_l("Destination dock (read point)"), filters=[stripped],
                             validators=[DataRequired(), Length(max=24)],
                             description=_l("A read point of the buyer or the carrier, e.g. rpt_…; a read there "
                                            "marks the goods delivered."))


class LegForm(FlaskForm):
    mode = SelectField(_l("Mode"), validators=[DataRequired()])
    from_place = StringField(_l("From"), filters=[stripped], validators=[DataRequired(), Length(max=200)])
    from_locode = StringField(_l("From (UN/LOCODE)"), filters=[stripped], validators=[Optional()],
                              description=_l("e.g. CNTXG"))
    to_place = StringField(_l("To"), filters=[stripped], validators=[DataRequired(), Length(max=200)])
    to_locode = StringField(_l("To (UN/LOCODE)"), filters=[stripped], validators=[Optional()])
    vessel_imo = StringField(_l("Vessel IMO number"), filters=[stripped], validators=[Optional()])
    vessel_name = StringField(_l("Vessel name"), filters=[stripped], validators=[Length(max=100)])
    voyage = StringField(_l("Voyage"), filters=[stripped], validators=[Length(max=20)])
    container = StringField(_l("Container number"), filters=[stripped], validators=[Optional()],
                            description=_l("ISO 6346, e.g. CSQU3054383"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mode.choices = options("transport_mode")


class ContainerForm(FlaskForm):
    number = StringField(_l("Container number"), filters=[stripped], validators=[DataRequired()],
                         description=_l("ISO 6346, e.g. CSQU3054383"))
    size_type = StringField(_l("Size and type"), filters=[stripped], default="22G1",
                            validators=[DataRequired(), Length(min=4, max=4)])
    epc_uri = StringField(_l("Tag EPC"), filters=[stripped], validators=[Optional()],
                          description=_l("The container tag's GRAI or SSCC, if it carries one"))


class UnitForm(FlaskForm):
    kind = SelectField(_l("Kind"), validators=[DataRequired()])
    epc = StringField(_l("EPC"), filters=[stripped], validators=[DataRequired(), Length(max=200)],
                      description=_l("e.g. urn:epc:id:sscc:6901234.0000000017 or urn:epc:class:lgtin:…"))
    description = StringField(_l("Description"), filters=[stripped], validators=[Length(max=200)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = options("shipment_unit_kind", KINDS)


class PortEventForm(FlaskForm):
    """One DCSA event as a person enters it; ``as_dcsa`` makes the JSON the API would take, and
    ``field_of`` puts the service's message on a DCSA field at the form field it came from."""

    _FIELDS = {
        "equipmentReference": "container", "eventDateTime": "event_at", "eventClassifierCode": "classifier",
        "emptyIndicatorCode": "empty", "transportCall.vessel.vesselIMONumber": "vessel_imo",
        "transportCall.carrierVoyageNumber": "voyage", "eventLocation.UNLocationCode": "unlocode",
        "transportCall.UNLocationCode": "unlocode", "eventLocation.facilityCode": "facility",
        "equipmentEventTypeCode": "type_code", "transportEventTypeCode": "type_code",
    }

    type_code = SelectField(_l("Event"), validators=[DataRequired()])
    event_at = DateTimeLocalField(_l("When (Beijing time)"), format=LOCAL_MINUTE, validators=[DataRequired()])
    classifier = SelectField(_l("Status"), choices=[
        SelectChoice("ACT", _l("Actual")), SelectChoice("EST", _l("Estimated")), SelectChoice("PLN", _l("Planned"))])
    container = StringField(_l("Container number"), filters=[stripped], validators=[Optional()])
    empty = SelectField(_l("Laden or empty"), choices=[SelectChoice("LADEN", _l("Laden")),
                                                            SelectChoice("EMPTY", _l("Empty"))])
    vessel_imo = StringField(_l("Vessel IMO number"), filters=[stripped], validators=[Optional()])
    voyage = StringField(_l("Voyage"), filters=[stripped], validators=[Length(max=20)])
    unlocode = StringField(_l("Place (UN/LOCODE)"), filters=[stripped], validators=[Optional()])
    facility = StringField(_l("Facility"), filters=[stripped], validators=[Length(max=100)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type_code.choices = [SelectChoice(code, f"{code} · {labels.label(code, 'port_event_code')}")
                                  for code in dcsa.EQUIPMENT_CODES + dcsa.TRANSPORT_CODES]

    def as_dcsa(self):
        code = self.type_code.data
        transport = code in dcsa.TRANSPORT_CODES
        event = {"eventType": dcsa.TRANSPORT if transport else dcsa.EQUIPMENT,
                 "eventClassifierCode": self.classifier.data,
                 "eventDateTime": in_binhai(self.event_at.data).isoformat(),
                 "eventLocation": {"UNLocationCode": self.unlocode.data or None, "facilityCode": self.facility.data},
                 "transportCall": {"carrierVoyageNumber": self.voyage.data or None,
                                   "vessel": {"vesselIMONumber": self.vessel_imo.data or None}}}
        if transport:
            return event | {"transportEventTypeCode": code}
        return event | {"equipmentEventTypeCode": code, "equipmentReference": self.container.data or None,
                        "emptyIndicatorCode": self.empty.data}

    def field_of(self, name):
        return self._FIELDS.get(name, name)


class ExceptionForm(FlaskForm):
    kind = SelectField(_l("What went wrong"), validators=[DataRequired()])
    note = TextAreaField(_l("Note"), filters=[stripped], validators=[Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = options("shipment_exception", tuple(ShipmentException))


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Note"), filters=[stripped], validators=[Length(max=2000)])
