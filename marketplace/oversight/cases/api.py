"""``/api/v1/oversight/cases/…``: cases gathered from alerts, their work and evidence packages (regulators' tokens).

Reading a case or a package is written to the regulators' access log; every change is audited.
"""
from flask import current_app, send_file
from flask.views import MethodView

from marketplace import policy
from marketplace.api import PageQuery, ProblemSchema, api_blueprint, link_header, page_of
from marketplace.oversight.cases import packages, services
from marketplace.oversight.cases.schemas import (
    AssignSchema, CaseFileSchema, CaseQuery, CaseSchema, CloseSchema, DeadlineSchema, DismissSchema, EscalateSchema,
    NewCaseSchema, NoteSchema, PackageSchema,
)
from marketplace.oversight.exports.services import log_access
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("oversight_cases_api", __name__, "Cases gathered from alerts, their work and evidence packages.")

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`); nothing changed"}
_NOT_FOUND = {"schema": ProblemSchema, "description": "No such case"}
_FINISHED = {"schema": ProblemSchema, "description": "The case is closed or dismissed; nothing changed"}


@blp.route("/oversight/cases")
class Cases(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.arguments(CaseQuery, location="query", as_kwargs=True)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(CaseSchema))
    @blp.alt_response(422, **_REFUSED)
    def get(self, status, assignee, overdue, limit, cursor):
        """Cases newest first, filtered by status, assignee and overdue."""
        page = services.cases_page(status, assignee, overdue, limit, cursor)
        log_access("cases")
        return page, 200, link_header(page)

    @requires(policy.API_REGULATOR_WRITE)
    @blp.arguments(NewCaseSchema)
    @blp.response(201, CaseSchema)
    @blp.alt_response(422, **_REFUSED)
    def post(self, data):
        """Open a case by hand about an enterprise; joins its control group's case of today when there is one."""
        return services.open_case_for(actor(), data["enterprise"], data["title"], data["note"])


@blp.route("/oversight/cases/<case_id>")
class OneCase(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.response(200, CaseFileSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, case_id):
        """The case file: its alerts with their frozen evidence and sentences, its timeline and sanctions."""
        found = services.case_file(case_id)
        log_access("case", subject=found.case.public_id)
        return found


def _work_route(path, name, schema, call, summary):
    """One POST endpoint doing one piece of work on a case; answers with the case as it is now."""

    @requires(policy.API_REGULATOR_WRITE)
    @blp.arguments(schema)
    @blp.response(200, CaseSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(409, **_FINISHED)
    @blp.alt_response(422, **_REFUSED)
    def post(self, data, case_id):
        return call(actor(), case_id, data)

    post.__doc__ = summary
    blp.route(f"/oversight/cases/<case_id>/{path}")(type(name, (MethodView,), {"post": post}))


_work_route("assign", "Assign", AssignSchema, lambda who, case_id, data: services.assign(who, case_id, data["assignee"]),
            "Give the case to a regulator (an open case is then under investigation).")
_work_route("notes", "Notes", NoteSchema, lambda who, case_id, data: services.add_note(who, case_id, data["note"]),
            "Add a note to the case file.")
_work_route("deadline", "Deadline", DeadlineSchema,
            lambda who, case_id, data: services.set_deadline(who, case_id, data["deadline"]),
            "Set the deadline (today or later; null: the standard working-day period from today).")
_work_route("escalate", "Escalate", EscalateSchema,
            lambda who, case_id, data: services.escalate(who, case_id, data["note"]),
            "Escalate the case one level.")
_work_route("dismiss", "Dismiss", DismissSchema,
            lambda who, case_id, data: services.dismiss(who, case_id, data["reason"]),
            "Dismiss the case; the reason is required.")
_work_route("close", "Close", CloseSchema, lambda who, case_id, data: services.close(who, case_id, data["conclusion"]),
            "Close the case with its conclusion.")


@blp.route("/oversight/cases/<case_id>/evidence")
class Packages(MethodView):
    @requires(policy.API_REGULATOR_WRITE)
    @blp.response(202, PackageSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    def post(self, case_id):
        """Export the case's evidence package (bilingual PDF, CSV, SHA-256 manifest); follow it with GET."""
        package = packages.request_package(actor(), case_id)
        packages.start_in_background(current_app._get_current_object(), package.id)
        return package


@blp.route("/oversight/cases/<case_id>/evidence/<package_id>")
class OnePackage(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.response(200, PackageSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, case_id, package_id):
        """The package's state and, once ready, its manifest (each file's SHA-256 and size) and the manifest's SHA-256."""
        found = packages.package_named(case_id, package_id)
        log_access("evidence_package", subject=found.case.public_id)
        return found


@blp.route("/oversight/cases/<case_id>/evidence/<package_id>/files/<name>")
class PackageFile(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.response(200, description="The file's bytes (case.pdf, evidence.csv or manifest.json)")
    @blp.alt_response(404, schema=ProblemSchema, description="No such file, or the package is not ready")
    def get(self, case_id, package_id, name):
        """Download one file of a ready package, exactly as its manifest hashes it."""
        found, path = packages.file_of(case_id, package_id, name)
        log_access("evidence_file", subject=found.case.public_id, query={"package": package_id, "file": name},
                   channel="export")
        return send_file(path, as_attachment=True, download_name=name, mimetype=packages.media_type(name))
