"""Celery tasks of the core app: idempotent, retried with backoff, safe to run twice."""

from celery import shared_task

from wikiskills.integrations.mediawiki.errors import WikiBusy, WikiUnavailable

from . import pages, wikis

MAX_RETRIES = 6


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def refresh_wiki_page(self, wiki_key, title):
    """Fetch and keep a page's rendering; returns the revision id it now shows (None: the wiki has no such page).

    A busy wiki is retried when it said it would be ready, a failing one with
    exponential backoff; the stored rendering is replaced only by a complete one.
    """
    wiki = wikis.get_wiki(wiki_key)
    try:
        rendering = pages.fetch_rendering(wiki, title, wikis.client_for(wiki, background=True))
    except WikiUnavailable as failure:
        if self.request.is_eager:
            raise  # in-process: the person's request must not wait through Celery retries too
        countdown = failure.retry_after if isinstance(failure, WikiBusy) else 10 * 2**self.request.retries
        raise self.retry(exc=failure, countdown=countdown) from failure
    return rendering.revision_id
