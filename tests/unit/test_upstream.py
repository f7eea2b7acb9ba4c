"""What coprod relies on in Voilà, jupyter_server, jupyter_client and the rest (coprod.upstream),
checked against the installed packages: the real classes, and real instances made as coprod makes
them. And that a check fails, naming what changed, when an upgrade renames or removes it."""

from __future__ import annotations

import inspect
import re
from multiprocessing import forkserver
from types import SimpleNamespace

import pytest

from coprod import upstream, upstream_check
from coprod.upstream import RELIANCES, Reliance
from coprod.upstream_check import UpstreamChanged


class _Connection:
    """The one thing tornado asks of a request's connection when a handler is made."""

    def set_close_callback(self, _callback) -> None:
        pass


@pytest.fixture(scope="module")
def instances(tmp_path_factory) -> dict:
    """Real instances for the records of attributes made in __init__, by owner: the kernel manager
    as Voilà makes it from coprod's (voila_kernel_manager_factory, with preheating), on a folder with
    no notebook (so that it fills no pool), a tornado request handler, this process's fork server."""
    from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine
    from tornado.web import Application, RequestHandler
    from voila.app import Voila

    made_as_voila_makes_it = upstream_check.resolve(upstream.PREHEATING_MANAGER)
    manager = made_as_voila_makes_it(parent=Voila(root_dir=str(tmp_path_factory.mktemp("nb"))))
    request = HTTPServerRequest(connection=_Connection(), start_line=RequestStartLine("GET", "/", "HTTP/1.1"),
                                headers=HTTPHeaders({"Host": "localhost"}))
    return {
        upstream.MKM: manager,
        upstream.MAPPING: manager,
        upstream.PREHEATING_MANAGER: manager,
        "tornado.web.RequestHandler": RequestHandler(Application(), request),
        "multiprocessing.forkserver.ForkServer": forkserver._forkserver,
    }


def test_the_kernel_manager_checked_is_the_one_voila_runs_for_coprod(instances):
    from coprod.kernels import CappedKernelManager

    manager = instances[upstream.PREHEATING_MANAGER]
    assert type(manager).__name__ == "VoilaKernelManager" and isinstance(manager, CappedKernelManager)


@pytest.mark.parametrize("reliance", RELIANCES, ids=lambda r: r.where)
def test_what_coprod_relies_on_is_still_there(reliance: Reliance, instances):
    assert reliance.kind in upstream.KINDS
    assert reliance.use and reliance.modules
    assert reliance.upstream == upstream.NO_ISSUE or reliance.upstream.startswith("https://github.com/")
    if reliance.on_instance:
        target = instances[reliance.owner]
        if reliance.owner != upstream.PREHEATING_MANAGER:  # Voilà makes that class anew each time
            assert isinstance(target, upstream_check.resolve(reliance.owner))
        upstream_check.check(reliance, target)
    else:
        upstream_check.check(reliance)


def test_every_record_names_modules_of_coprod_that_exist():
    import importlib

    for reliance in RELIANCES:
        for module in reliance.modules:
            importlib.import_module(module)


def test_a_forked_kernel_answers_all_the_local_provisioner_asks_of_its_process():
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    from coprod.forked_kernels import ForkedKernel

    source = inspect.getsource(LocalProvisioner)
    asked = set(re.findall(r"self\.process\.(\w+)", source))
    for listed in re.findall(r"for \w+ in \[([^\]]*)\]:\s*\n\s*\w+ = getattr\(self\.process,", source):
        asked |= set(re.findall(r"\w+", listed))
    assert source.count("getattr(self.process,") == len(re.findall(r"= getattr\(self\.process,", source)) == 1, \
        "LocalProvisioner reads its process's attributes some other way now: read it again"
    asked.discard("win32_interrupt_event")  # Windows only: coprod forks on Linux
    kernel = ForkedKernel(SimpleNamespace(pid=1, exitcode=None))
    assert {"poll", "wait", "send_signal", "kill", "terminate", "pid", "stdin"} <= asked
    assert [name for name in sorted(asked) if not hasattr(kernel, name)] == []


