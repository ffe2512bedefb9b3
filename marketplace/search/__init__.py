"""Search: the outbox-fed indexer, the Elasticsearch backend, the search page and API."""
