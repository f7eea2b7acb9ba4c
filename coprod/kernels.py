"""Voilà's kernels under `coprod serve`: a cap on how many run, and culling that suits phones.

Every open page is a kernel (a process of ~70 MB), and Voilà starts one for every page
request, without limit: a few hundred page opens never closed (phones that sleep, scripts)
would run the server out of memory. ``CappedKernelManager`` refuses to start a kernel past
``max_kernels``: the page then answers 503 with the template's 503.html ("The room is
full"), at once, instead of hanging. ``facilitator_reserve`` more are kept for the
facilitator's links (with a valid key: the console's, and the presenter view's), so that the
console and the projector open in a full room.

Kernels that Voilà starts ahead of visitors (its pool of preheated kernels) count as pages
too. When the room is full, the kernel that has gone longest without a page connected to it
(at least ``evict_after`` seconds: a page opened and abandoned, a phone asleep) is shut
down to make room before anyone is turned away.

Idle means "no page connected", not "no messages": a page's kernel keeps sending the
room's changes (live boards) whether or not anyone is listening, so Jupyter's own measure
(the last message on iopub) never lets the kernel of a sleeping phone go idle in a busy
room. A connected page answers the server's websocket pings every 30 s; a phone asleep
stops answering and its socket is closed within about two minutes, after which its kernel
counts as idle.

One device (an address) holds at most ``pages_per_address`` pages, and when the room is full
the device holding more than an even share of it gives up its oldest page to a newcomer from
another address (``_evict_for_fairness``): one device cannot keep the room full for everyone.

A page that closes says goodbye (Voilà's unload beacon): its kernel ends a few seconds later,
once nothing is connected to it (``page_closed``). Ending it at once raced with the page's own
websocket, still opening when a page was left straight after loading: Jupyter's websocket
handler then failed on a kernel it had just been told about (a traceback in the log).
"""

from __future__ import annotations

import asyncio
import contextvars
import os
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import parse_qs

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError
from traitlets import Float, Int

from coprod import upstream

THIS_MACHINE = ("127.0.0.1", "::1")  # the server's own machine: the facilitator's laptop, a proxy

FACILITATOR_PAGE = "facilitator.ipynb"
PRESENTER_PAGE = "presenter.ipynb"
# A page's websocket opens within seconds of the page; a kernel whose page never connected in
# this long was asked for by something that is not a browser showing it (a script), and makes
# way for a person when the room is full.
NEVER_CONNECTED_GRACE = 60

# Given to every page's kernel. A page runs only its notebook's own cells, so IPython's command
# history is of no use to anyone, and it costs every kernel a thread and an SQLite database (the
# same file for all, on the server's disk): about 1.7 MB a page (measured with psutil's USS, a
# kernel with and without it).
KERNEL_ARGUMENTS = ("--HistoryManager.enabled=False",)


def _now() -> datetime:
    return datetime.now(UTC)


# The address of the device whose page is being made: set by coprod.voila_app's page handler for
# the request it serves (the kernel is started within it), read when a full room must choose
# whose page makes way; "" outside a request.
VISITOR = contextvars.ContextVar("coprod_visitor", default="")


class RoomFull(HTTPError):
    """No kernel for this page: answered with 503.html, logged as one line (no traceback)."""

    def __init__(self, running: int):
        super().__init__(503, "room full: %d pages open", running, reason="The room is full")


