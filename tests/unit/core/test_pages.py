"""Kept wiki pages: refreshed when stale, asked for at most once a minute however many learners look."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from wikiskills.integrations.wikiskills_core import pages
from wikiskills.integrations.wikiskills_core.models import WikiPageRendering
from wikiskills.integrations.wikiskills_core.wikis import Wiki

pytestmark = pytest.mark.django_db

WIKI = Wiki(key="demo", api_url="https://wiki.example.org/w/api.php", name="Example", family="example")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def keep(title, age):
    return WikiPageRendering.objects.create(
        wiki="demo", title=title, revision_id=7, html="<p>kept</p>", fetched_at=timezone.now() - age
    )


def test_a_fresh_page_is_shown_without_asking_the_wiki(settings):
    settings.WIKISKILLS_PAGE_CACHE_SECONDS = 3600
    kept = keep("Help:Contents", timedelta(minutes=5))
    asked = []

    shown = pages.rendering_for_view(WIKI, "help:contents", lambda *args: asked.append(args))

    assert shown == kept and asked == []


def test_a_stale_page_is_shown_and_refreshed_once_for_many_viewers(settings):
    settings.WIKISKILLS_PAGE_CACHE_SECONDS = 60
    kept = keep("Help:Contents", timedelta(hours=2))
    asked = []

    shown = [pages.rendering_for_view(WIKI, "Help:Contents", lambda *args: asked.append(args)) for _ in range(50)]

    assert shown == [kept] * 50
    assert asked == [("demo", "Help:Contents")]


def test_a_page_never_fetched_is_asked_for_with_its_normalized_title():
    asked = []

    shown = pages.rendering_for_view(WIKI, "help:new_page", lambda *args: asked.append(args))

    assert shown is None and asked == [("demo", "Help:New page")]
