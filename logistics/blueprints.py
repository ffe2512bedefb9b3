"""The logistics domain's web and API blueprints, for the app factory to register."""
from logistics.epcis import api as epcis_api
from logistics.epcis import views as epcis_views
from logistics.readers import api as readers_api
from logistics.readers import views as readers_views
from logistics.shipments import api as shipments_api
from logistics.shipments import views as shipments_views
from logistics.tagging import api as tagging_api
from logistics.tagging import views as tagging_views
from logistics.tracing import api as tracing_api
from logistics.tracing import views as tracing_views

WEB = (readers_views.bp, shipments_views.bp, tagging_views.bp, tracing_views.bp, epcis_views.bp)
API = (readers_api.blp, shipments_api.blp, tagging_api.blp, tracing_api.blp, epcis_api.blp)
