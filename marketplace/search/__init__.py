"""Search: the outbox-fed indexer, the Elasticsearch backend, the search page and API.

``init_app`` runs when the search blueprint is registered by the factory. With ``ELASTICSEARCH_URL``
set, the app only connects (``binhai worker`` drains the outbox). Without it, the serving process
(``SEARCH_EMBEDDED``) starts osmem-server and an indexer thread that rebuilds the indexes from the
database and then drains every second; both stop when the process exits.
"""
import atexit

from marketplace.search import engine
from marketplace.search.backend import SearchBackend
from marketplace.search.indexer import Indexer


def init_app(app):
    url = app.config["ELASTICSEARCH_URL"]
    if url is None and not app.config["SEARCH_EMBEDDED"]:
        app.extensions["search"] = None  # a command: the engine lives in the serving process
        return
    embedded = engine.start() if url is None else None
    backend = SearchBackend(embedded.url if embedded else url, app.config["SEARCH_MEDIA_TYPES"],
                            app.config["SEARCH_INDEX_PREFIX"])
    app.extensions["search"] = backend
    if embedded:
        indexer = Indexer(app, backend, rebuild_first=True)
        indexer.start()
        app.extensions["search_embedded"] = (embedded, indexer)
        atexit.register(shutdown, app)


def shutdown(app):
    """Stop the embedded indexer thread, then the engine (a no-op when there is none)."""
    embedded, indexer = app.extensions.pop("search_embedded", (None, None))
    if indexer:
        indexer.stop()
        embedded.close()
