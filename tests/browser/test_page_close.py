"""A page that closes (a tab shut, a reload, the join page leading to the personal link) ends
its kernel at once, instead of leaving 80 MB in the server until it is culled."""

from __future__ import annotations

import time

import requests
from playwright.sync_api import expect

from tests.browser.conftest import PHONE


def kernel_of(page) -> str:
    return page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def kernel_alive(server, kernel_id: str) -> bool:
    answer = requests.get(f"{server.base}/api/kernels/{kernel_id}", timeout=30)
    assert answer.status_code in (200, 404), answer.status_code
    return answer.status_code == 200


def ends_soon(server, kernel_id: str, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not kernel_alive(server, kernel_id):
            return True
        time.sleep(0.25)
    return False


def test_leaving_or_reloading_a_page_ends_its_kernel_and_no_other(visitor_factory):
    staying, leaving = visitor_factory(PHONE), visitor_factory(PHONE)
    kept = kernel_of(staying.open(staying.server.join_url))
    page = leaving.open(leaving.server.join_url)
    expect(page.get_by_role("heading", name="Join the workshop")).to_be_visible()
    first = kernel_of(page)
    assert kernel_alive(leaving.server, first)
    assert any(cookie["name"] == "_xsrf" for cookie in leaving.context.cookies())  # what the page's goodbye needs

    page.reload()
    page.wait_for_selector("#loading", state="detached")
    expect(page.get_by_role("heading", name="Join the workshop")).to_be_visible()
    second = kernel_of(page)
    assert second != first
    assert ends_soon(leaving.server, first), "the reloaded page's kernel was not ended"

    page.goto("about:blank")  # the tab goes elsewhere (as when it is shut)
    assert ends_soon(leaving.server, second), "the page's kernel outlived the page"
    assert kernel_alive(staying.server, kept)  # someone else's page keeps its kernel
    expect(staying.page.get_by_role("heading", name="Join the workshop")).to_be_visible()


def test_a_goodbye_for_a_page_still_connected_or_for_no_kernel_ends_nothing(visitor_factory):
    visitor = visitor_factory(PHONE)
    page = visitor.open(visitor.server.join_url)
    expect(page.get_by_role("heading", name="Join the workshop")).to_be_visible()
    kernel = kernel_of(page)
    xsrf = next(cookie["value"] for cookie in visitor.context.cookies() if cookie["name"] == "_xsrf")
    for target in (kernel, "00000000-0000-0000-0000-000000000000", "not-a-kernel"):
        # What the beacon of another tab showing the same kernel (or a made-up one) would send.
        said = requests.post(f"{visitor.server.base}/voila/api/shutdown/{target}", data={"_xsrf": xsrf},
                             cookies={"_xsrf": xsrf}, timeout=30)
        assert said.status_code == 204, (target, said.status_code)
    time.sleep(5)  # past the grace period
    assert kernel_alive(visitor.server, kernel)  # its page is still connected
    page.get_by_label("Your name (as others will see it)").fill("Still here")
    expect(page.get_by_label("Your name (as others will see it)")).to_have_value("Still here")
    refused = requests.post(f"{visitor.server.base}/voila/api/shutdown/{kernel}", timeout=30)
    assert refused.status_code == 403  # without the cookie's proof, as before
