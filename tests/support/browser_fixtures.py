"""A page in Debian's headless Chromium, driven by Playwright (its own browser download is not used)."""

import shutil

import pytest
from django.conf import settings
from django.test import Client

from tests.support.services import service_missing

CHROMIUM = "/usr/bin/chromium"
STEP_TIMEOUT_MS = 20_000


@pytest.fixture
def browser_page(monkeypatch):
    if not shutil.which(CHROMIUM):
        service_missing("Chromium", f"{CHROMIUM} not found", "install the chromium package")
    # Playwright's sync API keeps an event loop on this thread; the test's own database calls are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(STEP_TIMEOUT_MS)
            yield page
        finally:
            browser.close()


def sign_in(page, base_url, user):
    """The browser gets the session a signed-in user has (the LMS's sign-in page is not ours to test)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


MAX_TABS = 200


def tab_until(page, predicate):
    """Press Tab until the JavaScript ``predicate`` holds for the focused element (keyboard-only use)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return
    raise AssertionError(f"never reached: {predicate}")