class CappedKernelManager(AsyncMappingKernelManager):
    max_kernels = Int(40, config=True, help="The most pages (kernels) open at once for participants.")
    facilitator_reserve = Int(2, config=True, help="Kernels kept beyond max_kernels for the facilitator's link.")
    evict_after = Float(300, config=True,
                        help="When full, a kernel with no page connected for this many seconds makes room.")
    goodbye_grace = Float(3, config=True,
                          help="Seconds between a page's goodbye and the end of its kernel, if nothing reconnects.")
    pages_per_address = Int(0, config=True,
                            help="The most pages one device (address) holds at once; 0: no cap of its own.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting: set[str] = set()  # ids of kernels being started (see _count)
        self._unwatched_since: dict[str, datetime] = {}  # kernel id -> when it was last seen with no page
        self._keys = None
        self._stopping = False
        self._addresses: dict[str, str] = {}  # kernel id -> address of the device whose page it is
        self._started_at: dict[str, datetime] = {}
        self._ever_connected: set[str] = set()

    # --- the cap ---------------------------------------------------------------------------------

    def _count(self) -> int:
        # A kernel joins jupyter_client's kernels while its start is still finishing (jupyter_server
        # awaits more after jupyter_client has added it): counted by id, so that it is never counted twice.
        # Counted twice, a room of 40 pages starting at once reached a cap of 60 while the kernels
        # finished starting together, and turned a visitor away (issue 18's 503 at 40 of 60).
        return len(self._starting | set(upstream.kernels_of(self)))

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs):
        if kernel_id is not None and kernel_id in self:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        env = kwargs.get("env") or {}
        limit = self.max_kernels
        if self._count() >= limit:
            await self._evict_one()
        if self._count() >= limit:
            await self._evict_for_fairness(VISITOR.get())
        if self._count() >= limit and await self._is_facilitator(env):
            limit += self.facilitator_reserve
            self.log.info("The room is full: the facilitator's page uses a kernel kept for it.")
        if self._count() >= limit:
            raise RoomFull(self._count())  # tornado logs it as one line
        kernel_id = kernel_id or self.new_kernel_id()
        kwargs["extra_arguments"] = [*kwargs.get("extra_arguments", ()), *KERNEL_ARGUMENTS]
        self._starting.add(kernel_id)  # counted before the first await, so that concurrent requests see it
        try:
            started = await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        finally:
            self._starting.discard(kernel_id)
        self._unwatched_since[started] = self._started_at[started] = _now()
        return started

    async def _is_facilitator(self, env: dict) -> bool:
        """A request for the facilitator's page, or the presenter view (the projector's), with a
        key the store knows for that page. The two share the reserve: a room full of phones must
        neither lock the facilitator out nor leave the screen blank."""
        page = str(env.get("SCRIPT_NAME", ""))
        if page.endswith("/" + FACILITATOR_PAGE):
            name = "f"
        elif page.endswith("/" + PRESENTER_PAGE):
            name = "v"
        else:
            return False
        token = parse_qs(str(env.get("QUERY_STRING", ""))).get(name, [""])[0]
        if not token or len(token) > 200:
            return False
        try:
            return await asyncio.to_thread(self._known_key, name, token)
        except Exception as exc:  # an unreachable store turns the request away, as for anyone
            self.log.warning("Could not check a facilitator link: %s", exc)
            return False

    def _known_key(self, name: str, token: str) -> bool:
        from coprod.store import Store

        if self._keys is None:
            self._keys = Store(os.environ.get("COPROD_DATABASE_URL"))
        found = self._keys.workshop_for_facilitator if name == "f" else self._keys.workshop_for_presenter
        return found(token) is not None

    async def _evict_one(self) -> None:
        now = _now()
        pooled = self._pooled()
        running = upstream.kernels_of(self)

        def gone_long_enough(kernel_id: str, since: datetime) -> bool:
            unwatched = (now - since).total_seconds()
            if kernel_id not in self._ever_connected and kernel_id not in pooled:  # its page never connected
                return unwatched >= min(self.evict_after, NEVER_CONNECTED_GRACE)
            return unwatched >= self.evict_after

        candidates = [(since, kernel_id) for kernel_id, since in self._unwatched_since.items()
                      if kernel_id in running and not upstream.connections_to(self, kernel_id)
                      and getattr(running[kernel_id], "execution_state", "") != "busy"
                      and gone_long_enough(kernel_id, since)]
        if candidates:
            since, kernel_id = min(candidates)
            self.log.warning("The room is full: shutting down kernel %s, with no page for %d s, to make room.",
                             kernel_id, (now - since).total_seconds())
            await self.shutdown_kernel(kernel_id)

    # --- one device's share -----------------------------------------------------------------------

    def page_connected(self, kernel_id: str, address: str) -> None:
        """A page's websocket opened from ``address``: the page is that device's (this machine's
        own pages, the facilitator's laptop, are nobody's share)."""
        if kernel_id in self and address and address not in THIS_MACHINE:
            self._addresses[kernel_id] = address

    def pages_of(self, address: str) -> int:
        return sum(1 for kernel_id, a in self._addresses.items() if a == address and kernel_id in self)

    def over_its_cap(self, address: str) -> bool:
        """Whether this device already holds as many pages as one device may (--pages-per-address)."""
        return bool(self.pages_per_address) and address not in THIS_MACHINE and \
            self.pages_of(address) >= self.pages_per_address

    async def _evict_for_fairness(self, newcomer: str) -> None:
        """The room is full and someone is waiting: the device holding the most pages gives one
        up (its oldest) if it holds more than an even share of the room, and is not the newcomer's.
        One device opening page after page can then no longer keep everyone else out; a room
        behind one address (every page the same device's) is never turned on itself."""
        held = Counter(a for kernel_id, a in self._addresses.items() if kernel_id in self)
        if not held or not newcomer:
            return
        address, count = held.most_common(1)[0]
        devices = len(held) + (newcomer not in held)
        if address == newcomer or count <= max(1, self.max_kernels // devices):
            return
        oldest = min((self._started_at.get(k, _now()), k) for k, a in self._addresses.items()
                     if a == address and k in self)[1]
        self.log.warning("The room is full: %s holds %d of %d pages; its oldest page makes room.",
                         address, count, self.max_kernels)
        await self.shutdown_kernel(oldest)

    def _pooled(self) -> set[str]:
        """The preheated kernels still waiting for a visitor (Voilà's pools)."""
        waiting = set()
        for pool in (upstream.preheat_pools(self) or {}).values():
            for task in pool:
                if task.done() and not task.cancelled() and task.exception() is None:
                    result = task.result()
                    if isinstance(result, dict) and result.get("kernel_id"):
                        waiting.add(result["kernel_id"])
        return waiting

    # --- idleness: no page connected -----------------------------------------------------------

    def notify_connect(self, kernel_id):
        super().notify_connect(kernel_id)
        self._unwatched_since.pop(kernel_id, None)
        self._ever_connected.add(kernel_id)

    def notify_disconnect(self, kernel_id):
        super().notify_disconnect(kernel_id)
        if kernel_id in upstream.kernels_of(self) and not upstream.connections_to(self, kernel_id):
            self._unwatched_since[kernel_id] = _now()

    def page_closed(self, kernel_id: str) -> None:
        """A page said goodbye: end its kernel after ``goodbye_grace`` seconds, unless a page is
        connected to it by then. An unknown id (a kernel gone already, or made up) is ignored."""
        if kernel_id in self and not self._stopping:
            asyncio.get_running_loop().create_task(self._end_unless_watched(kernel_id))

    async def _end_unless_watched(self, kernel_id: str) -> None:
        await asyncio.sleep(self.goodbye_grace)
        if kernel_id not in self or upstream.connections_to(self, kernel_id) or self._stopping:
            return
        self.log.info("A page closed: shutting down its kernel %s.", kernel_id)
        try:
            await self.shutdown_kernel(kernel_id)
        except Exception as exc:  # ended meanwhile (culled, evicted): nothing left to do
            self.log.info("Kernel %s had already gone: %s", kernel_id, exc)

    def remove_kernel(self, kernel_id):
        self._unwatched_since.pop(kernel_id, None)
        self._addresses.pop(kernel_id, None)
        self._started_at.pop(kernel_id, None)
        self._ever_connected.discard(kernel_id)
        removed = super().remove_kernel(kernel_id)
        self._refill_pools()
        return removed

    # --- preheated kernels ----------------------------------------------------------------------

    async def shutdown_all(self, now=False):
        self._stopping = True
        # The server is stopping: a kernel holds nothing unsaved (an answer is acknowledged only
        # once committed), and one still starting (a pool's) would print a KeyboardInterrupt
        # traceback if asked to stop politely. So every kernel is ended at once.
        return await super().shutdown_all(now=True)

    def _refill_pools(self) -> None:
        """With preheated kernels (Voilà's pools, `coprod serve --preheat`): a kernel started for
        a pool in a full room failed with RoomFull, and Voilà fills a pool again only after a
        visitor used one of its kernels. When a page closes there is room again: failed starts
        are dropped and the pool filled."""
        pools = upstream.preheat_pools(self)
        if not pools or self._stopping:  # never start kernels while Voilà shuts them all down
            return
        for name, pool in pools.items():
            pool[:] = [task for task in pool if not (task.done() and (task.cancelled() or task.exception()))]
            upstream.fill_pool(self, name)

    async def cull_kernel_if_idle(self, kernel_id):
        kernel = upstream.kernels_of(self)[kernel_id]
        since = self._unwatched_since.get(kernel_id)
        if getattr(kernel, "execution_state", None) == "dead" or since is None:
            # dead kernels go at once; connected ones stay (Jupyter's own rule, cull_connected=False)
            return await super().cull_kernel_if_idle(kernel_id)
        idle = (_now() - since).total_seconds()
        if idle > self.cull_idle_timeout and (self.cull_busy or kernel.execution_state != "busy"):
            self.log.warning("Culling kernel %s: no page connected for %d s.", kernel_id, idle)
            await self.shutdown_kernel(kernel_id)
