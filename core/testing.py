"""Helpers for browser tests (Playwright + Debian's Chromium + axe-core).

Chromium comes from Debian (``apt-get install -y chromium``); Playwright never downloads
a browser. Without Chromium the browser tests skip with a message, except under
``CI=true``, where a missing browser is a failure.
"""

import os
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}


def chromium_or_skip():
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    message = f"Chromium not found at {CHROMIUM}; install it with 'apt-get install -y chromium'."
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def axe_violations(page):
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page; return the violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    return results.response["violations"]


def describe_violations(violations):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in violations
    )


def other_origin_requests(requests, live_server_url):
    """The requests of a page that went anywhere but the portal itself."""
    own = urlparse(live_server_url).netloc
    return [url for url in requests if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != own]
