"""API shapes of disputes. Amounts travel as decimal strings in the deal's currency; files as multipart parts."""
from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from marketplace.disputes.rules import MAX_FILE_BYTES, MAX_FILES_PER_PARTY, Reason
from marketplace.disputes.services import MAX_TEXT
from marketplace.sourcing.schemas import price as amount_text

_FILES = (f"JPEG, PNG or WebP pictures, PDF or plain text (UTF-8 or GB18030), judged by content; at most "
          f"{MAX_FILE_BYTES // (1024 * 1024)} MB a file and {MAX_FILES_PER_PARTY} files per side")


class DisputeInSchema(Schema):
    settlement = fields.String(required=True, validate=validate.Length(min=1, max=24), metadata={
        "description": "The id of the escrow, or of the order or contract it settles"})
    reason = fields.String(required=True, validate=validate.OneOf(list(Reason)), metadata={
        "description": "Until the goods arrive (escrow status shipped) only not_delivered"})
    description = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEXT))


class DisputeUploadSchema(DisputeInSchema):
    """``POST /disputes`` as multipart: the same fields, and evidence files under ``evidence`` (repeatable)."""

    evidence = fields.List(Upload(), metadata={"description": _FILES})


class EvidenceFilesSchema(Schema):
    evidence = fields.List(Upload(), load_default=list)


class EvidenceUploadSchema(Schema):
    file = Upload(required=True, metadata={"description": _FILES})


class AnswerInSchema(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEXT))


class DisputePartySchema(Schema):
    id = fields.String(attribute="public_id")
    name_zh = fields.String()
    name_en = fields.String(allow_none=True)


def _amount(attribute):
    return fields.Function(lambda dispute: None if getattr(dispute, attribute) is None
                           else amount_text(getattr(dispute, attribute), dispute.currency),
                           metadata={"type": "string", "example": "40000.00"})


class EvidenceSchema(Schema):
    id = fields.String(attribute="public_id")
    party = fields.Function(lambda evidence: "buyer" if evidence.enterprise_id == evidence.dispute.buyer_enterprise_id
                            else "seller", metadata={"description": "buyer or seller"})
    filename = fields.String()
    content_type = fields.String(metadata={"description": "What the content is, not what the uploader said"})
    size = fields.Integer(metadata={"description": "Bytes"})
    sha256 = fields.String()
    uploaded_at = fields.DateTime()
    url = fields.Function(lambda evidence: url_for("disputes_api.EvidenceFile", dispute_id=evidence.dispute.public_id,
                                                   evidence_id=evidence.public_id, _external=True))


class DisputeSchema(Schema):
    id = fields.String(attribute="public_id")
    status = fields.String(metadata={"description": "open (waiting for the seller), answered, decided"})
    settlement = fields.String(attribute="escrow.public_id")
    payable = fields.String(attribute="escrow.payable_public_id",
                            metadata={"description": "The order or contract disputed"})
    payable_type = fields.String(attribute="escrow.payable_type", metadata={"description": "order or contract"})
    buyer = fields.Nested(DisputePartySchema)
    seller = fields.Nested(DisputePartySchema)
    reason = fields.String()
    description = fields.String()
    opened_at = fields.DateTime()
    currency = fields.String()
    frozen = _amount("frozen_minor")
    seller_answer = fields.String(allow_none=True)
    answered_at = fields.DateTime(allow_none=True)
    decision = fields.String(allow_none=True, metadata={"description": "release, refund or split, once decided"})
    refund = _amount("refund_minor")
    release = _amount("release_minor")
    decision_reason = fields.String(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    evidence = fields.List(fields.Nested(EvidenceSchema))
