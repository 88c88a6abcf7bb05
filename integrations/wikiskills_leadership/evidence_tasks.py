"""Background reading of on-wiki evidence: every wiki once a day, in batches, only for people who agreed."""

import logging

from celery import shared_task

from wikiskills.integrations.mediawiki.errors import MediaWikiError

from ..wikiskills_core import wikis
from . import evidence_wiki

__all__ = ["refresh_wiki_activity"]

log = logging.getLogger(__name__)


@shared_task(name="wikiskills.integrations.wikiskills_leadership.tasks.refresh_wiki_activity")
def refresh_wiki_activity():
    """Read again the stale on-wiki facts of everyone who agreed, wiki by wiki; returns how many were read.

    A wiki that does not answer is left for the next run; the others are still read.
    """
    total = 0
    for wiki in wikis.allowed_wikis().values():
        try:
            total += evidence_wiki.refresh_stale(wiki, wikis.client_for(wiki, background=True))
        except MediaWikiError as exc:
            log.warning("Leadership evidence: %s not read: %s", wiki.key, exc)
    return total
