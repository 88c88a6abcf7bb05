"""The MediaWiki client against a real MediaWiki 1.39 on loopback (no mocks)."""

import logging
import math
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.fault_proxy import Fault
from wikiskills.integrations.mediawiki import errors
from wikiskills.integrations.mediawiki.client import MediaWikiClient, RetryPolicy, UserAgent
from wikiskills.integrations.mediawiki.local_wiki import Edit, free_port

pytestmark = pytest.mark.integration

AGENT = UserAgent("WikiSkills-Tests", "0.1", "wikiskills-tests@example.org")
PASSWORD = "correct horse battery staple"
BATCH_USERS = [f"Batch learner {number:03d}" for number in range(120)]
UNICODE_USERS = ["Émilie Dubois", "李小龙", "zoë_ünïcode"]


class RecordedSleep:
    """Stands in for ``time.sleep`` so retry tests assert the waits instead of sitting through them."""

    def __init__(self, on_sleep=None):
        self.waits = []
        self.on_sleep = on_sleep

    def __call__(self, seconds):
        self.waits.append(seconds)
        if self.on_sleep:
            self.on_sleep()


def make_client(api_url, **options):
    return MediaWikiClient(api_url, AGENT, **options)


@pytest.fixture(scope="module")
def seeded(local_wiki):
    """Users with known edits: a batch of 120, Unicode names, and one prolific editor."""
    local_wiki.create_users([*BATCH_USERS, *UNICODE_USERS, "Prolific editor", "Citing editor"], PASSWORD)
    batch_revids = local_wiki.make_edits(
        Edit(user=name, title=f"User:{name}/sandbox", text=f"Practice by {name}.") for name in BATCH_USERS
    )
    unicode_revids = local_wiki.make_edits(
        Edit(user=name, title="Sandbox page with spaces", text=f"Line by {name}.\n", summary="unicode")
        for name in UNICODE_USERS
    )
    prolific_revids = local_wiki.make_edits(
        Edit(user="Prolific editor", title=f"Draft {number}", text=f"Draft number {number}.") for number in range(7)
    )
    return {"batch": batch_revids, "unicode": unicode_revids, "prolific": prolific_revids}


def test_contributions_of_many_users_take_one_request_per_fifty_names(local_wiki, seeded):
    client = make_client(local_wiki.api_url)

    contributions = list(client.user_contributions([*BATCH_USERS, "Nobody with this name"]))

    assert client.request_count == math.ceil(121 / 50)
    assert sorted(c.revid for c in contributions) == sorted(seeded["batch"])
    assert {c.user for c in contributions} == set(BATCH_USERS)
    sandbox = next(c for c in contributions if c.user == "Batch learner 007")
    assert sandbox.title == "User:Batch learner 007/sandbox"
    assert sandbox.new_page and sandbox.size_change == len("Practice by Batch learner 007.")


def test_continuation_is_followed_until_the_answer_is_complete(local_wiki, seeded):
    client = make_client(local_wiki.api_url)

    contributions = list(client.user_contributions(["Prolific editor"], limit=2))

    assert [c.revid for c in contributions] == sorted(seeded["prolific"], reverse=True)
    assert client.request_count == math.ceil(7 / 2)


def test_contributions_in_a_time_window_come_oldest_first(local_wiki, seeded):
    client = make_client(local_wiki.api_url)
    now = datetime.now(UTC)

    recent = list(client.user_contributions(["Prolific editor"], since=now - timedelta(hours=1), until=now))
    future = list(client.user_contributions(["Prolific editor"], since=now + timedelta(hours=1)))

    assert [c.revid for c in recent] == sorted(seeded["prolific"])
    assert future == []


def test_unicode_and_underscore_names_find_the_same_accounts(local_wiki, seeded):
    client = make_client(local_wiki.api_url)

    contributions = list(client.user_contributions(["émilie_Dubois", "李小龙", "Zoë ünïcode"]))

    assert sorted(c.revid for c in contributions) == sorted(seeded["unicode"])
    assert {c.title for c in contributions} == {"Sandbox page with spaces"}
    assert {c.user for c in contributions} == {"Émilie Dubois", "李小龙", "Zoë ünïcode"}


