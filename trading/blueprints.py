"""The trading domain's web and API blueprints, for the app factory to register."""
from trading.auctions import api as auctions_api
from trading.auctions import views as auctions_views
from trading.book import api as book_api
from trading.book import views as book_views
from trading.contracts import api as contracts_api
from trading.contracts import views as contracts_views
from trading.floors import api as floors_api
from trading.floors import views as floors_views
from trading.listings import api as listings_api
from trading.listings import views as listings_views
from trading.marketdata import api as marketdata_api
from trading.marketdata import views as marketdata_views

WEB = (floors_views.bp, book_views.bp, contracts_views.bp, listings_views.bp, auctions_views.bp, marketdata_views.bp)
API = (floors_api.blp, book_api.blp, contracts_api.blp, listings_api.blp, auctions_api.blp, marketdata_api.blp)
