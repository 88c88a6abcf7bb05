"""Wiki pages shown inside a course: fetched from the wiki, sanitized, kept, refreshed when stale."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from wikiskills.integrations.mediawiki.errors import ApiError
from wikiskills.integrations.mediawiki.html import demote_headings, sanitize_wiki_html
from wikiskills.integrations.mediawiki.names import normalize_title

from .models import WikiPageRendering

# However many learners open a stale page, its refresh is asked for at most this often.
REFRESH_REQUEST_INTERVAL_SECONDS = 60
# The wiki page block titles itself with an <h3>: the page's own headings go below it.
BLOCK_HEADING_LEVEL = 3
# MediaWiki's answer to action=parse for a title with no page.
MISSING_PAGE_CODE = "missingtitle"


def stored_rendering(wiki, title):
    """The kept rendering of a page, or None if it was never fetched."""
    return WikiPageRendering.objects.filter(wiki=wiki.key, title=normalize_title(title)).first()


def needs_refresh(rendering, now=None):
    """True when there is no rendering or it is older than ``WIKISKILLS_PAGE_CACHE_SECONDS``."""
    if rendering is None:
        return True
    age = (now or timezone.now()) - rendering.fetched_at
    return age > timedelta(seconds=settings.WIKISKILLS_PAGE_CACHE_SECONDS)


def fetch_rendering(wiki, title, client):
    """Fetch a page's current HTML, sanitize it and keep it; safe to run any number of times.

    Headings are demoted under the block's own; a page the wiki does not have is kept as missing.
    """
    try:
        page = client.parse(title)
    except ApiError as error:
        if error.code != MISSING_PAGE_CODE:
            raise
        return _keep(wiki, title, missing=True, revision_id=None, html="")
    clean = sanitize_wiki_html(
        page.html,
        wiki.base_url,
        extra_image_hosts=wiki.image_hosts,
        max_characters=settings.WIKISKILLS_WIKI_HTML_MAX_CHARACTERS,
        max_depth=settings.WIKISKILLS_WIKI_HTML_MAX_DEPTH,
    )
    return _keep(wiki, title, missing=False, revision_id=page.revid, html=demote_headings(clean, BLOCK_HEADING_LEVEL))


def page_missing(wiki, title, client):
    """Whether the wiki has no such page: the kept answer while fresh, else the wiki's (then kept for learners).

    Raises the client's errors (``WikiUnavailable``...) when the wiki cannot say.
    """
    rendering = stored_rendering(wiki, title)
    if needs_refresh(rendering):
        rendering = fetch_rendering(wiki, title, client)
    return rendering.missing


def _keep(wiki, title, **fields):
    rendering, _created = WikiPageRendering.objects.update_or_create(
        wiki=wiki.key, title=normalize_title(title), defaults={**fields, "fetched_at": timezone.now()}
    )
    return rendering


def rendering_for_view(wiki, title, schedule_refresh):
    """The rendering to show now, asking ``schedule_refresh(wiki_key, title)`` when it is stale.

    With in-process (eager) tasks the refresh has run when this returns, so a
    first view already has the page; with a broker the view shows what is kept
    and polls.
    """
    rendering = stored_rendering(wiki, title)
    if needs_refresh(rendering) and cache.add(_refresh_key(wiki, title), True, REFRESH_REQUEST_INTERVAL_SECONDS):
        schedule_refresh(wiki.key, normalize_title(title))
        rendering = stored_rendering(wiki, title)
    return rendering


def _refresh_key(wiki, title):
    digest = hashlib.sha256(f"{wiki.key}\n{normalize_title(title)}".encode()).hexdigest()
    return f"wikiskills:page-refresh:{digest}"
