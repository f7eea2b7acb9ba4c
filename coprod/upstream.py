"""What coprod relies on in Voilà, jupyter_server and jupyter_client (and in tornado, the
standard library, pyzmq and ipywidgets) beyond what they document, in one list.

Most of the server goes through Voilà's extension points: a subclass of its application
(coprod.voila_app.CoprodVoila), handler subclasses in its routes, the kernel manager class it is
configured with (coprod.kernels.CappedKernelManager), a kernel provisioner registered as an entry
point (coprod.forked_kernels). What is left is listed in ``RELIANCES``, one record each: a
private attribute read, a method overridden whose parameters must stay as they are, a method
copied whole, a name replaced. Each says what coprod does with it, which of coprod's modules
relies on it, and the upstream issue or pull request that would make it unnecessary, where one
was found.

coprod.upstream_check checks a record against the installed packages, and
tests/unit/test_upstream.py checks every record on their real classes and instances: after an
upgrade, a renamed or removed attribute, changed parameters or a method rewritten upstream fails
there, by name, instead of silently in a room. The private names coprod
reads are read through the accessors at the end of this module, so that each is written here only.

Light to import: the kernels' warm parent imports it for the accessors.
"""

from __future__ import annotations

from dataclasses import dataclass

NO_ISSUE = "no upstream issue found"

# Voilà makes the kernel manager class it runs at start-up, from the configured one (coprod's)
# and its preheating: it is not importable by name, and is built as Voilà builds it
# (coprod.upstream_check.resolve).
PREHEATING_MANAGER = "voila.voila_kernel_manager.VoilaKernelManager"

KINDS = {
    "dict": "a dict (on an instance) or a traitlets Dict (on a class)",
    "method": "a function that is not a coroutine function",
    "coroutine": "a coroutine function",
    "trait": "a traitlets trait",
    "class": "a class",
    "attribute": "anything, as long as it is there",
}


@dataclass(frozen=True)
class Reliance:
    owner: str  # where it lives, as imported: "package.module.Class" or "package.module"
    name: str  # the attribute or method
    kind: str  # one of KINDS
    use: str  # what coprod does with it
    modules: tuple[str, ...]  # coprod's modules that rely on it
    upstream: str = NO_ISSUE  # the issue or pull request it waits for
    parameters: str | None = None  # a method's parameters, as coprod calls or overrides it (parameters_of)
    on_instance: bool = False  # made by __init__: looked for on a real instance
    source_has: tuple[str, ...] = ()  # what its source (or its owner's, for an attribute) must still say
    fingerprint: str | None = None  # a method coprod copied whole: the source copied (fingerprint_of)
    same_as: str | None = None  # a name that must still be this class

    @property
    def where(self) -> str:
        return f"{self.owner}.{self.name}"


_VOILA_CAP = ("https://github.com/voila-dashboards/voila/issues/617 (open: a maximum number of live kernels "
              "in Voilà)")
_VOILA_XSRF = ("https://github.com/voila-dashboards/voila/issues/1458 (open: 403, '_xsrf' argument missing "
               "when a page's kernel is shut down)")
_EARLY_CLOSE = ("https://github.com/jupyter-server/jupyter_server/issues/1265 (open: a websocket closed early "
                "leaves connection None; https://github.com/jupyter-server/jupyter_server/pull/1696, open)")
_FORK = ("https://github.com/jupyter/jupyter_client/pull/1031 (open: forking kernels in jupyter_client, with "
         "https://github.com/ipython/ipykernel/pull/1261, closed unmerged)")

KERNELS = ("coprod.kernels",)
APP = ("coprod.voila_app",)
SOCKET = ("coprod.kernel_socket",)
FORKED = ("coprod.forked_kernels",)
TEMPLATE = ("coprod.kernel_template",)
MKM = "jupyter_client.multikernelmanager.MultiKernelManager"
MAPPING = "jupyter_server.services.kernels.kernelmanager.MappingKernelManager"
ASYNC_MAPPING = "jupyter_server.services.kernels.kernelmanager.AsyncMappingKernelManager"  # coprod's base class
KERNEL_SOCKET = "jupyter_server.services.kernels.websocket.KernelWebsocketHandler"
VISITOR_SOCKET = "voila.request_info_handler.RequestInfoSocketHandler"

