"""Celery tasks of the core app: idempotent, retried with backoff, safe to run twice."""

from celery import shared_task

from wikiskills.integrations.mediawiki.errors import WikiBusy, WikiUnavailable

from . import pages, wikis

MAX_RETRIES = 6


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def refresh_wiki_page(self, wiki_key, title):
    """Fetch and keep a page's rendering; returns the revision id it now shows.

    A busy wiki is retried when it said it would be ready, a failing one with
    exponential backoff; the stored rendering is replaced only by a complete one.
    """
    wiki = wikis.get_wiki(wiki_key)
    try:
        rendering = pages.fetch_rendering(wiki, title, wikis.client_for(wiki, background=True))
    except WikiBusy as busy:
        raise self.retry(exc=busy, countdown=busy.retry_after) from busy
    except WikiUnavailable as down:
        raise self.retry(exc=down, countdown=2 ** self.request.retries * 10) from down
    return rendering.revision_id
