"""Kernels forked from the warm parent (coprod.forked_kernels, coprod.kernel_template), driven
through jupyter_client as Voilà drives them: started, run code, interrupted, shut down; what a
fork costs a page is measured in bench/arrivals.py."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time

import psutil
import pytest
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import KernelProvisionerFactory

from coprod import forked_kernels
from coprod.kernels import KERNEL_ARGUMENTS
from tests.loops import on_a_loop_of_its_own


@pytest.fixture
def forking(monkeypatch, tmp_path):
    """A kernel manager factory whose kernels are forked (on Unix sockets in tmp_path, as under
    coprod serve); forking is on whatever earlier tests did."""
    monkeypatch.setattr(forked_kernels, "_off_because", None)
    factory = KernelProvisionerFactory.instance()
    monkeypatch.setattr(factory, "default_provisioner_name", forked_kernels.NAME)

    def manager() -> AsyncKernelManager:
        return AsyncKernelManager(transport="ipc", ip=str(tmp_path / "kernel"))

    return manager


async def run(manager: AsyncKernelManager, code: str) -> str:
    """Run ``code`` in the kernel; what it printed."""
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        reply = await client.execute_interactive(code, timeout=60, output_hook=(printed := []).append)
        assert reply["content"]["status"] == "ok", reply["content"]
        return "".join(m["content"].get("text", "") for m in printed if m["msg_type"] == "stream")
    finally:
        client.stop_channels()


def test_only_this_pythons_ipykernel_launcher_is_forked():
    assert forked_kernels.kernel_arguments([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"]) == \
        ["-f", "k.json"]
    assert forked_kernels.kernel_arguments(["/usr/bin/python3.9", "-m", "ipykernel_launcher", "-f", "k.json"]) is None
    assert forked_kernels.kernel_arguments([sys.executable, "-m", "other_kernel", "-f", "k.json"]) is None
    assert forked_kernels.kernel_arguments(["julia", "-i"]) is None


def test_a_forked_kernel_finds_coprod_imported_and_runs_as_a_kernel(forking):
    async def scenario():
        manager = forking()
        await manager.start_kernel(extra_arguments=list(KERNEL_ARGUMENTS))  # as coprod's kernel manager does
        try:
            assert isinstance(manager.provisioner.process, forked_kernels.ForkedKernel)
            printed = await run(manager, textwrap.dedent("""
                import os, sys
                print("coprod.app" in sys.modules, "coprod.console" in sys.modules, os.getpid() == os.getpgid(0))
                import ipywidgets
                ipywidgets.IntSlider()  # a widget's comm opens: the comm targets are the kernel's
                print(os.environ.get("COPROD_FORK_TEST"), get_ipython().history_manager.enabled)
            """))
            # Its own process group too, and the arguments given to the kernel (no command history).
            assert printed.split() == ["True", "True", "True", "yes", "False"]
            kernel = psutil.Process(manager.provisioner.pid)
            assert "ipykernel_launcher" in " ".join(kernel.cmdline())  # named as a kernel in ps
            assert "kernels' warm parent" in " ".join(kernel.parent().cmdline())
            # Interrupting reaches the kernel alone, not the warm parent or other kernels.
            await manager.interrupt_kernel()
            assert await run(manager, "print(1 + 1)") == "2\n"
        finally:
            await manager.shutdown_kernel()
        assert not psutil.pid_exists(kernel.pid) or kernel.status() == psutil.STATUS_ZOMBIE

    os.environ["COPROD_FORK_TEST"] = "yes"  # the kernel's environment is the one it was given
    try:
        on_a_loop_of_its_own(scenario(), timeout=300)
    finally:
        del os.environ["COPROD_FORK_TEST"]


def test_a_kernel_killed_with_a_signal_is_seen_to_end(forking):
    async def scenario():
        manager = forking()
        await manager.start_kernel()
        pid = manager.provisioner.pid
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while await manager.provisioner.poll() is None and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert await manager.provisioner.poll() == -signal.SIGKILL
        await manager.shutdown_kernel(now=True)

    on_a_loop_of_its_own(scenario(), timeout=300)
    assert forked_kernels._off_because is None  # ended by a signal: no reason to stop forking


def test_when_forking_fails_kernels_start_the_usual_way_with_one_log_line(forking, monkeypatch, caplog):
    def broken(*_args, **_kwargs):
        raise OSError("no fork server here")

    monkeypatch.setattr(forked_kernels, "fork_kernel", broken)

    async def scenario():
        for _ in range(2):
            manager = forking()
            await manager.start_kernel()
            try:
                assert not isinstance(manager.provisioner.process, forked_kernels.ForkedKernel)
                assert await run(manager, "import sys; print('coprod.app' in sys.modules)") == "False\n"
            finally:
                await manager.shutdown_kernel(now=True)

    with caplog.at_level(logging.WARNING, logger="coprod.kernels"):
        on_a_loop_of_its_own(scenario(), timeout=300)
    said = [r.getMessage() for r in caplog.records if r.name == "coprod.kernels"]
    assert said == ["Kernels now start the usual way: forking a kernel failed (OSError: no fork server here)."]


def test_a_forked_kernel_that_dies_while_starting_turns_forking_off(monkeypatch):
    monkeypatch.setattr(forked_kernels, "_off_because", None)
    kernel = forked_kernels.ForkedKernel.__new__(forked_kernels.ForkedKernel)
    kernel._started, kernel.pid = time.monotonic(), 0
    kernel._process = type("Ended", (), {"exitcode": 1})()
    assert kernel.poll() == 1
    assert "ended while starting" in forked_kernels._off_because


def test_a_start_up_check_that_does_not_answer_in_time_says_so_and_forking_is_turned_off(monkeypatch, caplog):
    """A very loaded machine: the check child is still running when the wait ends."""
    waited = []

    class Unanswered:
        exitcode = None

        def __init__(self, **_kwargs):
            pass

        def start(self):
            pass

        def join(self, timeout=None):
            waited.append(timeout)

    monkeypatch.setattr(forked_kernels, "_off_because", None)
    monkeypatch.setattr(forked_kernels._context, "Process", Unanswered)
    with caplog.at_level(logging.WARNING, logger="coprod.kernels"):
        forked_kernels._check_server()
    assert waited == [forked_kernels.CHECK_SECONDS]
    said = [r.getMessage() for r in caplog.records if r.name == "coprod.kernels"]
    assert said == ["Kernels now start the usual way: the fork server's start-up check did not answer within "
                    f"{forked_kernels.CHECK_SECONDS} s (the machine may be very busy)."]
    assert "None" not in said[0]


def test_forked_kernels_end_when_the_server_is_killed(tmp_path):
    """kill -9 of the process that asked for kernels (Voilà under coprod serve): the fork server
    sees it gone and exits, and its kernels, their parent gone, follow within seconds."""
    script = textwrap.dedent(f"""
        import asyncio, sys, time
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_client.provisioning import KernelProvisionerFactory
        from coprod import forked_kernels

        async def main():
            KernelProvisionerFactory.instance().default_provisioner_name = forked_kernels.NAME
            manager = AsyncKernelManager(transport="ipc", ip={str(tmp_path / "kernel")!r})
            await manager.start_kernel()
            print(manager.provisioner.pid, flush=True)
            time.sleep(600)

        if __name__ == "__main__":
            asyncio.run(main())
    """)
    (tmp_path / "server.py").write_text(script)
    server = subprocess.Popen([sys.executable, "server.py"], cwd=tmp_path, stdout=subprocess.PIPE, text=True)
    try:
        kernel = psutil.Process(int(server.stdout.readline()))
        parent = kernel.parent()
        assert "kernels' warm parent" in " ".join(parent.cmdline())
    finally:
        server.kill()
        server.wait()
    _, alive = psutil.wait_procs([kernel, parent], timeout=30)
    assert not alive, f"still running after the server was killed: {alive}"