RELIANCES: tuple[Reliance, ...] = (
    # --- the kernel manager (coprod.kernels.CappedKernelManager, run as Voilà's subclass of it) ---
    Reliance(MKM, "_kernels", "dict", on_instance=True, modules=KERNELS, upstream=_VOILA_CAP,
             use="counts the kernels running against the cap (a kernel is in it while its start is still "
                 "finishing), and looks one up for its execution_state (eviction, culling); kernels_of()"),
    Reliance(MAPPING, "_kernel_connections", "dict", on_instance=True, modules=KERNELS,
             use="whether a page's websocket is connected to a kernel: a kernel with none is idle, may be "
                 "evicted, and ends after a page's goodbye; connections_to()"),
    Reliance(ASYNC_MAPPING, "start_kernel", "coroutine", parameters="self, *, kernel_id=None, path=None, **kwargs",
             source_has=("kernel.execution_state",), modules=KERNELS, upstream=_VOILA_CAP,
             use="overridden: the cap, eviction and the facilitator's reserve before a kernel starts, kernel_id= and "
                 "path= passed on; it marks each kernel with execution_state, which coprod reads (a busy kernel is "
                 "never evicted)"),
    Reliance(ASYNC_MAPPING, "notify_connect", "method", parameters="self, kernel_id", modules=KERNELS,
             use="overridden: a page connected, so its kernel is no longer idle"),
    Reliance(ASYNC_MAPPING, "notify_disconnect", "method", parameters="self, kernel_id", modules=KERNELS,
             use="overridden: the last page gone, its kernel is idle from now"),
    Reliance(ASYNC_MAPPING, "cull_kernel_if_idle", "coroutine", parameters="self, kernel_id", modules=KERNELS,
             use="overridden: idle means no page connected, not no message (a live board keeps sending)"),
    Reliance(ASYNC_MAPPING, "remove_kernel", "method", parameters="self, kernel_id", modules=KERNELS,
             use="overridden: called for every kernel that ends; coprod forgets it and fills the pools again"),
    Reliance(ASYNC_MAPPING, "shutdown_all", "coroutine",
             parameters="self, now=False", modules=KERNELS,
             use="overridden: the server stopping ends every kernel at once (now=True)"),
    Reliance(PREHEATING_MANAGER, "_pools", "dict", on_instance=True, modules=KERNELS,
             use="the preheated kernels waiting for a visitor (never evicted as unwatched pages), and failed "
                 "starts dropped from them so that a pool fills again once a page closes; preheat_pools()"),
    Reliance(PREHEATING_MANAGER, "fill_if_needed", "method",
             parameters="self, delay=None, notebook_name=None, extra_kernel_env_variables={}, **kwargs",
             modules=KERNELS, use="called with notebook_name= to fill a pool again after a page closes; fill_pool()"),
    Reliance(PREHEATING_MANAGER, "_initialize", "coroutine", parameters="self, notebook_path, kernel_id=None, **kwargs",
             source_has=('"kernel_id": kernel_id',), modules=KERNELS,
             use="what a pool's task returns: a dict whose kernel_id coprod reads (kernels._pooled)"),
    Reliance("voila.handler.VoilaHandler", "get_generator", "attribute",
             source_has=("self.kernel_manager.start_kernel(", "env=kernel_env", "ENV_VARIABLE.SCRIPT_NAME",
                         "ENV_VARIABLE.QUERY_STRING"),
             modules=(*KERNELS, *APP),
             use="starts a page's kernel within the page's request (coprod.kernels.VISITOR, set by the page "
                 "handler, names the device) with the request's SCRIPT_NAME and QUERY_STRING in env=, which "
                 "CappedKernelManager reads to give the facilitator's and projector's links the reserve"),

    # --- the application (coprod.voila_app.CoprodVoila) ---------------------------------------------
    Reliance("voila.app.Voila", "start", "method", parameters="self", fingerprint="ae4555538fdae661", modules=APP,
             use="copied whole into CoprodVoila.start, with coprod's tornado Application (the Host check), its "
                 "log filter, forking and shared templates added: a change in Voilà's start must be read and copied "
                 "again"),
    Reliance("voila.app.Voila", "listen", "method", parameters="self", fingerprint="d0364447542b67e1", modules=APP,
             use="replaced whole by CoprodVoila.listen (coprod's HTTP server: connection caps and timeouts, no "
                 "port retries): a change in Voilà's listen must be read again"),
    Reliance("voila.app.Voila", "connection_dir", "trait", modules=APP,
             use="set by CoprodVoila.start, as Voilà's start does, before the kernel manager is made"),
    Reliance("voila.app.Voila", "connection_dir_root", "trait", modules=APP,
             use="where CoprodVoila.start makes the connection folder, as Voilà's start does"),
    Reliance("voila.app.Voila", "init_settings", "method", parameters="self", source_has=("identity_provider",),
             modules=APP,
             use="overridden: the settings Voilà returns are added to (compression, cookies, headers, the log); "
                 "its identity provider's cookie made SameSite=Lax"),
    Reliance("voila.app.Voila", "init_handlers", "method", parameters="self",
             source_has=("TornadoVoilaHandler", "VoilaKernelWebsocketHandler", "VoilaShutdownKernelHandler",
                         "RequestInfoSocketHandler", "TemplateStaticFileHandler", "FileFindHandler",
                         "MultiStaticFileHandler", "VoilaContentsHandler"),
             modules=APP,
             use="overridden: each route's handler class found in voila_app.REPLACED is swapped for coprod's "
                 "subclass, the route and its settings kept"),
    Reliance("jupyter_client.provisioning.factory.KernelProvisionerFactory", "default_provisioner_name", "trait",
             modules=APP,
             use="set on the process's factory singleton when forking is on (CoprodVoila.start_forking), so that "
                 "every kernel uses coprod's provisioner; documented on the factory, and settable by "
                 "JUPYTER_DEFAULT_PROVISIONER_NAME"),
    Reliance("voila.notebook_renderer", "VoilaExporter", "class", modules=("coprod.compiled_templates",),
             use="the one name coprod replaces in Voilà (compiled_templates.install, with "
                 "--CoprodVoila.share_compiled_templates): pages are rendered by a subclass sharing compiled "
                 "templates; Voilà has no setting for the exporter class"),
    Reliance("voila.notebook_renderer.NotebookRenderer", "initialize", "coroutine", parameters="self, **kwargs",
             source_has=("VoilaExporter(",), modules=("coprod.compiled_templates",),
             use="makes each page's exporter by the module's name VoilaExporter, which coprod replaces"),
    Reliance("nbconvert.exporters.templateexporter.TemplateExporter", "_create_environment", "method",
             parameters="self", modules=("coprod.compiled_templates",),
             use="overridden by SharedTemplatesExporter: the Jinja environment it returns is given the server's "
                 "shared bytecode cache"),

    # --- handlers ------------------------------------------------------------------------------------
    Reliance("voila.tornado.handler.TornadoVoilaHandler", "prepare", "coroutine",
             parameters="self, *, _redirect_to_login=True", modules=APP,
             use="overridden by CoprodPageHandler (served pages only, Fetch Metadata, the device's share) around "
                 "Voilà's own"),
    Reliance("tornado.web.RequestHandler", "_finished", "attribute", on_instance=True, modules=APP,
             upstream=_VOILA_XSRF,
             use="whether Voilà's prepare already answered (a redirect) before the page handler sets the _xsrf "
                 "cookie that Voilà's goodbye beacon needs; has_finished()"),
    Reliance("voila.shutdown_kernel_handler.VoilaShutdownKernelHandler", "post", "method",
             parameters="self, kernel_id", modules=APP,
             use="overridden by PageClosedHandler: a page's goodbye hands its kernel to a grace period"),
    Reliance(VISITOR_SOCKET, "_waiters", "dict", modules=APP,
             use="VisitorInfoSocket.on_close calls Voilà's only for a socket Voilà registered (Voilà's fails on "
                 "one it closed in open); visitor_waiters()"),
    Reliance(VISITOR_SOCKET, "open", "method", parameters="self, kernel_id", modules=APP,
             use="overridden: only a kernel on this machine may wait there for its visitor"),
    Reliance(VISITOR_SOCKET, "on_close", "method", parameters="self", modules=APP, use="overridden (see _waiters)"),
    Reliance("voila.tornado.kernel_websocket_handler", "WebsocketHandler", "class", same_as=KERNEL_SOCKET,
             modules=SOCKET,
             use="GuardedKernelWebsocket.write_message calls jupyter_server's write_message through this name, "
                 "past Voilà's (which read every binary message as the newer protocol)"),
    Reliance(KERNEL_SOCKET, "pre_get", "coroutine", parameters="self", modules=SOCKET, upstream=_EARLY_CLOSE,
             use="overridden: a page gone while its socket opened has connection None (see on_close), and the "
                 "request ends quietly instead of failing on it"),
    Reliance(KERNEL_SOCKET, "on_close", "method", parameters="self", source_has=("self.connection = None",),
             modules=SOCKET, upstream=_EARLY_CLOSE,
             use="what GuardedKernelWebsocket.pre_get looks for: a closed socket's connection is None"),
    Reliance(KERNEL_SOCKET, "open", "coroutine", parameters="self, kernel_id", modules=SOCKET,
             use="overridden: the device whose page connected is noted (CappedKernelManager.page_connected)"),
    Reliance(KERNEL_SOCKET, "on_message", "method", parameters="self, ws_message", modules=SOCKET,
             use="overridden: a frame is checked (coprod.guards) before Jupyter reads it"),
    Reliance("voila.tornado.kernel_websocket_handler.VoilaKernelWebsocketHandler", "write_message", "method",
             parameters="self, message, binary=False", modules=SOCKET,
             use="overridden: a kernel's errors and stderr are never written to a page"),
    Reliance("voila.static_file_handler.TemplateStaticFileHandler", "parse_url_path", "method",
             parameters="self, path", modules=APP,
             use="overridden by TemplateFiles: a path that is not a template's static file is not found"),
    Reliance("tornado.web.StaticFileHandler", "set_headers", "method", parameters="self", modules=APP,
             use="overridden for Voilà's and jupyter_server's static handlers: content-hashed files kept a year"),
    Reliance("tornado.web.Application", "find_handler", "method", parameters="self, request, **kwargs", modules=APP,
             use="overridden by HostCheckedApplication: a request naming another host is refused"),

    # --- the preheated kernel's side (coprod.session) -----------------------------------------------
    Reliance("voila.utils", "wait_for_request", "method", parameters="url=None", source_has=("voila/query",),
             modules=("coprod.session",),
             use="what session.wait_for_visitor does without importing Voilà into every kernel: connect to "
                 "voila/query/<kernel id> and take the visitor's request variables from its one message "
                 "(the protocol of https://github.com/voila-dashboards/voila/pull/1109)"),
    Reliance("voila.utils", "ENV_VARIABLE", "class",
             source_has=("VOILA_PREHEAT", "VOILA_KERNEL_ID", "VOILA_SERVER_URL", "VOILA_APP_IP", "VOILA_APP_PORT",
                         "VOILA_WS_PROTOCOL", "VOILA_WS_BASE_URL", "SCRIPT_NAME", "QUERY_STRING"),
             modules=("coprod.session", *KERNELS),
             use="the environment variables coprod reads by name in a kernel and in the kernel manager"),

    # --- forked kernels -----------------------------------------------------------------------------
    Reliance("jupyter_client.provisioning.local_provisioner.LocalProvisioner", "launch_kernel", "coroutine",
             parameters="self, cmd, **kwargs", source_has=("self.pid =", "self.pgid =", "self.cwd ="),
             modules=FORKED, upstream=_FORK,
             use="overridden by ForkingProvisioner: it sets process (a ForkedKernel in Popen's place), pid, "
                 "pgid and cwd as LocalProvisioner's does, which its other methods then use"),
    Reliance("jupyter_client.provisioning.local_provisioner.LocalProvisioner", "process", "attribute",
             modules=FORKED, upstream=_FORK,
             use="what LocalProvisioner calls on its process (poll, wait, send_signal, kill, terminate, pid, "
                 "stdin/stdout/stderr) ForkedKernel provides (tests/unit/test_upstream.py compares them)"),
    Reliance("multiprocessing.forkserver", "_forkserver", "attribute", modules=TEMPLATE,
             use="this process's fork server, whose 'alive' pipe a forked kernel closes; fork_server_alive_fd()"),
    Reliance("multiprocessing.forkserver.ForkServer", "_forkserver_alive_fd", "attribute", on_instance=True,
             modules=TEMPLATE,
             use="closed in each forked kernel, so that the fork server (and its kernels) exit once Voilà has "
                 "gone; fork_server_alive_fd(), forget_fork_server_alive_fd()"),
    Reliance("zmq.Context", "_instance", "attribute", modules=TEMPLATE,
             use="whether a zmq context exists in the warm parent (it must not before a fork); "
                 "zmq_context_exists()"),

    # --- the demo and the tests driving widgets (coprod.demo.driving) ---------------------------
    Reliance("ipywidgets.widgets.widget", "_instances", "dict", modules=("coprod.demo.driving",),
             use="every widget made while headless, closed on the way out; widget_instances()"),
    Reliance("ipywidgets.widgets.widget.Widget", "_handle_msg", "method", parameters="self, *args, **kwargs",
             modules=("coprod.demo.driving",),
             use="a message delivered to a widget as its comm delivers one; as_the_comm_delivers()"),
    Reliance("ipywidgets.comm", "create_comm", "method", parameters="*args, **kwargs",
             modules=("coprod.demo.driving",),
             use="replaced while headless by comm's DummyComm (no message reaches a front end), put back after"),
)


