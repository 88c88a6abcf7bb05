"""A capstone project's impact, measured from the wiki P&E-Dashboard-style, each edit read and counted once.

``measure`` reads what happened since the last measurement through the batched client and stores
each counted edit as a ``ProjectEdit`` row; ``figures`` is pure aggregation over those rows and the
participants (ADR 0044). What was stored is never read from the wiki again:

* participants are matched by account id (``users``, 50 names a request): a renamed participant keeps
  counting, and their new name is shown;
* each participant has a cursor (``counted_until``); participants sharing a cursor are read together
  (``contributions_by_user_id``, 50 ids a request plus continuations), and only for the window after it;
* tracked pages are page ids (titles through ``pages``, which follows a move's redirect; a category's
  members by id): a moved page's edits stay counted, and a deleted page's stored edits stay counted;
* references added are read only for new edits in the article namespace (their text and their
  parent's, 50 revisions a request): the one heavy read, done once per edit;
* after the end, one final measurement, then only retention: participants who edit again between 30
  and 60 days after the end, each found once (``returned_at``) and then never asked about again.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate

from ..mediawiki.client import chunked
from ..mediawiki.names import normalize_username
from .models import Participant, ProjectEdit

ARTICLE_NAMESPACE = 0
FILE_NAMESPACE = 6
RETENTION_AFTER = timedelta(days=30)
RETENTION_WINDOW = timedelta(days=30)
# How long an edit may take to show in the API (replica lag): windows close this long before now.
LAG_MARGIN = timedelta(minutes=10)
# A campaign of many months is charted week by week, not with hundreds of daily bars.
LONGEST_DAILY_CHART = 92
_REF = re.compile(r"<ref[\s>/]", re.IGNORECASE)


@dataclass
class Measurement:
    """What one measurement did: edits newly counted, participants matched or not found, retention found."""

    new_edits: int = 0
    matched: int = 0
    not_found: list = field(default_factory=list)
    returned: int = 0
    final: bool = False
    skipped: bool = False


def references_in(text):
    """How many ``<ref`` tags a wikitext holds (named reuses included, as the P&E Dashboard counts them)."""
    return len(_REF.findall(text or ""))


def retention_opens(project):
    return project.ends_at + RETENTION_AFTER


def retention_closes(project):
    return project.ends_at + RETENTION_AFTER + RETENTION_WINDOW


def measure(project, client, now):
    """Count the project's new edits (and, once due, retention) up to ``now - LAG_MARGIN``; a ``Measurement``.

    The window closes ``LAG_MARGIN`` before ``now``: an edit saved just before a read may not be on the
    replica the API answers from yet, and a window once read is never read again.
    """
    result = Measurement()
    seen = now - LAG_MARGIN
    if project.final_measured_at is not None and seen < retention_opens(project):
        result.skipped = True
        return result
    participants = list(project.participants.all())
    if project.final_measured_at is None:
        result.matched, result.not_found = _match(participants, client)
        if seen > project.starts_at:
            result.new_edits = _count_edits(project, participants, client, min(seen, project.ends_at))
        project.measured_at = now
        if seen >= project.ends_at:
            project.final_measured_at = now
            result.final = True
        project.save(update_fields=["measured_at", "final_measured_at"])
    if seen >= retention_opens(project):
        result.returned = _read_retention(project, participants, client, seen)
    return result


def _match(participants, client):
    """Give participants not matched yet their account id and registration (one request per 50 names)."""
    waiting = [participant for participant in participants if participant.wiki_user_id is None]
    if not waiting:
        return 0, []
    found = client.users([participant.username for participant in waiting])
    matched, not_found = [], []
    for participant in waiting:
        record = found.get(normalize_username(participant.username))
        if record is None or not record.exists:
            not_found.append(participant.username)
            continue
        participant.wiki_user_id, participant.registered_at = record.userid, record.registration
        matched.append(participant)
    Participant.objects.bulk_update(matched, ["wiki_user_id", "registered_at"])
    return len(matched), not_found


def tracked_page_ids(project, client):
    """The page ids whose edits count, or None when every page counts."""
    titles = [line.strip() for line in project.tracked_pages.splitlines() if line.strip()]
    category = project.tracked_category.strip()
    if not titles and not category:
        return None
    page_ids = set()
    if titles:
        page_ids |= {page.page_id for page in client.pages(titles).values() if page is not None}
    if category:
        page_ids |= {page.page_id for page in client.category_members(category)}
    return page_ids


def _count_edits(project, participants, client, until):
    """Read each cursor group's new window once, store the edits on tracked pages; returns how many were new."""
    groups = defaultdict(list)
    for participant in participants:
        if participant.wiki_user_id is None:
            continue
        since = max(project.starts_at, participant.counted_until or project.starts_at)
        if since < until:
            groups[since].append(participant)
    if not groups:
        return 0
    tracked = tracked_page_ids(project, client)
    contributions, names = {}, {}
    for since, group in sorted(groups.items(), key=lambda item: item[0]):
        for contribution in client.contributions_by_user_id([p.wiki_user_id for p in group], since=since, until=until):
            names[contribution.user_id] = contribution.user
            if tracked is None or contribution.page_id in tracked:
                contributions[contribution.revid] = contribution
    stored = set()
    for revids in chunked(list(contributions), 5000):
        stored |= set(ProjectEdit.objects.filter(project=project, revid__in=revids).values_list("revid", flat=True))
    new = [contribution for revid, contribution in contributions.items() if revid not in stored]
    references = _references_added(client, new)
    ProjectEdit.objects.bulk_create(
        [
            ProjectEdit(
                project=project,
                revid=contribution.revid,
                page_id=contribution.page_id,
                namespace=contribution.namespace,
                wiki_user_id=contribution.user_id,
                timestamp=contribution.timestamp,
                size_change=contribution.size_change,
                new_page=contribution.new_page,
                references_added=references.get(contribution.revid, 0),
            )
            for contribution in new
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    advanced = [participant for group in groups.values() for participant in group]
    for participant in advanced:
        participant.counted_until = until
    _follow_renames(advanced, names, participants)
    Participant.objects.bulk_update(advanced, ["counted_until", "username"], batch_size=1000)
    return len(new)


def _references_added(client, contributions):
    """{revid: references the edit added}, for article-namespace edits: their text against their parent's."""
    articles = [c for c in contributions if c.namespace == ARTICLE_NAMESPACE]
    if not articles:
        return {}
    revids = {c.revid for c in articles} | {c.parentid for c in articles if c.parentid}
    revisions = client.revisions(sorted(revids), content=True)
    added = {}
    for contribution in articles:
        revision = revisions.get(contribution.revid)
        parent = revisions.get(contribution.parentid) if contribution.parentid else None
        if revision is None or revision.content is None:
            continue  # deleted or hidden since: nothing is credited that nobody can see
        if contribution.parentid and (parent is None or parent.content is None):
            continue  # the text before cannot be read: do not count the whole page as added
        before = references_in(parent.content) if parent else 0
        added[contribution.revid] = max(references_in(revision.content) - before, 0)
    return added


def _follow_renames(advanced, names, participants):
    """Show a renamed participant under their name now (the id is what matched them), if no one else has it."""
    taken = {normalize_username(participant.username) for participant in participants}
    for participant in advanced:
        current = names.get(participant.wiki_user_id)
        if current and normalize_username(current) not in taken:
            taken.add(normalize_username(current))
            participant.username = current


def _read_retention(project, participants, client, now):
    """Find participants who edited 30 to 60 days after the end; each found once, each window read once."""
    closes = retention_closes(project)
    until = min(now, closes)
    groups = defaultdict(list)
    for participant in participants:
        if participant.wiki_user_id is None or participant.returned_at is not None:
            continue
        since = max(retention_opens(project), participant.counted_until or project.starts_at)
        if since < until:
            groups[since].append(participant)
    returned = 0
    for since, group in groups.items():
        by_id = {participant.wiki_user_id: participant for participant in group}
        waiting = set(by_id)
        for contribution in client.contributions_by_user_id(list(by_id), since=since, until=until):
            participant = by_id.get(contribution.user_id)
            if participant is not None and participant.returned_at is None:
                participant.returned_at = contribution.timestamp
                returned += 1
                waiting.discard(contribution.user_id)
                if not waiting:
                    break
        for participant in group:
            participant.counted_until = until
        Participant.objects.bulk_update(group, ["counted_until", "returned_at"])
    return returned


# -- figures: aggregation over what was stored ----------------------------------------------------


def figures(project, now):
    """The project's impact as a JSON-ready dict, from its stored edits and participants (no wiki request)."""
    edits = ProjectEdit.objects.filter(project=project)
    totals = edits.aggregate(
        edits=Count("pk"),
        pages_created=Count("pk", filter=Q(new_page=True) & ~Q(namespace=FILE_NAMESPACE)),
        files_uploaded=Count("pk", filter=Q(new_page=True, namespace=FILE_NAMESPACE)),
        bytes_added=Sum("size_change", filter=Q(size_change__gt=0)),
        references_added=Sum("references_added"),
        participants_active=Count("wiki_user_id", distinct=True),
    )
    created = edits.filter(new_page=True).values("page_id")
    people = Participant.objects.filter(project=project).aggregate(
        participants=Count("pk"),
        participants_found=Count("pk", filter=Q(wiki_user_id__isnull=False)),
        new_editors=Count("pk", filter=Q(registered_at__gte=project.starts_at, registered_at__lte=project.ends_at)),
        returned=Count("pk", filter=Q(returned_at__isnull=False)),
    )
    retention_known = now >= retention_opens(project)
    return {
        "edits": totals["edits"],
        "pages_created": totals["pages_created"],
        "pages_improved": edits.exclude(page_id__in=created).values("page_id").distinct().count(),
        "bytes_added": totals["bytes_added"] or 0,
        "references_added": totals["references_added"] or 0,
        "files_uploaded": totals["files_uploaded"],
        "participants": people["participants"],
        "participants_found": people["participants_found"],
        "participants_active": totals["participants_active"],
        "new_editors": people["new_editors"],
        "retention": people["returned"] if retention_known else None,
        "retention_final": now >= retention_closes(project),
        "measured_at": project.measured_at.isoformat() if project.measured_at else None,
        "per_day": edits_over_time(project, edits, now),
    }


def edits_over_time(project, edits, now):
    """``[[ISO date, edits]]`` for every day of the event so far (every week, Mondays, for long campaigns)."""
    counts = dict(
        edits.annotate(day=TruncDate("timestamp", tzinfo=UTC)).values_list("day").annotate(n=Count("pk")).order_by()
    )
    first = project.starts_at.astimezone(UTC).date()
    last = max(min(project.ends_at, max(now, project.starts_at)).astimezone(UTC).date(), first)
    days = (last - first).days + 1
    if days <= LONGEST_DAILY_CHART:
        return [[(first + timedelta(d)).isoformat(), counts.get(first + timedelta(d), 0)] for d in range(days)]
    weeks = defaultdict(int)
    monday = first - timedelta(days=first.weekday())
    for day, count in counts.items():
        weeks[day - timedelta(days=day.weekday())] += count
    span = (last - monday).days // 7 + 1
    return [[(monday + timedelta(weeks=w)).isoformat(), weeks.get(monday + timedelta(weeks=w), 0)] for w in range(span)]
