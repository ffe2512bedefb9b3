"""The one engine interface: the official ``elasticsearch`` client, whatever runs behind it.

Elasticsearch 8/9, OpenSearch and the in-memory osmem-server all get the same requests; only the
media types differ (``SEARCH_MEDIA_TYPES``), and that is a transport concern handled by a node
class. Callers see two outcomes: an answer, or ``SearchUnavailable``.
"""
import logging
from datetime import datetime, timezone

from elastic_transport import ApiError, TransportError, Urllib3HttpNode
from elasticsearch import Elasticsearch, helpers

log = logging.getLogger(__name__)

# 409: the index already holds this version or a newer one; 404: deleting what is already gone.
_ALREADY_DONE = {409, 404}


class SearchUnavailable(RuntimeError):
    """The engine could not be reached or failed; the database is untouched and nothing is lost."""


class PlainJsonNode(Urllib3HttpNode):
    """Sends ``application/json`` where the client would send Elasticsearch's vendor media types.

    OpenSearch and osmem-server answer 406 to ``application/vnd.elasticsearch+json; compatible-with=9``.
    """

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        if headers:
            headers = headers.copy()
            for name in list(headers):
                value = headers[name]
                if "vnd.elasticsearch+" in value:
                    headers[name] = "application/x-ndjson" if "x-ndjson" in value else "application/json"
        return super().perform_request(method, target, body=body, headers=headers, request_timeout=request_timeout)


class SearchBackend:
    """Indexes behind aliases (``<prefix>-listings`` → ``<prefix>-listings-v<timestamp>``)."""

    def __init__(self, url, media_types="elasticsearch", prefix="binhai", timeout=10):
        options = {"node_class": PlainJsonNode} if media_types == "plain-json" else {}
        self.url = url
        self.prefix = prefix
        self.client = Elasticsearch(url, request_timeout=timeout, max_retries=1, retry_on_timeout=False, **options)
        # Writing thousands of documents may take a loaded engine far longer than a search should.
        self.writer = self.client.options(request_timeout=max(timeout, 120))

    def alias(self, name):
        return f"{self.prefix}-{name}"

    def create_index(self, name, definition):
        """A new, empty, versioned index for ``name``; not yet behind the alias."""
        index = f"{self.alias(name)}-v{datetime.now(timezone.utc):%Y%m%d%H%M%S%f}"
        self._call(self.client.indices.create, index=index, **definition)
        return index

    def has_alias(self, name):
        return bool(self._call(self.client.indices.exists_alias, name=self.alias(name)))

    def swap_alias(self, name, index):
        """Point the alias at ``index`` in one atomic step, then drop the indexes it pointed at before."""
        alias = self.alias(name)
        previous = []
        if self.has_alias(name):
            previous = list(self._call(self.client.indices.get_alias, name=alias).body)
        actions = [{"remove": {"index": old, "alias": alias}} for old in previous]
        actions.append({"add": {"index": index, "alias": alias}})
        self._call(self.client.indices.update_aliases, actions=actions)
        for old in previous:
            if old != index:
                self.drop_index(old)

    def drop_index(self, index):
        self._call(self.client.indices.delete, index=index)

    def write(self, index, documents, deletions=()):
        """Bulk-write ``(id, version, source)`` with external versions, and delete ``deletions`` ids.

        A document the index already holds at this or a newer version counts as written: stale
        versions never overwrite newer ones. :return: the ids that failed for another reason.
        """
        actions = [{"_index": index, "_id": doc_id, "_version": version, "_version_type": "external",
                    "_source": source} for doc_id, version, source in documents]
        actions += [{"_op_type": "delete", "_index": index, "_id": doc_id} for doc_id in deletions]
        if not actions:
            return set()
        _ok, errors = self._call(helpers.bulk, self.writer, actions, raise_on_error=False,
                                 chunk_size=1000)
        failed = set()
        for error in errors:
            (outcome,) = error.values()
            if outcome.get("status") not in _ALREADY_DONE:
                failed.add(outcome["_id"])
                log.error("search index refused %s: %s", outcome["_id"], outcome.get("error"))
        return failed

    def refresh(self, name):
        """Make what was written visible to searches now rather than at the next periodic refresh."""
        self._call(self.client.indices.refresh, index=self.alias(name))

    def search(self, name, body):
        return self._call(self.client.search, index=self.alias(name), **body).body

    def healthy(self):
        try:
            return bool(self.client.ping())
        except TransportError:
            return False

    @staticmethod
    def _call(method, *args, **kwargs):
        """:raise SearchUnavailable: on a connection failure or an engine-side error (5xx, missing index)."""
        try:
            return method(*args, **kwargs)
        except TransportError as error:
            raise SearchUnavailable(f"search engine unreachable: {error}") from error
        except ApiError as error:
            if error.meta.status >= 500 or error.meta.status == 404:
                raise SearchUnavailable(f"search engine failed: {error}") from error
            raise
