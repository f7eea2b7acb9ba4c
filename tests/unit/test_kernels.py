"""The kernel cap of `coprod serve` (coprod/kernels.py), without starting real kernels."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from types import SimpleNamespace

import pytest
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

from coprod import kernels
from coprod.kernels import CappedKernelManager, RoomFull
from tests.loops import on_a_loop_of_its_own

PARTICIPANT = {"SCRIPT_NAME": "/voila/render/index.ipynb", "QUERY_STRING": "code=ABCDEF"}
FACILITATOR = {"SCRIPT_NAME": "/voila/render/facilitator.ipynb", "QUERY_STRING": "f=right-key"}
PRESENTER = {"SCRIPT_NAME": "/voila/render/presenter.ipynb", "QUERY_STRING": "v=screen-key"}


@pytest.fixture
def manager(monkeypatch):
    made = CappedKernelManager(max_kernels=2, facilitator_reserve=1, evict_after=300, cull_idle_timeout=900)
    shut: list[str] = []

    async def start(self, *, kernel_id=None, path=None, **kwargs):
        made.arguments = kwargs.get("extra_arguments")
        kernel_id = f"k{len(self._kernels) + len(shut)}"
        self._kernels[kernel_id] = SimpleNamespace(execution_state="idle", kernel_spec=SimpleNamespace(metadata={}),
                                                   kernel_name="python3", last_activity=kernels._now())
        self._kernel_connections[kernel_id] = 0
        return kernel_id

    async def shutdown(kernel_id, now=False, restart=False):
        shut.append(kernel_id)
        made.remove_kernel(kernel_id)

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", start)
    monkeypatch.setattr(AsyncMappingKernelManager, "remove_kernel",
                        lambda self, kernel_id: self._kernels.pop(kernel_id))
    monkeypatch.setattr(made, "shutdown_kernel", shutdown)
    monkeypatch.setattr(made, "_known_key", lambda name, token: (name, token) in {("f", "right-key"),
                                                                                   ("v", "screen-key")})
    made.shut = shut
    return made


def start(manager, env):
    return on_a_loop_of_its_own(manager.start_kernel(kernel_name="python3", path="", env=env))


def age(manager, kernel_id, seconds):
    manager._unwatched_since[kernel_id] -= timedelta(seconds=seconds)


def test_past_the_cap_a_page_is_refused_with_503_and_the_facilitator_has_a_reserve(manager):
    first, second = start(manager, PARTICIPANT), start(manager, PARTICIPANT)
    with pytest.raises(RoomFull) as refused:
        start(manager, PARTICIPANT)
    assert refused.value.status_code == 503
    with pytest.raises(RoomFull):  # a wrong key is no facilitator
        start(manager, {**FACILITATOR, "QUERY_STRING": "f=wrong"})
    start(manager, FACILITATOR)
    with pytest.raises(RoomFull):  # the reserve is one kernel here
        start(manager, FACILITATOR)
    assert len(manager._kernels) == 3 and manager.shut == [] and {first, second} <= set(manager._kernels)


def test_the_presenter_view_shares_the_facilitators_reserve_with_its_own_key_only(manager):
    manager.facilitator_reserve = 2
    start(manager, PARTICIPANT), start(manager, PARTICIPANT)
    for wrong in ({**PRESENTER, "QUERY_STRING": "v=right-key"},  # the console's key is not the screen's
                  {**PRESENTER, "QUERY_STRING": "f=right-key"},
                  {**FACILITATOR, "QUERY_STRING": "f=screen-key"},  # nor the screen's the console's
                  {**PARTICIPANT, "QUERY_STRING": "v=screen-key"}):
        with pytest.raises(RoomFull):
            start(manager, wrong)
    start(manager, PRESENTER)
    start(manager, FACILITATOR)
    with pytest.raises(RoomFull):
        start(manager, PRESENTER)
    assert len(manager._kernels) == 4


def test_kernels_finishing_their_start_together_are_counted_once(monkeypatch):
    """jupyter_server adds a kernel to the running ones and then awaits more of its start: a
    kernel in that stretch was counted both as running and as starting, and a room whose pages
    all started at once was full before it was (a 503 at 40 pages of 60)."""
    made = CappedKernelManager(max_kernels=6, facilitator_reserve=0)

    async def start(self, *, kernel_id=None, path=None, **kwargs):
        kernel_id = kernel_id or self.new_kernel_id()
        self._kernels[kernel_id] = SimpleNamespace(execution_state="idle")  # running now...
        await made.finished.wait()  # ...while its start goes on (jupyter_server's _finish_kernel_start)
        return kernel_id

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", start)

    async def room():
        made.finished = asyncio.Event()
        pages = [asyncio.create_task(made.start_kernel(kernel_name="python3", path="", env=PARTICIPANT))
                 for _ in range(6)]
        await asyncio.sleep(0.05)  # every start in its last stretch together
        made.finished.set()
        started = await asyncio.gather(*pages, return_exceptions=True)
        try:
            await made.start_kernel(kernel_name="python3", path="", env=PARTICIPANT)
        except RoomFull:  # the cap itself still holds
            return started, True
        return started, False

    started, refused_past_the_cap = on_a_loop_of_its_own(asyncio.wait_for(room(), 10))
    assert [s for s in started if isinstance(s, Exception)] == [] and len(set(started)) == 6
    assert refused_past_the_cap


def test_a_full_room_makes_room_from_the_page_longest_without_anyone(manager):
    a, b = start(manager, PARTICIPANT), start(manager, PARTICIPANT)
    manager.notify_connect(a)
    manager.notify_disconnect(a)
    manager.notify_connect(b)
    age(manager, a, 200)
    with pytest.raises(RoomFull):  # nobody on a for 200 s: not yet
        start(manager, PARTICIPANT)
    age(manager, a, 200)
    c = start(manager, PARTICIPANT)
    assert manager.shut == [a] and set(manager._kernels) == {b, c}
    age(manager, c, 1000)
    manager._kernels[c].execution_state = "busy"  # still rendering its page: kept
    with pytest.raises(RoomFull):
        start(manager, PARTICIPANT)


def test_culling_counts_time_without_a_page_not_the_kernels_own_messages(manager):
    a, b = start(manager, PARTICIPANT), start(manager, PARTICIPANT)
    manager.notify_connect(a)
    age(manager, b, 899)
    for kernel_id in (a, b):
        on_a_loop_of_its_own(manager.cull_kernel_if_idle(kernel_id))
    assert manager.shut == []
    manager.notify_disconnect(a)  # a phone asleep: the server closes its socket after missed pings
    age(manager, a, 901)
    age(manager, b, 2)
    # The kernels kept sending the room's changes meanwhile: that is not someone there.
    for kernel_id in (a, b):
        manager._kernels[kernel_id].last_activity = kernels._now()
        on_a_loop_of_its_own(manager.cull_kernel_if_idle(kernel_id))
    assert manager.shut == [a, b]


def test_a_pool_that_lost_kernels_to_a_full_room_fills_again_when_a_page_closes(manager):
    # Voilà's pool of preheated kernels (coprod serve --preheat) fills itself again only after
    # a visitor used one; a start refused in a full room would leave it empty for good.
    async def scenario():
        loop = asyncio.get_running_loop()
        refused, ready = loop.create_future(), loop.create_future()
        refused.set_exception(RoomFull(2))
        ready.set_result({"kernel_id": "k9"})
        manager._pools = {"index.ipynb": [refused, ready]}
        filled = []
        manager.fill_if_needed = lambda notebook_name, **kwargs: filled.append(notebook_name)
        page = await manager.start_kernel(kernel_name="python3", path="", env=PARTICIPANT)
        manager.remove_kernel(page)  # a page closed: there is room again
        return manager._pools["index.ipynb"], filled, ready

    pool, filled, ready = on_a_loop_of_its_own(scenario())
    assert pool == [ready] and filled == ["index.ipynb"]


def test_no_pool_is_filled_while_the_server_shuts_its_kernels_down(manager, monkeypatch):
    monkeypatch.setattr(AsyncMappingKernelManager, "shutdown_all", lambda self, *a, **k: asyncio.sleep(0))

    async def scenario():
        manager._pools = {"index.ipynb": []}
        filled = []
        manager.fill_if_needed = lambda notebook_name, **kwargs: filled.append(notebook_name)
        page = await manager.start_kernel(kernel_name="python3", path="", env=PARTICIPANT)
        await manager.shutdown_all()  # Voilà asks politely; coprod ends them at once
        manager.remove_kernel(page)
        return filled

    assert on_a_loop_of_its_own(scenario()) == []


def test_a_page_whose_websocket_never_opened_makes_room_after_a_minute(manager):
    """Something that asks for pages without showing them (a script) held each kernel for the
    full five minutes; a browser's page connects within seconds."""
    a, b = start(manager, PARTICIPANT), start(manager, PARTICIPANT)
    manager.notify_connect(b)
    age(manager, a, 30)
    with pytest.raises(RoomFull):
        start(manager, PARTICIPANT)
    age(manager, a, 31)
    start(manager, PARTICIPANT)
    assert manager.shut == [a]


