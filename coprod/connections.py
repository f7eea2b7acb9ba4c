"""The server's connections under `coprod serve`: how many one address may hold, and how many
files the process may open.

A device that opens connections and never sends anything (or sends slowly) held one file
descriptor each, for ever: 1 100 of them stopped every request (docs/security.md). Tornado's
timeouts (set by coprod.voila_app.CoprodVoila.listen) close idle and slow ones; the cap here
keeps one address from taking more than its share before they are. And whose a request is:
``client_address``.
"""

from __future__ import annotations

import resource
from collections import defaultdict

import tornado.web
from tornado.httpserver import HTTPServer

from coprod import server_log


class CappedHTTPServer(HTTPServer):
    """Tornado's server, holding at most ``per_address`` connections from one address.

    A device that opens connections and never sends anything (or sends slowly) held one file
    descriptor each, for ever: 1 100 of them stopped every request. Idle and slow connections
    are now closed by tornado's timeouts, and one address cannot take more than its share
    before they are. Websockets count too (the same connection, upgraded)."""

    def initialize(self, *args, per_address: int = 0, exempt=(), **kwargs):
        super().initialize(*args, **kwargs)
        self._per_address = per_address
        self._exempt = set(exempt)
        self._streams = defaultdict(list)

    def handle_stream(self, stream, address):
        host = address[0] if isinstance(address, tuple) and address else ""
        if self._per_address and host not in self._exempt:
            alive = [s for s in self._streams.get(host, ()) if not s.closed()]
            if len(alive) >= self._per_address:
                server_log.refused("connection", f"{host} already holds {len(alive)} connections")
                stream.close()
                self._streams[host] = alive
                return
            alive.append(stream)
            self._streams[host] = alive
            if len(self._streams) > 4096:  # addresses with nothing open left are forgotten
                for gone in [h for h, s in self._streams.items() if all(x.closed() for x in s)]:
                    del self._streams[gone]
        super().handle_stream(stream, address)


def raise_descriptor_limit() -> int:
    """Raise this process's open-file limit to what the system allows (its hard limit): each
    connection, page and kernel channel is a file descriptor, and 1 024 is a common default."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = 1 << 20 if hard == resource.RLIM_INFINITY else hard
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            return target
        except (ValueError, OSError):
            pass
    return soft


def client_address(handler: tornado.web.RequestHandler) -> str:
    """The visitor's address: the connection's, or behind a trusted proxy the one it reports
    (tornado's ``xheaders``, turned on only for a proxy on this machine, see CoprodVoila.listen)."""
    return handler.request.remote_ip or ""
