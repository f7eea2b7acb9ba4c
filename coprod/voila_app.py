"""Voilà as `coprod serve` runs it: a subclass of Voilà's application, changed through its
extension points (its settings, its handlers, its server) rather than by patching Voilà.

What it adds, each explained where it is made:

- only the pages people need are served (``served_pages``); Voilà's folder listing and
  contents API are not;
- every request must name this server (``allowed_hosts``: DNS rebinding);
- a page that starts a kernel opens only for a navigation a person makes (Fetch Metadata);
- a websocket frame is checked before the server builds anything from it, and a kernel's
  errors and stderr never reach a page (coprod.kernel_socket);
- idle and slow connections are closed, and one address holds a bounded number of them
  (coprod.connections);
- pages and websockets compressed; content-hashed files kept by browsers; cookies
  ``SameSite=Lax``; a Content-Security-Policy that allows only this server;
- a log without secrets (``coprod.server_log``).
"""

from __future__ import annotations

import errno
import logging
import re

import tornado.web
import tornado.websocket
from jupyter_server.base.handlers import FileFindHandler
from traitlets import Bool, Int, List, Unicode
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from coprod import compiled_templates, guards, kernels, server_log, upstream
from coprod.connections import CappedHTTPServer, client_address, raise_descriptor_limit
from coprod.kernel_socket import GuardedKernelWebsocket, looked_at

log = logging.getLogger("coprod.server")

# The server's own machine: the facilitator's laptop and a proxy in front of it (whose
# visitors are told apart by its X-Real-IP header) are never capped.
THIS_MACHINE = kernels.THIS_MACHINE
VISITOR = kernels.VISITOR  # the address of the visitor whose page is being made

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    # anywidget loads each widget's module from a blob: URL; Voilà's pages carry small inline
    # scripts (their configuration and start-up), which differ per page.
    "script-src 'self' 'unsafe-inline' blob:",
    # ipywidgets sets styles on elements and in <style> tags it makes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


# --- pages ----------------------------------------------------------------------------------------

class CoprodPageHandler(TornadoVoilaHandler):
    """A page: only the notebooks in ``served_pages``, only for a person's navigation, with the
    cookie its goodbye needs."""

    async def prepare(self, *args, **kwargs):
        served = self.settings.get("coprod_served_pages")
        name = self.path_kwargs.get("path") or (self.path_args[0] if self.path_args else "")
        if served and name not in served:
            refuse(self, 404, "not a page of the course")
        refused = guards.cross_site_subresource(self.request.headers)
        if refused:
            refuse(self, 403, refused)
        address = client_address(self)
        VISITOR.set(address)
        await super().prepare(*args, **kwargs)
        over = getattr(self.kernel_manager, "over_its_cap", None)
        if over is not None and over(address):
            self.log.warning("%s already has %d pages open (--pages-per-address); if the whole room shares one "
                             "address, start coprod serve with --pages-per-address 0.", address,
                             self.kernel_manager.pages_of(address))
            raise tornado.web.HTTPError(503, reason="Too many pages open on this device")
        if self.request.method == "GET" and not upstream.has_finished(self):
            # When a page closes, Voilà's page sends a beacon asking the server to end its
            # kernel, with tornado's _xsrf cookie as proof; Voilà never makes that cookie, so
            # every goodbye was refused and the kernel (70 MB) stayed until culled. Reading
            # xsrf_token sets it.
            _ = self.xsrf_token


class PageClosedHandler(VoilaShutdownKernelHandler):
    """Voilà's goodbye (``/voila/api/shutdown/<kernel>``), handing the kernel to the kernel
    manager's grace period (coprod.kernels.CappedKernelManager.page_closed) instead of ending it
    while its page's websocket may still be opening. Answered at once: a beacon waits for nothing."""

    @tornado.web.authenticated
    async def post(self, kernel_id):
        self.kernel_manager.page_closed(kernel_id)
        self.set_status(204)
        self.finish()


