"""The embedded default: osmem-server, an in-memory OpenSearch-compatible engine, as a child process.

It holds nothing across restarts, so the site rebuilds the indexes from the database every time it
starts one, and the process exits with its parent, so a crashed site leaves no engine behind.
"""
from osmem_server import OsmemServer


def start():
    """:return: the running server (``.url``, ``.close()``); Japanese analysis is left out, we need none."""
    return OsmemServer.start(japanese=False)