def test_a_device_holding_more_than_its_share_gives_way_to_a_newcomer(manager):
    from coprod.voila_app import VISITOR

    a, b = start(manager, PARTICIPANT), start(manager, PARTICIPANT)
    for kernel_id in (a, b):
        manager.notify_connect(kernel_id)
        manager.page_connected(kernel_id, "10.0.0.9")
    assert manager.pages_of("10.0.0.9") == 2

    async def from_device(address: str):  # as the page handler does for the request it serves
        VISITOR.set(address)
        return await manager.start_kernel(kernel_name="python3", path="", env=PARTICIPANT)

    with pytest.raises(RoomFull):  # the same device asks again: refused, never turned on itself
        on_a_loop_of_its_own(from_device("10.0.0.9"))
    on_a_loop_of_its_own(from_device("10.0.0.7"))  # someone else: the device's oldest page makes room
    assert manager.shut == [a]


def test_one_device_s_cap_and_this_machine_s_exemption(manager):
    manager.pages_per_address = 1
    a = start(manager, PARTICIPANT)
    manager.page_connected(a, "10.0.0.9")
    assert manager.over_its_cap("10.0.0.9") and not manager.over_its_cap("10.0.0.8")
    manager.page_connected(a, "127.0.0.1")  # pages on the server's own machine are nobody's share
    assert not manager.over_its_cap("127.0.0.1")


def test_every_page_s_kernel_keeps_no_command_history(manager):
    start(manager, PARTICIPANT)
    assert manager.arguments == ["--HistoryManager.enabled=False"]
