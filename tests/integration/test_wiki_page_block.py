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
from wikiskills.integrations.wikiskills_core.models import WikiPageRendering
from wikiskills.xblocks.wiki_page import WikiPageBlock

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

HELP_PAGE = "Help:Referencing for beginners"
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