# --- accessors: the private names coprod reads, written here only --------------------------------

def kernels_of(manager) -> dict:
    """A multi-kernel manager's kernels by id (MultiKernelManager._kernels)."""
    return manager._kernels


def connections_to(manager, kernel_id: str) -> int:
    """How many pages' websockets are connected to a kernel (MappingKernelManager._kernel_connections)."""
    return manager._kernel_connections.get(kernel_id) or 0


def preheat_pools(manager) -> dict | None:
    """Voilà's pools of preheated kernels by notebook (VoilaKernelManager._pools); None without preheating."""
    return getattr(manager, "_pools", None)


def fill_pool(manager, notebook: str) -> None:
    """Start kernels until a notebook's pool of preheated kernels is full again."""
    manager.fill_if_needed(notebook_name=notebook)


def has_finished(handler) -> bool:
    """Whether a request has been answered already (tornado's RequestHandler._finished)."""
    return handler._finished


def visitor_waiters() -> dict:
    """The preheated kernels' sockets waiting for a visitor, by kernel id (RequestInfoSocketHandler._waiters)."""
    from voila.request_info_handler import RequestInfoSocketHandler

    return RequestInfoSocketHandler._waiters


def fork_server_alive_fd() -> int | None:
    """This process's copy of the fork server's 'alive' pipe (multiprocessing.forkserver)."""
    from multiprocessing import forkserver

    return forkserver._forkserver._forkserver_alive_fd


def forget_fork_server_alive_fd() -> None:
    from multiprocessing import forkserver

    forkserver._forkserver._forkserver_alive_fd = None


def zmq_context_exists(zmq) -> bool:
    """Whether pyzmq's process-wide context has been made (zmq.Context._instance)."""
    return getattr(zmq.Context, "_instance", None) is not None


def widget_instances() -> dict:
    """Every widget alive in this kernel, by model id (ipywidgets.widgets.widget._instances)."""
    from ipywidgets.widgets import widget

    return getattr(widget, "_instances", {})


def as_the_comm_delivers(widget, message: dict) -> None:
    """Deliver a message to a widget as its comm does (Widget._handle_msg)."""
    widget._handle_msg(message)