class VisitorInfoSocket(RequestInfoSocketHandler):
    """The socket on which a preheated kernel waits for its visitor's request (and link): only a
    kernel, on this machine, has any business there."""

    def open(self, kernel_id: str) -> None:
        peer = self.request.remote_ip or ""
        if not (guards.is_loopback(peer) or peer == _own_address(self)):
            self.close()
            return
        super().open(kernel_id)

    def on_close(self) -> None:
        if self in upstream.visitor_waiters().values():
            super().on_close()

    def write_message(self, message, binary=False):
        # Voilà writes the visitor's request without waiting: to a kernel that stopped waiting
        # meanwhile, asyncio logged the failure as a traceback nobody had looked at.
        try:
            sent = super().write_message(message, binary)
        except tornado.websocket.WebSocketClosedError:
            return None
        sent.add_done_callback(looked_at)
        return sent


def _own_address(handler) -> str:
    """This machine's address on the connection (a kernel reaching a server that listens on one
    of the machine's network addresses comes from that address, not from 127.0.0.1)."""
    try:
        return handler.request.connection.stream.socket.getsockname()[0]
    except (AttributeError, OSError):
        return ""


# --- static files ---------------------------------------------------------------------------------

# Webpack names the chunks of Voilà's front end and of its extensions after their content
# (``496.ad7666673ba278088e95.js``): a file of that name never changes.
CONTENT_HASHED = re.compile(r"\.[0-9a-f]{16,}\.(?:js|css|woff2?|svg)$")
A_YEAR = 365 * 24 * 3600


class _KeptWhenHashed:
    """Voilà serves its extensions with "no-cache", so a page opened again asked the server about
    each of some 90 files before showing anything: a round trip each on a room's Wi-Fi."""

    def set_headers(self) -> None:
        super().set_headers()
        if CONTENT_HASHED.search(self.request.path):
            self.set_header("Cache-Control", f"public, max-age={A_YEAR}, immutable")


class CachedFileFindHandler(_KeptWhenHashed, FileFindHandler):
    pass


class CachedMultiStaticFileHandler(_KeptWhenHashed, MultiStaticFileHandler):
    pass


TEMPLATE_FILE = re.compile(r"^[A-Za-z0-9_-]+/static/(?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*$")


class TemplateFiles(TemplateStaticFileHandler):
    """A template's static files; any other path (``..``, an encoded slash, an absolute path)
    is not found. Voilà's handler answered such probes with a 500 and a traceback."""

    def parse_url_path(self, path):
        if not TEMPLATE_FILE.match(path) or ".." in path.split("/"):
            raise tornado.web.HTTPError(404)
        return super().parse_url_path(path)


def refuse(handler: tornado.web.RequestHandler, status: int, reason: str) -> None:
    """Answer with a short plain text and end the request: one line in the log (with the
    reason), never a rendered error page or a traceback."""
    handler.coprod_refused = reason
    handler.clear()
    handler.set_status(status)
    handler.set_header("Content-Type", "text/plain; charset=utf-8")
    handler.finish({403: "Forbidden", 404: "Not found"}.get(status, "Refused") + "\n")
    raise tornado.web.Finish()


class Forbidden(tornado.web.RequestHandler):
    """The answer to a request whose Host is not this server's."""

    def prepare(self):
        refuse(self, 403, "a request for another host")


class NotServed(tornado.web.RequestHandler):
    """Voilà's contents API: a listing of the served folder (names, dates) helps nobody."""

    def initialize(self, **_voila_s):
        pass

    def prepare(self):
        refuse(self, 404, "not served")


REPLACED = {
    TornadoVoilaHandler: CoprodPageHandler,
    VoilaKernelWebsocketHandler: GuardedKernelWebsocket,
    VoilaShutdownKernelHandler: PageClosedHandler,
    RequestInfoSocketHandler: VisitorInfoSocket,
    TemplateStaticFileHandler: TemplateFiles,
    FileFindHandler: CachedFileFindHandler,
    MultiStaticFileHandler: CachedMultiStaticFileHandler,
    VoilaContentsHandler: NotServed,
}


class HostCheckedApplication(tornado.web.Application):
    """Voilà's application, answering only requests that name this server."""

    def find_handler(self, request, **kwargs):
        allowed = self.settings.get("coprod_allowed_hosts")
        if allowed and not guards.host_allowed(request.host or "", allowed):
            return self.get_handler_delegate(request, Forbidden)
        return super().find_handler(request, **kwargs)


# --- the application ------------------------------------------------------------------------------