def test_revisions_come_fifty_ids_per_request_with_their_wikitext(local_wiki, seeded):
    client = make_client(local_wiki.api_url)
    wanted = seeded["batch"][:60]

    revisions = client.revisions([*wanted, 99_999_999])

    assert client.request_count == 2
    assert sorted(revisions) == sorted(wanted)
    first = revisions[wanted[0]]
    assert first.content == "Practice by Batch learner 000."
    assert first.user == "Batch learner 000" and first.parentid == 0


def test_user_facts_include_central_ids_and_mark_unknown_names(local_wiki, seeded):
    client = make_client(local_wiki.api_url)

    users = client.users(["batch_learner 001", "Émilie Dubois", "Never registered here"])

    known = users["Batch learner 001"]
    assert known.exists and known.edit_count == 1 and known.central_id == known.userid
    assert known.registration <= datetime.now(UTC)
    assert users["Émilie Dubois"].exists
    assert users["Never registered here"].exists is False
    assert client.request_count == 1


def test_diff_and_rendered_html_come_from_the_wiki(local_wiki, seeded):
    first, second = local_wiki.make_edits(
        [
            Edit(user="Citing editor", title="Cited article", text="A fact.\n"),
            Edit(user="Citing editor", title="Cited article", text="A fact.<ref>A source.</ref>\n<references/>\n"),
        ]
    )
    client = make_client(local_wiki.api_url)

    diff = client.diff_html(second)
    creation_diff = client.diff_html(first)
    page = client.parse("Cited_article")

    assert "diff-addedline" in diff and "A source." in diff
    assert "A fact." in creation_diff
    assert page.revid == second and page.title == "Cited article"
    assert 'class="reference"' in page.html


def test_bot_login_with_apihighlimits_takes_five_hundred_names_per_request(local_wiki, seeded, caplog):
    local_wiki.create_users(["Checker bot"], PASSWORD, groups=["bot"])
    login_name, bot_password = local_wiki.create_bot_password("Checker bot", "checker", ["basic", "highvolume"])
    client = make_client(local_wiki.api_url)

    with caplog.at_level(logging.DEBUG):
        client.login(login_name, bot_password)
    contributions = list(client.user_contributions(BATCH_USERS))

    assert client.names_per_request == 500
    assert len(contributions) == len(BATCH_USERS)
    assert client.request_count == 3 + 1  # token, login, rights; then one batch for 120 names
    assert bot_password not in caplog.text


def test_a_wrong_password_is_refused_without_repeating_it(local_wiki, seeded):
    client = make_client(local_wiki.api_url)

    with pytest.raises(errors.LoginFailed) as refused:
        client.login("Prolific editor@nothing", "wrongpasswordwrongpassword000000")

    assert "wrongpassword" not in str(refused.value)
    assert refused.value.code == "Failed"


def test_background_calls_wait_out_a_lagged_wiki(local_wiki, seeded):
    local_wiki.set_lag(30)
    sleep = RecordedSleep(on_sleep=lambda: local_wiki.set_lag(0))
    client = make_client(local_wiki.api_url, background=True, sleep=sleep)

    try:
        users = client.users(["Prolific editor"])
    finally:
        local_wiki.set_lag(0)

    assert users["Prolific editor"].exists
    assert client.request_count == 2
    assert len(sleep.waits) == 1 and sleep.waits[0] >= 5  # MediaWiki's Retry-After for maxlag


