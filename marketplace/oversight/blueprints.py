"""The regulator console's web and API blueprints, for the app factory to register."""
from marketplace.oversight.market import api as market_api
from marketplace.oversight.market import views as market_views
from marketplace.oversight.transactions import api as transactions_api
from marketplace.oversight.transactions import views as transactions_views
from marketplace.oversight.groups import api as groups_api
from marketplace.oversight.groups import views as groups_views
from marketplace.oversight.surveillance import api as surveillance_api
from marketplace.oversight.surveillance import views as surveillance_views
from marketplace.oversight.cases import api as cases_api
from marketplace.oversight.cases import views as cases_views
from marketplace.oversight.sanctions import api as sanctions_api
from marketplace.oversight.sanctions import views as sanctions_views
from marketplace.oversight.complaints import api as complaints_api
from marketplace.oversight.complaints import views as complaints_views
from marketplace.oversight.screening import api as screening_api
from marketplace.oversight.screening import views as screening_views
from marketplace.oversight.compliance import api as compliance_api
from marketplace.oversight.compliance import views as compliance_views
from marketplace.oversight.exports import api as exports_api
from marketplace.oversight.exports import views as exports_views

WEB = (market_views.bp, transactions_views.bp, groups_views.bp, surveillance_views.bp, cases_views.bp, sanctions_views.bp, complaints_views.bp, screening_views.bp, compliance_views.bp, exports_views.bp)
API = (market_api.blp, transactions_api.blp, groups_api.blp, surveillance_api.blp, cases_api.blp, sanctions_api.blp, complaints_api.blp, screening_api.blp, compliance_api.blp, exports_api.blp)
