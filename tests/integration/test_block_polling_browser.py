"""The blocks' shared polling (``WikiSkillsHandlers.poller``) in Chromium: one loop at most, a limit, "Try again".

The script under test is the one the blocks ship. The block's handler is a stand-in ``fetch`` that counts the
asks and answers "still pending": what is tested is when the script asks, which the real handlers (tested in
the blocks' own browser tests) do not change. Time is Playwright's fake clock, so no test waits.
"""

import pytest

from tests.support.browser_fixtures import browser_page  # noqa: F401  (fixture)
from wikiskills.xblocks.common import HANDLERS_JS

pytestmark = pytest.mark.integration

ORIGIN = "http://blocks.wikiskills.test"
EVERY_MS = 2000
TIMES = 3

SETUP = """([every, times]) => {
  window.asks = 0;
  window.gaveUp = 0;
  window.fetch = () => {
    window.asks += 1;
    return Promise.resolve(new Response(JSON.stringify({pending: true}), {status: 200}));
  };
  const runtime = {handlerUrl: () => "/handler/current_state"};
  window.poller = WikiSkillsHandlers.poller(runtime, document.body, "current_state", {
    every: every,
    times: times,
    answered: (answer) => window.poller.follow(answer.pending),
    failed: () => {},
    gaveUp: () => { window.gaveUp += 1; },
  });
}"""


@pytest.fixture
def page(browser_page):  # noqa: F811
    # A page at an http origin (the script reads Django's CSRF cookie, which about:blank refuses).
    html = "<!doctype html><html lang='en'><head><title>Polling</title></head><body></body></html>"
    browser_page.route(f"{ORIGIN}/**", lambda route: route.fulfill(body=html, content_type="text/html"))
    browser_page.clock.install()
    browser_page.goto(f"{ORIGIN}/unit")
    browser_page.add_script_tag(content=HANDLERS_JS)
    browser_page.evaluate(SETUP, [EVERY_MS, TIMES])
    return browser_page


def asks_after(page, milliseconds):
    page.clock.run_for(milliseconds)
    page.evaluate("() => new Promise((done) => setTimeout(done, 0))")  # let answers arrive
    page.clock.run_for(1)
    return page.evaluate("() => [window.asks, window.gaveUp]")


def test_an_action_answered_while_a_poll_is_waiting_does_not_start_a_second_loop(page):
    page.evaluate("() => { window.poller.follow(true); window.poller.follow(true); window.poller.follow(true); }")

    assert asks_after(page, EVERY_MS) == [1, 0]
    assert asks_after(page, EVERY_MS) == [2, 0]


def test_after_its_limit_the_poller_gives_up_once_and_asks_no_more(page):
    page.evaluate("() => window.poller.follow(true)")

    for _step in range(TIMES + 3):
        asks_after(page, EVERY_MS)

    assert page.evaluate("() => [window.asks, window.gaveUp]") == [TIMES, 1]


def test_try_again_asks_at_once_and_polls_anew(page):
    page.evaluate("() => window.poller.follow(true)")
    for _step in range(TIMES + 1):
        asks_after(page, EVERY_MS)

    page.evaluate("() => { window.poller.restart(); window.poller.askNow(); }")

    assert asks_after(page, 1) == [TIMES + 1, 1]
    assert asks_after(page, EVERY_MS)[0] == TIMES + 2
