"""``/api/v1/documents``: contracts, statements, receipts and payout statements as PDF."""
from flask import g
from flask.views import MethodView

from marketplace import policy
from marketplace.api import ProblemSchema, api_blueprint, link_header, page_of, paginate
from marketplace.documents import services
from marketplace.documents.models import Document
from marketplace.documents.schemas import DocumentQuery, DocumentSchema
from marketplace.documents.views import pdf_response
from marketplace.extensions import db
from marketplace.permissions import requires

blp = api_blueprint("documents_api", __name__, "Stored PDF documents.")


@blp.route("/documents")
class Documents(MethodView):
    @requires(policy.API_SETTLEMENT_READ)
    @blp.arguments(DocumentQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(DocumentSchema))
    def get(self, limit, cursor, kind=None, subject=None):
        """Documents this enterprise is a party to, newest first; ``kind`` and ``subject`` narrow them."""
        statement = services.documents_statement(g.enterprise, kind=kind, subject=subject)
        page = paginate(db.session, statement, Document.id, limit, cursor, newest_first=True)
        return page, 200, link_header(page)


@blp.route("/documents/<document_id>")
class OneDocument(MethodView):
    @requires(policy.API_SETTLEMENT_READ)
    @blp.response(200, DocumentSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such document, or not one this enterprise is a "
                                                              "party to")
    def get(self, document_id):
        """A document's kind, subject, status and, once ready, its size and SHA-256."""
        return services.document_for(g.enterprise, document_id)


@blp.route("/documents/<document_id>/pdf")
class DocumentPdf(MethodView):
    @requires(policy.API_SETTLEMENT_READ)
    @blp.response(200, description="The PDF", content_type="application/pdf")
    @blp.alt_response(404, schema=ProblemSchema, description="No such document for this enterprise")
    @blp.alt_response(409, schema=ProblemSchema, description="Still being prepared (try again in a few seconds), "
                                                              "or it could not be")
    def get(self, document_id):
        """The stored PDF; ask again after a 409 while the document is prepared."""
        document = services.document_for(g.enterprise, document_id)
        return pdf_response(document, services.content_of(document))

