"""Leadership evidence: facts about a person with their source and date, never a score (ADR 0043).

Each fact is an ``EvidenceItem``: a stable ``key`` (what the learner hides by), a ``code`` the
page words, its ``values``, its ``source`` (an app, or a wiki's key) and its ``date``. Facts are
only ever listed, in a fixed order of kinds, never added up, weighed or compared between people.
A fact that is not there is left out, not shown as a zero: someone without a wiki account, or
who has given no peer review yet, is not shown as "less".

Consent: nobody but the learner sees anything until they agree, and nothing once they withdraw.
Who may see then: global staff, any active facilitator of a cohort, and the coordinators of a
community the learner is in. Items the learner hides are never shown to anyone else.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone

from ..wikiskills_accounts.models import WikiUserId
from ..wikiskills_badges import api as badges_api
from ..wikiskills_core import wikis
from ..wikiskills_peer_review.models import REPORTED_REVIEW, PeerReview
from ..wikiskills_tracks import api as tracks_api
from . import evidence_wiki
from .models import CommunityMember, EvidenceConsent, HiddenEvidence, Project, WikiActivity

# Sources of platform facts (words in ``evidence_messages.SOURCES``); a wiki fact's source is the wiki's key.
PEER_REVIEW, BADGES, TRACKS, MENTORING, PROJECTS = "peer_review", "badges", "tracks", "mentoring", "projects"
KEY_LENGTH = 200


@dataclass(frozen=True)
class EvidenceItem:
    """One fact: ``key`` is stable (hiding follows it), ``code`` says how to word ``values``."""

    key: str
    code: str
    source: str
    date: datetime | None
    values: dict = field(default_factory=dict)
    wiki: bool = False
    hidden: bool = False


@dataclass(frozen=True)
class Evidence:
    """A person's facts for one viewer: the items they may see, and the linked wikis (empty: no wiki account)."""

    person: object
    items: list
    wikis: list
    consent: bool

    @property
    def platform_items(self):
        return [item for item in self.items if not item.wiki]

    @property
    def wiki_items(self):
        return [item for item in self.items if item.wiki]


# -- consent and hiding --------------------------------------------------------------------------


def consent_of(user):
    return EvidenceConsent.objects.filter(user=user).first() if user.is_authenticated else None


def has_consented(user):
    return EvidenceConsent.objects.filter(user=user, withdrawn_at=None).exists()


def agree(user, now=None):
    """The learner agrees to show their evidence (again); returns None (nothing can refuse it)."""
    now = now or timezone.now()
    EvidenceConsent.objects.update_or_create(user=user, defaults={"consented_at": now, "withdrawn_at": None})


def withdraw(user, now=None):
    """Effective at once: every page asks on every view; what was read from the wikis is deleted."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = EvidenceConsent.objects.filter(user=user, withdrawn_at=None).update(withdrawn_at=now)
        WikiActivity.objects.filter(user=user).delete()
    return None if changed else "not_agreed"


def hidden_keys(user):
    return set(HiddenEvidence.objects.filter(user=user).values_list("item", flat=True))


def hide(user, key):
    if key not in {item.key for item in items_of(user)}:
        return "not_found"
    try:
        with transaction.atomic():
            HiddenEvidence.objects.get_or_create(user=user, item=key[:KEY_LENGTH])
    except IntegrityError:
        pass  # a double click
    return None


def show(user, key):
    HiddenEvidence.objects.filter(user=user, item=key).delete()


# -- who may see ---------------------------------------------------------------------------------


def is_facilitator(user):
    return tracks_api.facilitates_any(user)


def coordinated_communities(user):
    return set(CommunityMember.objects.filter(user=user, coordinator=True).values_list("community_id", flat=True))


def may_browse(viewer):
    """Whether ``viewer`` reads others' evidence at all: staff, facilitators and coordinators."""
    if not viewer.is_authenticated:
        return False
    return viewer.is_staff or is_facilitator(viewer) or bool(coordinated_communities(viewer))


def may_see(viewer, person):
    """The person themself always; others only while consent is active, and only if they may browse it."""
    if not viewer.is_authenticated or person is None:
        return False
    if viewer.pk == person.pk:
        return True
    if not has_consented(person):
        return False
    if viewer.is_staff or is_facilitator(viewer):
        return True
    communities = coordinated_communities(viewer)
    return bool(communities) and CommunityMember.objects.filter(user=person, community_id__in=communities).exists()


def opted_in_people(viewer, community_id=None):
    """The consenting people ``viewer`` may see, alphabetical by username (never ordered by any fact)."""
    people = get_user_model().objects.filter(pk__in=evidence_wiki.consenting_user_ids()).exclude(pk=viewer.pk)
    if not (viewer.is_staff or is_facilitator(viewer)):
        people = people.filter(pk__in=_members_of(coordinated_communities(viewer)))
    if community_id is not None:
        people = people.filter(pk__in=_members_of({community_id}))
    return list(people.order_by("username"))


def _members_of(community_ids):
    return CommunityMember.objects.filter(community_id__in=community_ids).values_list("user_id", flat=True)


def communities_for(viewer):
    """The communities ``viewer`` may filter the list by: all for staff and facilitators, else those they coordinate."""
    from .models import Community  # noqa: PLC0415

    if viewer.is_staff or is_facilitator(viewer):
        return list(Community.objects.all())
    return list(Community.objects.filter(pk__in=coordinated_communities(viewer)))


# -- the facts -----------------------------------------------------------------------------------


