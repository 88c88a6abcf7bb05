"""Which pages count for each attempt, as page ids: a page keeps its id when it is moved.

A title the author (or the ``{username}`` pattern) gives counts as the page it
leads to: the page now at that title, and the page it redirects to when the page
was moved away from it within its namespace. With "the draft may be moved", a page
moved to another namespace counts too, and so does a page moved away from the
title since the window opened even when the title was reused since.

Requests stay per batch, not per learner: the page now at the title is known from
the learner's own contributions (which carry each page's current title), so the
wiki is asked about a title only when a learner also edited another page
(one ``pages`` request per 50 such titles), and about moves only for those
learners on exercises that allow a moved draft.
"""

from dataclasses import dataclass, field

from .exercise import TARGET_ANY, TARGET_NAMESPACE


@dataclass
class TargetPages:
    """The pages whose edits count for one attempt: any, one namespace, or a set of page ids."""

    kind: str
    namespace: int | None = None
    page_ids: set = field(default_factory=set)

    def includes(self, contribution):
        if self.kind == TARGET_ANY:
            return True
        if self.kind == TARGET_NAMESPACE:
            return contribution.namespace == self.namespace
        return contribution.page_id in self.page_ids


def target_pages(client, site, wanted):
    """{attempt pk: ``TargetPages``}; ``wanted`` maps each pk to (spec, username, window start, contributions)."""
    targets = {}
    doubtful = {}
    for pk, (spec, username, since, contributions) in wanted.items():
        target = spec.target
        if target.kind == TARGET_ANY:
            targets[pk] = TargetPages(TARGET_ANY)
            continue
        if target.kind == TARGET_NAMESPACE:
            targets[pk] = TargetPages(TARGET_NAMESPACE, namespace=int(target.value))
            continue
        title = site.normalize_title(target.title_for(username))
        here = {c.page_id for c in contributions if site.normalize_title(c.title) == title}
        targets[pk] = TargetPages(target.kind, page_ids=here)
        if any(c.page_id not in here for c in contributions):
            doubtful[pk] = (title, since if spec.draft_may_move else None)
    if doubtful:
        _resolve(client, site, targets, doubtful)
    return targets


def _resolve(client, site, targets, doubtful):
    """Add the page each doubtful title leads to now, and (where allowed) the pages moved away from it.

    A page moved to another namespace (a sandbox draft moved to the articles) counts
    only where the exercise allows a moved draft.
    """
    pages = client.pages(sorted({title for title, _since in doubtful.values()}))
    moved = {}
    for pk, (title, since) in doubtful.items():
        page = pages.get(title)
        if page and (since is not None or page.namespace == site.namespace_of(title)):
            targets[pk].page_ids.add(page.page_id)
        if since is not None:
            if (title, since) not in moved:
                moved[title, since] = {page_id for page_id, _new_title in client.moves_from(title, since=since)}
            targets[pk].page_ids |= moved[title, since]
