"""The credit domain's web and API blueprints, for the app factory to register."""
from credit.file import api as file_api
from credit.file import views as file_views
from credit.grading import api as grading_api
from credit.grading import views as grading_views
from credit.objections import api as objections_api
from credit.objections import views as objections_views
from credit.reports import api as reports_api
from credit.reports import views as reports_views
from credit.terms import api as terms_api
from credit.terms import views as terms_views
from credit.watchlists import api as watchlists_api
from credit.watchlists import views as watchlists_views

WEB = (file_views.bp, objections_views.bp, grading_views.bp, terms_views.bp, watchlists_views.bp, reports_views.bp)
API = (file_api.blp, objections_api.blp, grading_api.blp, terms_api.blp, watchlists_api.blp, reports_api.blp)
