"""API shapes of the EPCIS 2.0 interface: capture jobs, query parameters and EPCISQueryDocument bodies.

Field names follow GS1's EPCIS 2.0 REST binding (camelCase), so EPCIS clients read them as they are.
"""
from marshmallow import INCLUDE, Schema, fields, validate

from logistics.epcis.hashing import EPCIS_CONTEXT


class CaptureErrorSchema(Schema):
    index = fields.Integer(metadata={"description": "Position of the event in epcisBody.eventList (from 0)"})
    field = fields.String(metadata={"example": "quantityList[0].uom"})
    message = fields.String()


class CaptureJobSchema(Schema):
    captureID = fields.String(attribute="public_id", metadata={"example": "cap_7k2m9q4r8t1v3x5z6w0b"})
    status = fields.String(metadata={"description": "running, succeeded, partial (proceed: some events refused) "
                                                    "or failed (nothing stored)"})
    running = fields.Function(lambda job: job.status == "running")
    success = fields.Function(lambda job: job.status == "succeeded")
    captureErrorBehaviour = fields.Function(lambda job: "rollback" if job.rollback_on_error else "proceed")
    eventCount = fields.Integer(attribute="event_count")
    storedCount = fields.Integer(attribute="stored_count")
    duplicateCount = fields.Integer(attribute="duplicate_count",
                                    metadata={"description": "Events already stored (same canonical hash)"})
    errors = fields.List(fields.Nested(CaptureErrorSchema))
    createdAt = fields.DateTime(attribute="received_at")
    finishedAt = fields.DateTime(attribute="finished_at", allow_none=True)


class CaptureJobListSchema(Schema):
    captureJobs = fields.List(fields.Nested(CaptureJobSchema))


class EventQuery(Schema):
    """perPage and nextPageToken; the filters (eventType, GE_eventTime, MATCH_epc …) are read from the
    query string as they come, since EQ_bizTransaction_<type> and the like have open names."""

    class Meta:
        unknown = INCLUDE

    perPage = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))
    nextPageToken = fields.String(load_default=None)


class QueryDocumentSchema(Schema):
    context = fields.Raw(data_key="@context", metadata={"example": [EPCIS_CONTEXT]})
    type = fields.String(metadata={"example": "EPCISQueryDocument"})
    schemaVersion = fields.String(metadata={"example": "2.0"})
    creationDate = fields.String()
    epcisBody = fields.Raw(metadata={"description": "queryResults.resultsBody.eventList holds the events"})
