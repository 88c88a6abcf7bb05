"""The throw-away MediaWiki and the fault proxy behave as the client's tests rely on."""

import pytest
import requests

from tests.support.fault_proxy import Fault
from wikiskills.integrations.mediawiki.local_wiki import Edit

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery"


def api(url, session=None, method="GET", **params):
    """One api.php call in JSON format 2; returns the response (not raising on errors)."""
    params = {"format": "json", "formatversion": "2", **params}
    http = session or requests
    if method == "POST":
        return http.post(url, data=params, timeout=10)
    return http.get(url, params=params, timeout=10)


def test_wiki_runs_mediawiki_139_with_cite_and_parserfunctions(local_wiki):
    info = api(local_wiki.api_url, action="query", meta="siteinfo", siprop="general|extensions").json()

    assert info["query"]["general"]["generator"].startswith("MediaWiki 1.39")
    extensions = {extension["name"] for extension in info["query"]["extensions"]}
    assert {"Cite", "ParserFunctions"} <= extensions


def test_created_users_get_canonical_names_groups_and_a_working_password(local_wiki):
    names = local_wiki.create_users(["under_score", "space name", "émile", "Ünïcode 名前"], PASSWORD, ["bot"])

    assert names == ["Under score", "Space name", "Émile", "Ünïcode 名前"]
    users = api(local_wiki.api_url, action="query", list="users", ususers="|".join(names), usprop="groups")
    assert [user["name"] for user in users.json()["query"]["users"]] == names
    assert all("bot" in user["groups"] for user in users.json()["query"]["users"])
    assert login(local_wiki.api_url, "Ünïcode 名前", PASSWORD) == "PASS"


def test_user_who_is_missing_cannot_be_added_to_a_group(local_wiki):
    with pytest.raises(RuntimeError, match="No such user"):
        local_wiki.add_to_groups(["Nobody here"], ["bot"])


def test_edits_return_increasing_revids_seen_in_usercontribs(local_wiki):
    author, other = local_wiki.create_users(["Contrib author", "Contrib other"], PASSWORD)
    edits = [
        Edit(author, "Contrib page one", "First [[link]]", "create", minor=True),
        Edit(other, "Contrib page one", "Second", "tweak", minor=True),
        Edit(author, "Contrib page two", "Third", "another"),
    ]

    revids = local_wiki.make_edits(edits)

    assert revids == sorted(revids)
    assert len(set(revids)) == 3
    contribs = api(local_wiki.api_url, action="query", list="usercontribs", ucuser=author, ucdir="newer").json()
    assert [(c["revid"], c["title"], c["comment"]) for c in contribs["query"]["usercontribs"]] == [
        (revids[0], "Contrib page one", "create"),
        (revids[2], "Contrib page two", "another"),
    ]
    assert [c["minor"] for c in contribs["query"]["usercontribs"]] == [False, False]
    minor = api(local_wiki.api_url, action="query", list="usercontribs", ucuser=other).json()
    assert minor["query"]["usercontribs"][0]["minor"] is True


def test_set_lag_makes_maxlag_requests_fail_until_it_is_cleared(local_wiki):
    local_wiki.set_lag(7)
    try:
        lagged = api(local_wiki.api_url, action="query", meta="siteinfo", maxlag=5)
    finally:
        local_wiki.set_lag(0)
    cleared = api(local_wiki.api_url, action="query", meta="siteinfo", maxlag=5)

    assert lagged.json()["error"]["code"] == "maxlag"
    assert int(lagged.headers["Retry-After"]) >= 5
    assert "error" not in cleared.json()


def test_bot_password_logs_in_with_the_bot_groups_high_limits(local_wiki):
    (bot,) = local_wiki.create_users(["Seeding bot"], PASSWORD)
    local_wiki.add_to_groups([bot], ["bot"])
    login_name, password = local_wiki.create_bot_password(bot, "tests", ["basic", "highvolume"])
    session = requests.Session()

    assert login_name == "Seeding bot@tests"
    assert login(local_wiki.api_url, login_name, password, session) == "Success"
    rights = api(local_wiki.api_url, session, action="query", meta="userinfo", uiprop="rights").json()
    assert {"apihighlimits", "noratelimit"} <= set(rights["query"]["userinfo"]["rights"])


def test_proxy_forwards_and_counts_requests(fault_proxy):
    answer = api(fault_proxy.api_url, action="query", meta="siteinfo")

    assert answer.json()["query"]["general"]["sitename"]
    assert fault_proxy.request_count == 1


def test_proxy_injects_429_then_garbage_then_forwards(fault_proxy):
    fault_proxy.inject(Fault.RATE_LIMITED, retry_after=3)
    fault_proxy.inject(Fault.GARBAGE)

    limited, garbage, fine = (api(fault_proxy.api_url, action="query", meta="siteinfo") for _ in range(3))

    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "3")
    assert garbage.status_code == 200
    with pytest.raises(ValueError):
        garbage.json()
    assert "query" in fine.json()
    assert fault_proxy.request_count == 3


def test_proxy_injects_server_errors_and_maxlag(fault_proxy):
    fault_proxy.inject(Fault.SERVER_ERROR)
    fault_proxy.inject(Fault.UNAVAILABLE, retry_after=2)
    fault_proxy.inject(Fault.MAXLAG, retry_after=6)

    answers = [api(fault_proxy.api_url, method="POST", action="query", meta="siteinfo") for _ in range(3)]

    assert [answer.status_code for answer in answers] == [500, 503, 200]
    assert answers[1].headers["Retry-After"] == "2"
    assert answers[2].json()["error"]["code"] == "maxlag"
    assert answers[2].headers["Retry-After"] == "6"


def test_proxy_keeps_login_cookies_working(local_wiki, fault_proxy):
    (user,) = local_wiki.create_users(["Proxied user"], PASSWORD)
    login_name, password = local_wiki.create_bot_password(user, "proxied", ["basic"])
    session = requests.Session()

    assert login(fault_proxy.api_url, login_name, password, session) == "Success"
    whoami = api(fault_proxy.api_url, session, action="query", meta="userinfo").json()
    assert whoami["query"]["userinfo"]["name"] == user


def login(api_url, name, password, session=None):
    """Log in with a bot password (action=login) or, for a main account, clientlogin; returns the status."""
    session = session or requests.Session()
    token = api(api_url, session, action="query", meta="tokens", type="login").json()
    token = token["query"]["tokens"]["logintoken"]
    if "@" in name:
        answer = api(api_url, session, "POST", action="login", lgname=name, lgpassword=password, lgtoken=token)
        return answer.json()["login"]["result"]
    answer = api(
        api_url,
        session,
        "POST",
        action="clientlogin",
        username=name,
        password=password,
        logintoken=token,
        loginreturnurl="http://127.0.0.1/",
    )
    return answer.json()["clientlogin"]["status"]
