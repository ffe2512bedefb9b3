"""The index follows the database: the outbox is drained in bulk, and ``reindex`` rebuilds behind an alias.

Guarantees: an event is marked consumed only in the transaction that follows a successful bulk
write, so an engine outage loses nothing (the events wait); writing is idempotent (external
versions: a document the index holds at the same or a newer version is left alone), so two
drains at once, a crash mid-batch or a replay are all harmless.
"""
import logging
from datetime import timedelta

from elastic_transport import ApiError
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import Enterprise
from marketplace.catalog.models import Category, Listing
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace import outbox
from marketplace.outbox import OutboxConsumption, OutboxEvent
from marketplace.periodic import PeriodicJob
from marketplace.search import documents
from marketplace.search.backend import SearchUnavailable
from marketplace.search.documents import ENTERPRISES, LISTINGS

log = logging.getLogger(__name__)

CONSUMER = "search"
TOPICS = {"listing.changed": LISTINGS, "enterprise.changed": ENTERPRISES}
BATCH_SIZE = 500
# Events consumed this long before a reindex began are replayed into the new index too, in case
# their transaction was still open (and invisible to the rebuild) when it read the rows.
REPLAY_MARGIN = timedelta(minutes=5)


class IndexingFailed(RuntimeError):
    """The engine refused some documents; the reindex stopped before swapping the alias."""


def drain(backend, batch_size=BATCH_SIZE):
    """Index every pending change, oldest first, in batches. :return: the number of events consumed."""
    consumed = outbox.drain_in_batches(CONSUMER, tuple(TOPICS), lambda events: _index_events(backend, events),
                                       batch_size)
    if consumed:
        for name in (LISTINGS, ENTERPRISES):
            backend.refresh(name)
    return consumed


def _index_events(backend, events):
    """Index what ``events`` changed; :return: the events whose documents the engine took (the rest stay pending)."""
    failed = _index(backend, _ids(events, LISTINGS), _ids(events, ENTERPRISES))
    return [event for event in events if event.aggregate_id not in failed]


def _ids(events, kind):
    return {event.aggregate_id for event in events if TOPICS[event.topic] == kind}


def _index(backend, listing_ids, enterprise_ids):
    """Write the current rows of these listings and enterprises (and all listings of the enterprises).

    :return: the ids (listing or enterprise) whose documents the engine refused.
    """
    paths = category_paths()
    enterprises = db.session.scalars(select(Enterprise).where(Enterprise.public_id.in_(enterprise_ids))).all()
    wanted = Listing.public_id.in_(listing_ids)
    if enterprises:  # an empty IN beside the OR would make SQLite scan every listing
        wanted |= Listing.enterprise_id.in_([enterprise.id for enterprise in enterprises])
    listings = db.session.scalars(_listings().where(wanted)).all()
    failed = backend.write(
        backend.alias(LISTINGS), [documents.listing_document(listing, paths[listing.category_id]) for listing in listings],
        deletions=listing_ids - {listing.public_id for listing in listings})
    failed |= backend.write(
        backend.alias(ENTERPRISES), [documents.enterprise_document(enterprise) for enterprise in enterprises],
        deletions=enterprise_ids - {enterprise.public_id for enterprise in enterprises})
    owners = {listing.public_id: listing.enterprise.public_id for listing in listings}
    return failed | {owners[public_id] for public_id in failed if public_id in owners}


def _listings():
    return select(Listing).options(selectinload(Listing.enterprise), selectinload(Listing.price_tiers))


def category_paths():
    """Category id → the categories from the root down to it (a small reference table, read whole)."""
    categories = {category.id: category for category in db.session.scalars(select(Category))}

    def path(category):
        return (path(categories[category.parent_id]) if category.parent_id else []) + [category]

    return {category_id: path(category) for category_id, category in categories.items()}


def rows_to_index():
    return (db.session.scalar(select(func.count(Listing.id))) or 0) + (
        db.session.scalar(select(func.count(Enterprise.id))) or 0)


def reindex(backend, progress=None, chunk_size=1000):
    """Build new indexes from the database, swap the aliases to them, then replay recent changes.

    Searches keep answering from the old indexes until the swap, which is atomic per alias.
    ``progress(n)`` is called after every ``n`` rows written.
    :raise IndexingFailed: if the engine refused a document (the aliases are left as they were).
    """
    started = utcnow()
    paths = category_paths()
    built = {
        LISTINGS: _build(backend, LISTINGS, _listings(), Listing.id,
                         lambda listing: documents.listing_document(listing, paths[listing.category_id]),
                         progress, chunk_size),
        ENTERPRISES: _build(backend, ENTERPRISES, select(Enterprise), Enterprise.id, documents.enterprise_document,
                            progress, chunk_size),
    }
    for name, index in built.items():
        backend.swap_alias(name, index)
    _replay(backend, started - REPLAY_MARGIN)
    for name in built:
        backend.refresh(name)


def _build(backend, name, statement, key, to_document, progress, chunk_size):
    index = backend.create_index(name, documents.DEFINITIONS[name])
    last = 0
    while True:
        rows = db.session.scalars(statement.where(key > last).order_by(key).limit(chunk_size)).all()
        if not rows:
            return index
        last = rows[-1].id
        failed = backend.write(index, [to_document(row) for row in rows])
        if failed:
            backend.drop_index(index)
            raise IndexingFailed(f"{name}: the engine refused {len(failed)} documents, e.g. {sorted(failed)[0]}")
        db.session.expunge_all()  # a reindex of 100,000 rows keeps one chunk in memory, not all
        if progress:
            progress(len(rows))


def _replay(backend, since):
    """Changes drained into the old index while the new one was being built, written again."""
    events = db.session.scalars(select(OutboxEvent).join(
        OutboxConsumption, OutboxConsumption.event_id == OutboxEvent.id).where(
        OutboxConsumption.consumer == CONSUMER, OutboxConsumption.handled_at >= since)).all()
    if events:
        _index(backend, _ids(events, LISTINGS), _ids(events, ENTERPRISES))


class Indexer(PeriodicJob):
    """Drains every ``interval`` seconds until stopped: a daemon thread of the site, or ``binhai worker``.

    It first rebuilds the indexes from the database when ``rebuild_first`` (the in-memory engine
    starts empty) or when they do not exist (a new cluster). An unreachable engine or a database
    not yet migrated is logged and retried, never fatal.
    """

    thread_name = "search-indexer"

    def __init__(self, app, backend, interval=1.0, rebuild_first=False):
        super().__init__(app, interval)
        self.backend = backend
        self.rebuild_first = rebuild_first
        self.prepared = False

    def run_once(self):
        with self.app.app_context():
            try:
                if not self.prepared:
                    self._prepare()
                drain(self.backend)
            except (SearchUnavailable, IndexingFailed, ApiError, SQLAlchemyError) as error:
                log.warning("search indexing waits: %s", error)
                db.session.rollback()

    def _prepare(self):
        if self.rebuild_first or not all(self.backend.has_alias(name) for name in documents.DEFINITIONS):
            reindex(self.backend)
        self.prepared = True
