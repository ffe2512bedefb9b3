"""The settlement domains' web and API blueprints (escrow, payments, ledger, disputes, payouts, documents)."""
from marketplace.disputes import api as disputes_api
from marketplace.disputes import views as disputes_views
from marketplace.documents import api as documents_api
from marketplace.documents import views as documents_views
from marketplace.escrow import api as escrow_api
from marketplace.escrow import views as escrow_views
from marketplace.ledger import api as ledger_api
from marketplace.ledger import views as ledger_views
from marketplace.payments import api as payments_api
from marketplace.payments import views as payments_views
from marketplace.payments import webhooks
from marketplace.payouts import api as payouts_api
from marketplace.payouts import views as payouts_views

WEB = (escrow_views.bp, payments_views.bp, ledger_views.bp, disputes_views.bp, payouts_views.bp, documents_views.bp)
API = (escrow_api.blp, payments_api.blp, ledger_api.blp, disputes_api.blp, payouts_api.blp, documents_api.blp)
# Called by the gateway, which signs its requests instead of sending a CSRF token.
UNSIGNED_FORMS = (webhooks.bp,)
