"""The throw-away MediaWiki and the fault proxy behave as the client's tests rely on."""

import pytest
import requests

from tests.support.fault_proxy import Fault
from wikiskills.integrations.mediawiki.local_wiki import Edit, LocalWikiError

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery"


def api(url, session=None, method="GET", **params):
    """One api.php call in JSON format 2; returns the response (not raising on errors)."""
    params = {"format": "json", "formatversion": "2", **params}
    http = session or requests
    if method == "POST":
        return http.post(url, data=params, timeout=10)
    return http.get(url, params=params, timeout=10)


def revision(wiki, revid, rvprop="ids|user|userid|comment|tags|flags|content"):
    """One revision as an anonymous reader sees it through ``prop=revisions``."""
    answer = api(wiki.api_url, action="query", prop="revisions", revids=revid, rvprop=rvprop, rvslots="main")
    return answer.json()["query"]["pages"][0]["revisions"][0]


def test_wiki_runs_mediawiki_139_with_cite_parserfunctions_and_renameuser(local_wiki):
    info = api(local_wiki.api_url, action="query", meta="siteinfo", siprop="general|extensions").json()

    assert info["query"]["general"]["generator"].startswith("MediaWiki 1.39")
    extensions = {extension["name"] for extension in info["query"]["extensions"]}
    assert {"Cite", "ParserFunctions", "Renameuser"} <= extensions


def test_groups_have_wikipedia_like_rights(local_wiki):
    groups = api(local_wiki.api_url, action="query", meta="siteinfo", siprop="usergroups").json()

    rights = {group["name"]: set(group["rights"]) for group in groups["query"]["usergroups"]}
    assert "edit" in rights["*"]
    assert {"deleterevision", "deletedhistory", "rollback"} <= rights["sysop"]
    assert {"move", "rollback"} <= rights["user"]
    assert "renameuser" in rights["bureaucrat"]


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


def test_bulk_edits_get_autosummaries_and_content_tags(local_wiki):
    (author,) = local_wiki.create_users(["Bulk tagger"], PASSWORD)

    created, redirect = local_wiki.make_edits(
        [Edit(author, "Bulk tagged page", "Bulk text"), Edit(author, "Bulk tagged redirect", "#REDIRECT [[Bulk]]")]
    )

    assert revision(local_wiki, created)["comment"] == 'Created page with "Bulk text"'
    assert revision(local_wiki, redirect)["tags"] == ["mw-new-redirect"]


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


def test_api_page_creation_gets_the_created_page_autosummary(local_wiki):
    (author,) = local_wiki.create_users(["Api creator"], PASSWORD)

    revid = local_wiki.save_edit(author, "Api created page", "Fresh text")

    saved = revision(local_wiki, revid)
    assert (saved["user"], saved["comment"]) == (author, 'Created page with "Fresh text"')
    assert saved["slots"]["main"]["content"] == "Fresh text"


def test_api_edits_keep_summary_and_minor_flag_and_a_new_section_gets_an_autocomment(local_wiki):
    (author,) = local_wiki.create_users(["Api sectioner"], PASSWORD)
    local_wiki.save_edit(author, "Talk:Api sections", "Intro")

    tweak = local_wiki.save_edit(author, "Talk:Api sections", "Intro.", summary="typo", minor=True)
    section = local_wiki.save_edit(author, "Talk:Api sections", "A question?", section="new", section_title="Sources")

    assert (revision(local_wiki, tweak)["comment"], revision(local_wiki, tweak)["minor"]) == ("typo", True)
    assert revision(local_wiki, section)["comment"] == "/* Sources */ new section"


def test_blanking_is_tagged_mw_blank(local_wiki):
    (author,) = local_wiki.create_users(["Api blanker"], PASSWORD)
    local_wiki.save_edit(author, "Api blanked page", "Soon gone")

    revid = local_wiki.save_edit(author, "Api blanked page", "")

    assert (revision(local_wiki, revid)["comment"], revision(local_wiki, revid)["tags"]) == (
        "Blanked the page",
        ["mw-blank"],
    )


