"""The wiki page block in the workbench, fetching from a real local MediaWiki."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import init_scenarios
from xblock.fields import ScopeIds
from xblock.runtime import DictKeyValueStore, KvsFieldData

from wikiskills.integrations.mediawiki.local_wiki import Edit
from wikiskills.integrations.wikiskills_core import pages
from wikiskills.integrations.wikiskills_core.models import WikiPageRendering
from wikiskills.xblocks.wiki_page import WikiPageBlock

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

HELP_PAGE = "Help:Referencing for beginners"
HEADINGS_PAGE = "Help:Page with headings"
NO_SUCH_PAGE = "Help:No such page yet"
SCENARIO_URL = "/scenario/wikiskills_wiki_page.0/?student=learner_lucia"


@pytest.fixture(autouse=True)
def fresh_state():
    """Each test starts with no cached page and the scenarios loaded into its own database transaction."""
    cache.clear()
    init_scenarios()


@pytest.fixture(scope="module")
def help_page(local_wiki):
    (revid,) = local_wiki.make_edits(
        [Edit(user=local_wiki.admin_name, title=HELP_PAGE, text="Cite your sources.<ref>A book.</ref>")]
    )
    return revid


@pytest.fixture(scope="module")
def headings_page(local_wiki):
    # Three headings: a fourth would add a table of contents, with a heading of its own.
    text = "= Top =\nIntro.\n== Sources ==\nA source.\n===== Deep =====\nDeeper.\n"
    local_wiki.make_edits([Edit(user=local_wiki.admin_name, title=HEADINGS_PAGE, text=text)])


def make_block(**fields):
    runtime = WorkbenchRuntime("learner_lucia")
    field_data = KvsFieldData(DictKeyValueStore())
    block = WikiPageBlock(runtime, field_data, ScopeIds("learner_lucia", "wikiskills_wiki_page", "def", "usage"))
    for name, value in fields.items():
        setattr(block, name, value)
    return block


def test_a_learner_sees_the_page_fetched_from_the_wiki_with_a_link_to_it(wiki, help_page):
    page = Client().get(SCENARIO_URL).content.decode()

    assert "Cite your sources." in page
    assert 'class="reference"' in page
    assert wiki.page_url(HELP_PAGE).replace("&", "&amp;") in page
    assert WikiPageRendering.objects.get(title=HELP_PAGE).revision_id == help_page


def test_the_page_state_is_json_for_the_mobile_apps_and_the_learning_mfe(wiki, help_page):
    state = make_block(wiki="demo", page_title=HELP_PAGE).student_view_data()

    assert state["status"] == "ready" and state["revision_id"] == help_page
    assert state["page_url"] == wiki.page_url(HELP_PAGE)


def test_a_block_not_set_up_says_so_instead_of_failing(wiki):
    page = Client().get("/scenario/wikiskills_wiki_page.1/").content.decode()

    assert "This page has not been set up yet." in page


def test_when_the_wiki_is_down_the_kept_page_is_still_shown(settings, wiki, help_page):
    stale = timezone.now() - timedelta(days=2)
    WikiPageRendering.objects.create(
        wiki="demo", title=HELP_PAGE, revision_id=1, html="<p>Kept copy</p>", fetched_at=stale
    )
    settings.WIKISKILLS_WIKIS = {"demo": {"api_url": "http://127.0.0.1:9/api.php"}}
    settings.WIKISKILLS_HTTP_ATTEMPTS = 1

    state = make_block(wiki="demo", page_title=HELP_PAGE).student_view_data()

    assert state["status"] == "ready" and state["html"] == "<p>Kept copy</p>"


def test_a_never_fetched_page_on_a_down_wiki_is_loading_not_an_error(settings, wiki):
    settings.WIKISKILLS_WIKIS = {"demo": {"api_url": "http://127.0.0.1:9/api.php", "name": "Down wiki"}}
    settings.WIKISKILLS_HTTP_ATTEMPTS = 1

    state = make_block(wiki="demo", page_title="Nowhere").student_view_data()

    assert state["status"] == "loading"
    assert state["message"] == "Loading the page from Down wiki…"


def test_the_state_handler_refuses_posts_without_a_csrf_token(wiki, help_page):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(SCENARIO_URL).content.decode()
    usage_id = re.search(r"data-usage='([^']+)'", page).group(1)
    handler_url = f"/handler/{usage_id}/current_state/?student=learner_lucia"

    refused = browser.post(handler_url, data="{}", content_type="application/json")
    token = browser.cookies["csrftoken"].value
    answered = browser.post(handler_url, data="{}", content_type="application/json", headers={"X-CSRFToken": token})

    assert refused.status_code == 403
    assert answered.status_code == 200 and answered.json()["status"] == "ready"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"wiki": "nowiki", "page_title": "Help:Contents"}, "Choose one of the allowed wikis: demo."),
        ({"wiki": "demo", "page_title": "  "}, "Enter a page title."),
        ({"wiki": "demo", "page_title": "Help:{Contents}"}, "A page title cannot contain any of # < > [ ] | { }."),
    ],
)
def test_studio_explains_what_is_wrong_with_the_settings(wiki, fields, message):
    validation = make_block(**fields).validate()

    assert [item.text for item in validation.messages] == [message]


def test_studio_offers_every_editable_field(wiki):
    editor = Client().get("/scenario/wikiskills_wiki_page.0/studio_view/").content.decode()

    for label in ("Display name", "Wiki", "Page title"):
        assert f">{label}<" in editor


def test_studio_offers_the_allowed_wikis_as_a_drop_down(settings, wiki):
    settings.WIKISKILLS_WIKIS = {**settings.WIKISKILLS_WIKIS, "meta": {"api_url": "https://meta.example/w/api.php"}}

    editor = Client().get("/scenario/wikiskills_wiki_page.0/studio_view/").content.decode()

    wiki_select = re.search(r'<select[^>]*id="xb-field-edit-wiki"[^>]*>(.*?)</select>', editor, re.DOTALL)
    options = re.findall(r'<option value="([^"]*)"[^>]*>\s*([^<]*?)\s*</option>', wiki_select.group(1))
    assert options == [("demo", "Local test wiki"), ("meta", "meta")]


def test_a_page_the_wiki_does_not_have_says_so_instead_of_loading(wiki):
    fragment = make_block(wiki="demo", page_title=NO_SUCH_PAGE).student_view()

    assert "This page is not available." in fragment.body_html()
    assert "Loading the page" not in fragment.body_html()
    assert fragment.json_init_args["status"] == "missing"  # the script polls only while loading
    assert WikiPageRendering.objects.get(title=NO_SUCH_PAGE).missing


def test_a_missing_page_is_remembered_and_asked_for_again_only_when_stale(wiki, local_wiki):
    title = "Help:Written after the course"
    refreshes = []
    make_block(wiki="demo", page_title=title).student_view_data()
    cache.clear()  # no refresh lock either: only the kept answer stops a second fetch

    pages.rendering_for_view(wiki, title, lambda *args: refreshes.append(args))
    local_wiki.make_edits([Edit(user=local_wiki.admin_name, title=title, text="Now it exists.")])
    WikiPageRendering.objects.filter(title=title).update(fetched_at=timezone.now() - timedelta(days=2))
    later = make_block(wiki="demo", page_title=title).student_view_data()

    assert refreshes == []
    assert later["status"] == "ready" and "Now it exists." in later["html"]


def test_the_pages_headings_sit_below_the_blocks_own_h3(wiki, headings_page):
    page = make_block(wiki="demo", page_title=HEADINGS_PAGE).student_view().body_html()
    content = WikiPageRendering.objects.get(title=HEADINGS_PAGE).html

    assert re.findall(r"<(h[1-6])\b", content) == ["h4", "h5", "h6"]
    assert re.findall(r"<(h[1-6])\b", page) == ["h3", "h4", "h5", "h6"]


def test_studio_says_when_the_wiki_has_no_such_page(wiki):
    validation = make_block(wiki="demo", page_title=NO_SUCH_PAGE).validate()

    assert [(item.type, item.text) for item in validation.messages] == [
        (
            "error",
            f"Local test wiki has no page titled {NO_SUCH_PAGE}. Check the spelling, or create the page first.",
        )
    ]


def test_studio_saves_while_the_wiki_is_down_and_then_warns(settings, wiki):
    settings.WIKISKILLS_WIKIS = {"demo": {"api_url": "http://127.0.0.1:9/api.php", "name": "Down wiki"}}
    settings.WIKISKILLS_HTTP_ATTEMPTS = 1
    browser = Client()
    page = browser.get(SCENARIO_URL).content.decode()
    usage_id = re.search(r"data-usage='([^']+)'", page).group(1)

    saved = browser.post(
        f"/handler/{usage_id}/submit_studio_edits/?student=learner_lucia",
        data={"values": {"page_title": "Help:Another page"}, "defaults": []},
        content_type="application/json",
    )
    block = make_block(wiki="demo", page_title="Help:Another page")

    assert saved.status_code == 200 and saved.json() == {"result": "success"}
    assert [(item.type, item.text) for item in block.validate().messages] == [
        ("warning", "Down wiki could not be reached to check that the page exists.")
    ]