def _peer_reviews(user):
    given = PeerReview.objects.filter(reviewer=user, kind=PeerReview.PEER, state__in=PeerReview.COUNTED_AS_GIVEN)
    facts = given.aggregate(given=Count("pk"), last=Max("completed_at"))
    if not facts["given"]:
        return []
    # Reported: the author of the work reported the review as unhelpful, and staff have not decided yet.
    flagged = given.filter(REPORTED_REVIEW).count()
    values = {"given": facts["given"], "flagged": flagged}
    return [EvidenceItem("peer_reviews", "peer_reviews", PEER_REVIEW, facts["last"], values)]


def _badges(user):
    return [
        EvidenceItem(
            f"badge:{award.badge_class.slug}", "badge", BADGES, award.issued_on, {"badge": award.badge_class.name}
        )
        for award in badges_api.user_awards(user)
    ]


def _stages(user):
    return [
        EvidenceItem(
            f"stage:{stage.pk}",
            "stage",
            TRACKS,
            done_at,
            {"stage": stage.display_title, "track": stage.track.display_title},
        )
        for stage, done_at in tracks_api.stages_done_by(user)
    ]


def _mentoring(user):
    facts = tracks_api.mentoring_given(user)
    if facts is None:
        return []
    values = {"minutes": facts["minutes"] or 0, "check_ins": facts["check_ins"], "people": facts["people"]}
    return [EvidenceItem("mentoring", "mentoring", MENTORING, facts["last"], values)]


def _projects(user):
    projects = list(Project.objects.filter(owner=user).order_by("starts_at", "pk").values_list("title", "starts_at"))
    if not projects:
        return []
    values = {"count": len(projects), "titles": [title for title, _starts in projects]}
    return [EvidenceItem("projects", "projects", PROJECTS, projects[-1][1], values)]


def platform_items(user):
    return _peer_reviews(user) + _badges(user) + _stages(user) + _mentoring(user) + _projects(user)


def linked_wikis(user):
    """The configured wikis where the person has a verified account, by key, in a stable order."""
    allowed = wikis.allowed_wikis()
    keys = WikiUserId.objects.filter(account__user=user).values_list("wiki", flat=True)
    return [allowed[key] for key in sorted(set(keys)) if key in allowed]


def wiki_items(user, linked):
    """The stored on-wiki facts of each linked wiki, read the same way for every wiki and language."""
    activity = {row.wiki: row for row in WikiActivity.objects.filter(user=user)}
    items = []
    for wiki in linked:
        row = activity.get(wiki.key)
        prefix = f"wiki:{wiki.key}"
        if row is None:
            items.append(EvidenceItem(f"{prefix}:not_read", "wiki_not_read", wiki.key, None, {}, wiki=True))
            continue
        values = {"username": row.username}
        items.append(
            EvidenceItem(
                f"{prefix}:edits",
                "wiki_edits",
                wiki.key,
                row.fetched_at,
                {**values, "edits": row.edit_count},
                wiki=True,
            )
        )
        if row.registered_at:
            items.append(
                EvidenceItem(f"{prefix}:account", "wiki_account", wiki.key, row.registered_at, values, wiki=True)
            )
        if row.groups:
            items.append(
                EvidenceItem(
                    f"{prefix}:groups",
                    "wiki_groups",
                    wiki.key,
                    row.fetched_at,
                    {**values, "groups": row.groups},
                    wiki=True,
                )
            )
        for kind, namespaces in (
            ("project", evidence_wiki.PROJECT_NAMESPACES),
            ("talk", evidence_wiki.TALK_NAMESPACES),
            ("user_talk", evidence_wiki.USER_TALK_NAMESPACES),
        ):
            edits = sum(int(row.namespace_edits.get(str(number), 0)) for number in namespaces)
            if edits:
                values_kind = {**values, "edits": edits, "days": evidence_wiki.ACTIVITY_DAYS}
                items.append(
                    EvidenceItem(f"{prefix}:{kind}", f"wiki_{kind}", wiki.key, row.fetched_at, values_kind, wiki=True)
                )
    return items


def items_of(user, linked=None):
    """Every fact of the person, hidden or not, in the fixed order of kinds."""
    linked = linked_wikis(user) if linked is None else linked
    return platform_items(user) + wiki_items(user, linked)


def evidence_for(viewer, person):
    """What ``viewer`` may see of ``person``: the learner sees hidden items marked; others never see them.

    None when ``viewer`` may not see it (the caller answers 404 either way, so consent is not revealed).
    """
    if not may_see(viewer, person):
        return None
    linked = linked_wikis(person)
    hidden = hidden_keys(person)
    items = [replace(item, hidden=item.key in hidden) for item in items_of(person, linked)]
    if viewer.pk != person.pk:
        items = [item for item in items if not item.hidden]
    return Evidence(person, items, linked, has_consented(person))


def shared_view(evidence):
    """Exactly what facilitators and coordinators see of the person: the learner's preview of it."""
    return replace(evidence, items=[item for item in evidence.items if not item.hidden])


def activity_read_at(user):
    """When the person's on-wiki facts were last read (the oldest of their wikis), or None."""
    return WikiActivity.objects.filter(user=user).aggregate(oldest=Min("fetched_at"))["oldest"]


def refresh(user, *, background=False, now=None):
    """Read again the person's stale on-wiki facts (a POST or a task; a read of the page never does).

    Only for a person who agreed; returns ``(people read, problem)``.
    """
    from wikiskills.integrations.mediawiki.errors import MediaWikiError  # noqa: PLC0415

    if not has_consented(user):
        return 0, "not_agreed"
    total = 0
    for wiki in linked_wikis(user):
        try:
            total += evidence_wiki.refresh_stale(wiki, wikis.client_for(wiki, background=background), [user.pk], now)
        except MediaWikiError:
            return total, "wiki_unavailable"
    return total, None
