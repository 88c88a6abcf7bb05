"""axe-core in Chromium: the accessibility scan the browser tests run on our pages and blocks.

axe-core comes from npm, pinned in ``tests/accessibility/package-lock.json``; the first scan installs it
(``npm ci``) when ``node_modules`` is missing. Without npm the scans skip, or fail when services are required
(``WIKISKILLS_REQUIRE_SERVICES=1``), as every other real part of the tests does.

The scans are for our own markup: a whole Django page of ours, or only a block's root in the workbench (the
page around it is the workbench's). What counts is a violation of impact "serious" or "critical".
"""

import contextlib
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.support.browser_fixtures import CHROMIUM, STEP_TIMEOUT_MS
from tests.support.services import service_missing

ACCESSIBILITY_DIR = Path(__file__).resolve().parents[1] / "accessibility"
AXE_SCRIPT = ACCESSIBILITY_DIR / "node_modules" / "axe-core" / "axe.min.js"
NPM_CI_TIMEOUT_SECONDS = 300
BLOCKING_IMPACTS = ("serious", "critical")
LANGUAGES = ("en", "ar")

# Runs axe on the context (a CSS selector, or the whole document) and returns only what the report needs, so
# the page does not send every node of every rule back to Python.
RUN_AXE = """async (selector) => {
  const context = selector ? {include: [[selector]]} : document;
  const results = await axe.run(context, {resultTypes: ["violations"]});
  return {
    passes: results.passes.length,
    violations: results.violations.map((rule) => ({
      id: rule.id,
      impact: rule.impact,
      help: rule.help,
      targets: rule.nodes.map((node) => node.target.join(" ")),
    })),
  };
}"""


# Browser walks of the interface alone (keyboard paths, focus, Studio saves, failure messages) run on SQLite,
# with both Python/Django/XBlock lines (the older workbench differs); the MariaDB environments (tox.ini sets
# ``WIKISKILLS_UI_CHECKS=skip``) run every test of behaviour and data.
ui_checks_on_sqlite = pytest.mark.skipif(
    os.environ.get("WIKISKILLS_UI_CHECKS") == "skip",
    reason="interface walks run on SQLite; they do not depend on the database",
)


@dataclass
class AxeReport:
    """What axe found on one page (or block view) in one language."""

    page: str
    language: str
    passes: int
    violations: list = field(default_factory=list)

    @property
    def blocking(self):
        return [rule for rule in self.violations if rule["impact"] in BLOCKING_IMPACTS]

    def summary(self):
        """The totals line; the rules of violations below "serious" are named, so they are seen and can be fixed."""
        minor = sorted({f"{rule['id']}({rule['impact']})" for rule in self.violations if rule not in self.blocking})
        return (
            f"axe: {self.page}: lang={self.language} violations={len(self.violations)} "
            f"serious={len(self.blocking)} passes={self.passes}" + (f" minor={','.join(minor)}" if minor else "")
        )

    def problems(self):
        """One line per serious or critical violation: where (axe's selector), which rule, and how to fix it."""
        return [
            f"{self.page} [{self.language}] {rule['impact']} {rule['id']}: {target} -- {rule['help']}"
            for rule in self.blocking
            for target in rule["targets"]
        ]


def _install_axe():
    npm = shutil.which("npm")
    if npm is None:
        service_missing(
            "npm", "npm is not on PATH", "install Node.js with npm, then run npm ci --prefix tests/accessibility"
        )
    completed = subprocess.run(
        [npm, "ci", "--prefix", str(ACCESSIBILITY_DIR), "--no-audit", "--no-fund"],
        capture_output=True,
        text=True,
        timeout=NPM_CI_TIMEOUT_SECONDS,
        check=False,
    )
    if completed.returncode != 0 or not AXE_SCRIPT.exists():
        service_missing("axe-core", f"npm ci failed: {completed.stderr.strip()[-500:]}", "check npm's registry access")


@pytest.fixture(scope="session")
def axe_script():
    """The path of axe.min.js, installed from the lock file the first time it is needed.

    ``make test`` scans once, in one tox environment (tox.ini sets ``WIKISKILLS_AXE=skip`` in the others): the
    markup is the same on every database and Python version, and the scans take minutes.
    """
    if os.environ.get("WIKISKILLS_AXE") == "skip":
        pytest.skip("accessibility scans run in the py312-django52 environment; the markup does not depend on this one")
    if not AXE_SCRIPT.exists():
        _install_axe()
    return AXE_SCRIPT


@pytest.fixture(scope="module")
def axe_browser():
    """One headless Chromium for a whole test module; each test opens its own context (cookies, language)."""
    if not shutil.which(CHROMIUM):
        service_missing("Chromium", f"{CHROMIUM} not found", "install the chromium package")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    # Playwright's sync API keeps an event loop on this thread; the test's own database calls are still sync.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def page_in(browser, base_url, language, user=None):
    """A page of a new browser context that asks for ``language`` (as the browser's own setting and Django's
    language cookie), signed in as ``user`` when given."""
    context = browser.new_context(locale=language, extra_http_headers={"Accept-Language": language})
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url})
    context.add_cookies(cookies)
    # Images and links of other hosts (badge images, wikis) are not part of the scan: refused at once, so a page
    # does not wait for hosts the test machine may not reach.
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    try:
        page = context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        yield page
    finally:
        context.close()


def scan(page, axe_script, name, language, selector=None):
    """Runs axe on the open page (only inside ``selector`` when given), prints its totals and returns them."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script))
    if selector is not None:
        page.locator(selector).first.wait_for()
    found = page.evaluate(RUN_AXE, selector)
    report = AxeReport(name, language, found["passes"], found["violations"])
    print(report.summary())  # the measured totals the issue asks the browser tests to print
    return report


def fail_on_blocking(reports, owned_elsewhere=None):
    """Fails listing every serious or critical violation; those only on pages in ``owned_elsewhere`` ({page:
    reason}, markup of files another part of the project owns) make the test an expected failure instead."""
    owned_elsewhere = owned_elsewhere or {}
    ours = [line for report in reports if report.page not in owned_elsewhere for line in report.problems()]
    theirs = [line for report in reports if report.page in owned_elsewhere for line in report.problems()]
    if ours:
        pytest.fail("serious or critical accessibility violations:\n" + "\n".join(ours + theirs), pytrace=False)
    if theirs:
        reasons = sorted({owned_elsewhere[report.page] for report in reports if report.problems()})
        pytest.xfail("; ".join(reasons) + ":\n" + "\n".join(theirs))