def test_redirect_creation_is_tagged_mw_new_redirect(local_wiki):
    (author,) = local_wiki.create_users(["Api redirector"], PASSWORD)

    revid = local_wiki.save_edit(author, "Api redirect", "#REDIRECT [[Api target]]")

    assert revision(local_wiki, revid)["tags"] == ["mw-new-redirect"]


def test_a_null_edit_is_an_error(local_wiki):
    (author,) = local_wiki.create_users(["Api null editor"], PASSWORD)
    local_wiki.save_edit(author, "Api null page", "Same")

    with pytest.raises(LocalWikiError, match="changed nothing"):
        local_wiki.save_edit(author, "Api null page", "Same")


def test_undo_is_tagged_mw_undo(local_wiki):
    author, vandal = local_wiki.create_users(["Undo author", "Undo vandal"], PASSWORD)
    local_wiki.save_edit(author, "Undone page", "Good")
    bad = local_wiki.save_edit(vandal, "Undone page", "Bad")

    revid = local_wiki.undo(author, "Undone page", bad)

    undone = revision(local_wiki, revid)
    assert (undone["tags"], undone["slots"]["main"]["content"]) == (["mw-undo"], "Good")


def test_rollback_is_tagged_mw_rollback_and_the_job_tags_the_reverted_edit_mw_reverted(local_wiki):
    author, vandal = local_wiki.create_users(["Rollback author", "Rollback vandal"], PASSWORD)
    local_wiki.save_edit(author, "Rolled back page", "Good")
    bad = local_wiki.save_edit(vandal, "Rolled back page", "Bad")

    revid = local_wiki.rollback(author, "Rolled back page", vandal)
    before_jobs = revision(local_wiki, bad)["tags"]
    local_wiki.run_jobs()

    assert revision(local_wiki, revid)["tags"] == ["mw-rollback"]
    assert before_jobs == []  # the job queue lags, as on a busy wiki
    assert revision(local_wiki, bad)["tags"] == ["mw-reverted"]


def test_saving_an_old_text_again_is_tagged_mw_manual_revert(local_wiki):
    author, other = local_wiki.create_users(["Manual reverter", "Manual other"], PASSWORD)
    good = local_wiki.save_edit(author, "Manually reverted page", "Good")
    local_wiki.save_edit(other, "Manually reverted page", "Changed")

    revid = local_wiki.manual_revert(author, "Manually reverted page", good)

    assert revision(local_wiki, revid)["tags"] == ["mw-manual-revert"]


def test_a_logged_out_edit_is_an_ip_edit(local_wiki):
    revid = local_wiki.save_anonymous_edit("Ip edited page", "From an IP", summary="anon")

    saved = revision(local_wiki, revid)
    assert (saved["user"], saved["userid"], saved["anon"], saved["comment"]) == ("127.0.0.1", 0, True, "anon")


def test_a_lost_or_failed_login_never_becomes_an_ip_edit(local_wiki):
    (user,) = local_wiki.create_users(["Login loser"], PASSWORD)
    login_name, password = local_wiki.create_bot_password(user, "loser", ["basic", "editpage"])
    session = requests.Session()
    login(local_wiki.api_url, login_name, password, session)
    token = api(local_wiki.api_url, session, action="query", meta="tokens").json()["query"]["tokens"]["csrftoken"]

    session.cookies.clear()
    edit = {"action": "edit", "title": "Never saved", "text": "x", "token": token, "assert": "user"}
    lost = api(local_wiki.api_url, session, "POST", **edit)
    local_wiki.passwords[user] = "not the password"

    assert lost.json()["error"]["code"] == "assertuserfailed"
    with pytest.raises(LocalWikiError, match="could not log in"):
        local_wiki.save_edit(user, "Never saved", "x")
    page = api(local_wiki.api_url, action="query", titles="Never saved").json()["query"]["pages"][0]
    assert page["missing"] is True