# --- a check fails, by name, when an upgrade changes what coprod relies on ------------------------

def _record(where: str) -> Reliance:
    (found,) = [r for r in RELIANCES if r.where.endswith("." + where)]
    return found


class RenamedPools:
    """A preheating kernel manager whose pools were renamed."""

    def __init__(self):
        self._kernel_pools = {}


class PoolsAsAList:
    def __init__(self):
        self._pools = []


class NotifyWithMore:
    def notify_connect(self, kernel_id, websocket):
        pass


class CullNoLongerACoroutine:
    def cull_kernel_if_idle(self, kernel_id):
        pass


class RewrittenVoila:
    def start(self):
        self.app = "a new way"


class OnCloseKeepsTheConnection:
    def on_close(self):
        self.connection.disconnect()


class WebsocketModule:
    WebsocketHandler = RenamedPools


@pytest.mark.parametrize(("where", "upgraded", "said"), [
    ("VoilaKernelManager._pools", RenamedPools(),
     r"voila\.voila_kernel_manager\.VoilaKernelManager\._pools \(relied on by coprod\.kernels: .*\) "
     r"is gone from RenamedPools"),
    ("VoilaKernelManager._pools", PoolsAsAList(), r"\._pools .* is no longer a dict but list"),
    ("AsyncMappingKernelManager.notify_connect", NotifyWithMore,
     r"\.notify_connect .* now takes \(self, kernel_id, websocket\), not \(self, kernel_id\)"),
    ("AsyncMappingKernelManager.cull_kernel_if_idle", CullNoLongerACoroutine,
     r"\.cull_kernel_if_idle .* is no longer a coroutine function"),
    ("Voila.start", RewrittenVoila, r"voila\.app\.Voila\.start .* was rewritten upstream"),
    ("KernelWebsocketHandler.on_close", OnCloseKeepsTheConnection,
     r"\.on_close .* no longer says 'self\.connection = None'"),
    ("kernel_websocket_handler.WebsocketHandler", WebsocketModule,
     r"\.WebsocketHandler .* is no longer jupyter_server\.services\.kernels"),
])
def test_a_check_fails_naming_what_an_upgrade_changed(where, upgraded, said):
    reliance = _record(where)
    with pytest.raises(UpstreamChanged, match=said):
        upstream_check.check(reliance, upgraded)
    assert upstream_check.problems(reliance, upgraded)


def test_parameters_are_compared_as_written_without_annotations():
    def spelled(self, a: int, /, b: str = "x", *args, c: float | None = None, **kwargs) -> None:
        pass

    def keyword_only(self, *, kernel_id: str | None = None, **kwargs):
        pass

    assert upstream_check.parameters_of(spelled) == "self, a, /, b='x', *args, c=None, **kwargs"
    assert upstream_check.parameters_of(keyword_only) == "self, *, kernel_id=None, **kwargs"


def test_the_accessors_read_the_names_the_records_list(instances):
    manager = instances[upstream.PREHEATING_MANAGER]
    assert upstream.kernels_of(manager) is manager._kernels
    manager._kernel_connections["k"] = 2
    try:
        assert upstream.connections_to(manager, "k") == 2 and upstream.connections_to(manager, "gone") == 0
    finally:
        del manager._kernel_connections["k"]
    assert upstream.preheat_pools(manager) is manager._pools
    assert upstream.preheat_pools(SimpleNamespace()) is None  # no preheating
    assert upstream.has_finished(instances["tornado.web.RequestHandler"]) is False
    from voila.request_info_handler import RequestInfoSocketHandler

    assert upstream.visitor_waiters() is RequestInfoSocketHandler._waiters
    assert upstream.fork_server_alive_fd() is forkserver._forkserver._forkserver_alive_fd