class CoprodVoila(Voila):
    allowed_hosts = List(Unicode(), config=True,
                         help="Host names a request may name (DNS rebinding); empty allows any.")
    served_pages = List(Unicode(), config=True,
                        help="The notebooks served as pages (their names); empty serves every one.")
    trusted_proxy = Bool(False, config=True,
                         help="Take a visitor's address from X-Real-IP / X-Forwarded-For when the "
                              "connection comes from this machine (a proxy such as nginx in front).")
    connections_per_address = Int(64, config=True,
                                  help="The most connections one address holds at once (0: no cap).")
    idle_connection_timeout = Int(20, config=True,
                                  help="Seconds before an idle or slow connection (no complete request) is closed.")
    body_timeout = Int(60, config=True, help="Seconds to send a request's body.")
    fork_kernels = Bool(False, config=True,
                        help="Start pages' kernels as forks of a warm parent (coprod.forked_kernels).")
    share_compiled_templates = Bool(True, config=True,
                                    help="Compile the page templates once for every page (coprod.compiled_templates); "
                                         "False: again for each page, as Voilà does.")

    def init_settings(self) -> dict:
        settings = super().init_settings()
        # gzip for text responses (HTML, JavaScript, CSS, JSON), when the browser accepts it:
        # a phone on a room's busy Wi-Fi downloads a few megabytes at every page open.
        settings["compress_response"] = True
        # permessage-deflate on the kernel websocket: a widget's first message carries its
        # JavaScript and styles (tens of kilobytes, mostly text).
        settings["websocket_compression_options"] = {}
        settings["xsrf_cookie_kwargs"] = {"samesite": "Lax", "httponly": False}
        settings["headers"] = {**settings.get("headers", {}), **SECURITY_HEADERS}
        settings["coprod_allowed_hosts"] = list(self.allowed_hosts)
        settings["coprod_served_pages"] = list(self.served_pages)
        settings["coprod_show_errors"] = bool(self.voila_configuration.show_tracebacks)
        settings["log_function"] = server_log.log_request
        identity = settings.get("identity_provider")
        if identity is not None and hasattr(identity, "cookie_options"):
            identity.cookie_options = {**identity.cookie_options, "samesite": "Lax"}
        return settings

    def init_handlers(self) -> list:
        return [(rule[0], REPLACED.get(rule[1], rule[1]), *rule[2:]) for rule in super().init_handlers()]

    def start(self):
        # Voilà's own start, with the application checking each request's Host.
        import tempfile

        self.connection_dir = tempfile.mkdtemp(prefix="voila_", dir=self.connection_dir_root)
        self.log.info("Storing connection files in %s.", self.connection_dir)
        if self.share_compiled_templates:  # before the kernel manager is made: it renders the preheated pages
            compiled_templates.install()
        else:
            self.log.info("Page templates are compiled again for every page (share_compiled_templates is off).")
        settings = self.init_settings()
        self.app = HostCheckedApplication(**settings)
        self.app.settings.update(self.tornado_settings)
        self.app.add_handlers(".*$", self.init_handlers())
        server_log.install(self.log.name)
        if self.fork_kernels:
            self.start_forking()
        self.listen()

    def start_forking(self) -> None:
        from jupyter_client.provisioning import KernelProvisionerFactory

        from coprod import forked_kernels

        KernelProvisionerFactory.instance().default_provisioner_name = forked_kernels.NAME
        forked_kernels.prepare()

    def listen(self):
        import tornado.ioloop

        limit = raise_descriptor_limit()
        server = CappedHTTPServer(
            self.app,
            xheaders=self.trusted_proxy,
            idle_connection_timeout=self.idle_connection_timeout,
            body_timeout=self.body_timeout,
            max_header_size=64 * 1024,
            per_address=self.connections_per_address,
            exempt=THIS_MACHINE,
        )
        try:
            server.listen(self.port, self.ip)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                self.log.critical("Port %d is already in use.", self.port)
            else:
                self.log.critical("Could not listen on %s:%d: %s", self.ip, self.port, exc)
            self.exit(1)
        log.info("Listening on %s:%d (up to %d open files).", self.ip, self.port, limit)
        self.ioloop = tornado.ioloop.IOLoop.current()
        try:
            self.ioloop.start()
        except KeyboardInterrupt:
            self.log.info("Stopping...")
        finally:
            self.stop()


def main() -> None:
    CoprodVoila.launch_instance()