def test_a_wiki_lagged_for_too_long_raises_busy_with_its_retry_after(local_wiki, seeded):
    local_wiki.set_lag(30)
    sleep = RecordedSleep()
    client = make_client(local_wiki.api_url, background=True, sleep=sleep, retry=RetryPolicy(attempts=3))

    try:
        with pytest.raises(errors.WikiBusy) as busy:
            client.users(["Prolific editor"])
        interactive = make_client(local_wiki.api_url).users(["Prolific editor"])
    finally:
        local_wiki.set_lag(0)

    assert busy.value.retry_after >= 5
    assert client.request_count == 3 and len(sleep.waits) == 2
    assert interactive["Prolific editor"].exists  # a person waiting sends no maxlag


def test_a_wiki_that_is_down_raises_unavailable_after_backing_off():
    sleep = RecordedSleep()
    client = make_client(f"http://127.0.0.1:{free_port()}/api.php", sleep=sleep)

    with pytest.raises(errors.WikiUnavailable):
        client.users(["Anyone"])

    assert client.request_count == RetryPolicy().attempts
    assert sleep.waits == sorted(sleep.waits) and sleep.waits[0] >= 1


def test_api_errors_carry_the_wiki_error_code(local_wiki, seeded):
    client = make_client(local_wiki.api_url)

    with pytest.raises(errors.ApiError) as failed:
        client.call({"action": "query", "list": "usercontribs"})

    assert failed.value.code == "missingparam"
    assert client.request_count == 1


def test_http_429_is_waited_out_as_retry_after_says(fault_proxy, seeded):
    fault_proxy.inject(Fault.RATE_LIMITED, retry_after=3)
    sleep = RecordedSleep()
    client = make_client(fault_proxy.api_url, sleep=sleep)

    users = client.users(["Prolific editor"])

    assert users["Prolific editor"].exists
    assert fault_proxy.request_count == client.request_count == 2
    assert len(sleep.waits) == 1 and sleep.waits[0] >= 3


def test_server_errors_are_retried_with_growing_waits(fault_proxy, seeded):
    fault_proxy.inject(Fault.UNAVAILABLE, times=2)
    fault_proxy.inject(Fault.SERVER_ERROR)
    sleep = RecordedSleep()
    client = make_client(fault_proxy.api_url, sleep=sleep)

    contributions = list(client.user_contributions(["Prolific editor"]))

    assert len(contributions) == 7
    assert fault_proxy.request_count == 4
    assert sleep.waits[0] >= 1 and sleep.waits[1] >= 2 and sleep.waits[2] >= 4


def test_an_answer_that_is_not_json_fails_at_once_with_a_hint(fault_proxy, seeded):
    fault_proxy.inject(Fault.GARBAGE)
    client = make_client(fault_proxy.api_url, sleep=RecordedSleep())

    with pytest.raises(errors.WikiResponseError, match=r"api\.php URL"):
        client.users(["Prolific editor"])

    assert fault_proxy.request_count == 1


def test_a_maxlag_answer_in_the_middle_of_a_continuation_resumes_where_it_stopped(fault_proxy, seeded):
    client = make_client(fault_proxy.api_url, sleep=RecordedSleep(), background=True)
    answers = client.query_all({"action": "query", "list": "usercontribs", "ucuser": "Prolific editor", "uclimit": 3})

    first = next(answers)
    fault_proxy.inject(Fault.MAXLAG, retry_after=5)
    rest = list(answers)

    revids = [item["revid"] for answer in [first, *rest] for item in answer["query"]["usercontribs"]]
    assert revids == sorted(seeded["prolific"], reverse=True)
    assert fault_proxy.request_count == 1 + 1 + 2  # first page, the lagged try, then two pages


def test_a_logged_in_client_notices_when_its_session_is_gone(local_wiki, seeded):
    local_wiki.create_users(["Session keeper"], PASSWORD)
    login_name, bot_password = local_wiki.create_bot_password("Session keeper", "keeper", ["basic"])
    client = make_client(local_wiki.api_url)
    client.login(login_name, bot_password)

    client.session.cookies.clear()
    with pytest.raises(errors.ApiError) as failed:
        client.users(["Session keeper"])

    assert failed.value.code == "assertuserfailed"  # not silently served as an anonymous reader