def test_a_moved_page_leaves_a_redirect_unless_a_sysop_says_not_to(local_wiki):
    (mover,) = local_wiki.create_users(["Page mover"], PASSWORD)
    local_wiki.save_edit(mover, "Moved from", "Content")
    local_wiki.save_edit(mover, "Moved quietly", "Content")

    local_wiki.move_page(mover, "Moved from", "Moved to", reason="better title")
    with pytest.raises(LocalWikiError, match="suppressredirect"):
        local_wiki.move_page(mover, "Moved quietly", "Moved quietly to", leave_redirect=False)
    local_wiki.move_page(local_wiki.admin_name, "Moved quietly", "Moved quietly to", leave_redirect=False)

    pages = api(local_wiki.api_url, action="query", titles="Moved from|Moved to|Moved quietly", redirects=1).json()
    assert pages["query"]["redirects"] == [{"from": "Moved from", "to": "Moved to"}]
    assert {page["title"]: "missing" in page for page in pages["query"]["pages"]} == {
        "Moved to": False,
        "Moved quietly": True,
    }


def test_hidden_revision_text_summary_and_user_come_back_hidden(local_wiki):
    (author,) = local_wiki.create_users(["Hidden author"], PASSWORD)
    revid = local_wiki.save_edit(author, "Hidden revision page", "Secret", summary="secret summary")
    with pytest.raises(LocalWikiError, match="revdelete-hide-current"):
        local_wiki.hide_revision_text(revid)
    local_wiki.save_edit(author, "Hidden revision page", "Clean")

    local_wiki.hide_revision_text(revid, reason="copyright")
    local_wiki.hide_revision_summary(revid)
    local_wiki.hide_revision_user(revid)

    hidden = revision(local_wiki, revid)
    assert hidden["slots"]["main"] == {"texthidden": True}
    assert (hidden["commenthidden"], hidden["userhidden"]) == (True, True)
    assert "comment" not in hidden
    assert "user" not in hidden


def test_a_renamed_user_keeps_id_edits_and_password_and_the_old_name_is_free(local_wiki):
    (old,) = local_wiki.create_users(["Before rename"], PASSWORD)
    old_id = local_wiki.user_id(old)
    first = local_wiki.save_edit(old, "Renamed user page", "Before")

    new = local_wiki.rename_user(old, "after_rename")
    second = local_wiki.save_edit(new, "Renamed user page", "After")
    (again,) = local_wiki.create_users([old], "another password")

    contribs = api(local_wiki.api_url, action="query", list="usercontribs", ucuser=new, ucdir="newer").json()
    assert new == "After rename"
    assert [(c["revid"], c["userid"], c["user"]) for c in contribs["query"]["usercontribs"]] == [
        (first, old_id, new),
        (second, old_id, new),
    ]
    assert again == old
    assert local_wiki.user_id(again) not in (0, old_id)
    assert local_wiki.passwords[new] == PASSWORD
    assert local_wiki.save_edit(again, "Renamed user page", "By the new holder of the name")


def test_user_id_of_a_missing_user_is_an_error(local_wiki):
    with pytest.raises(LocalWikiError, match="no registered user"):
        local_wiki.user_id("Nobody by this name")


def test_arabic_wiki_has_arabic_namespaces_and_autosummaries(arabic_wiki):
    (author,) = arabic_wiki.create_users(["محرر"], PASSWORD)

    revid = arabic_wiki.save_edit(author, "صفحة تجربة", "نص جديد")

    info = api(arabic_wiki.api_url, action="query", meta="siteinfo", siprop="general|namespaces").json()["query"]
    namespaces = {int(number): namespace["name"] for number, namespace in info["namespaces"].items()}
    assert info["general"]["lang"] == "ar"
    assert (namespaces[2], namespaces[6], namespaces[14]) == ("مستخدم", "ملف", "تصنيف")
    comment = revision(arabic_wiki, revid)["comment"]
    assert comment.startswith("أنشأ الصفحة")
    assert "نص جديد" in comment
