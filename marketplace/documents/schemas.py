"""API shapes of stored documents: what a document is, where it stands, and where its PDF is."""
from flask import url_for
from marshmallow import Schema, fields, validate

from marketplace.api import PageQuery
from marketplace.documents.services import KINDS


class DocumentQuery(PageQuery):
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    subject = fields.String(load_default=None, validate=validate.Length(max=40), metadata={
        "description": "A contract, order, payment, delivery or payout id: the documents about it (for a "
                       "contract or order, also those of its payments and releases)"})


class DocumentSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True, metadata={"example": "doc_7k2m9q4r8t1v3x5z6w0b"})
    kind = fields.String(metadata={"example": "sales_contract",
                                   "description": "sales_contract | invoice | payment_receipt | payout_statement"})
    subject = fields.String(attribute="subject_id", metadata={"example": "ct_8hq2lmn4pq7r5s3t1v9w"})
    title = fields.String()
    status = fields.String(metadata={"description": "queued | ready | failed (failed ones are tried up to three "
                                                    "times)"})
    size = fields.Integer(allow_none=True, metadata={"description": "bytes of the PDF, once ready"})
    sha256 = fields.String(allow_none=True, metadata={"description": "of the PDF, once ready: it never changes"})
    requested_at = fields.DateTime()
    rendered_at = fields.DateTime(allow_none=True)
    pdf = fields.Function(lambda document: url_for("documents_api.DocumentPdf", document_id=document.public_id,
                                                   _external=True))
