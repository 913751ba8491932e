"""The site served by a live server and driven in headless Chromium.

Chromium comes from the system (Debian's `chromium` package, or CHROMIUM_PATH); Playwright
drives it and never downloads a browser. Without Chromium these tests are skipped, and `-ra`
prints why.

The server (`site_server`, tests/conftest.py) starts once per session and serves the
knowledge base that tests/conftest.py loads.
"""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

DESKTOP = {"width": 1280, "height": 900}


def chromium_executable():
    """CHROMIUM_PATH if set, else the chromium on PATH (Debian and Ubuntu names), else None."""
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all browser tests. Playwright's sync API leaves its event loop marked
    as running in this thread, which Django takes for an async context and where it refuses
    database access; the tests' plain ORM calls are allowed while the browser is open."""
    executable = chromium_executable()
    if executable is None:
        pytest.skip("Chromium not found: install Debian's chromium package or set CHROMIUM_PATH")
    if not os.access(executable, os.X_OK):
        pytest.fail(f"CHROMIUM_PATH={executable} is not an executable file")
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=executable)
        yield browser
        browser.close()


@pytest.fixture
def page(site_server, db, settings, browser):
    """A fresh tab (own cookies and storage) on the live site, desktop-sized; relative URLs
    in `page.goto` are resolved against the server."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, site_server.thread.host]
    context = browser.new_context(base_url=site_server.url, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
