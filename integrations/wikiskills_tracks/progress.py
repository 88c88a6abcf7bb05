"""Stored, event-driven progress: record a fact, then work out the stages it finishes (ADR 0040).

Every event becomes ``record_fact``: a fixed number of queries whatever the size of the cohort
or the number of events before it. The fact and the progress it causes are written in one
transaction, so a worker killed in between leaves neither, and a repeated event adds nothing.
``rebuild_cohort`` works the same rows out again from the facts.
"""

from collections import defaultdict
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from . import rules
from .models import Membership, ProgressFact, Requirement, StageProgress
from .signals import stage_completed, track_graduated


def fact_key(requirement):
    """The fact key a requirement waits for: a sign-off or capstone is of its own stage; the rest name their key."""
    if requirement.kind in Requirement.STAGE_KINDS:
        return str(requirement.stage_id)
    if requirement.kind == Requirement.MENTORING_MINUTES:
        return ""
    return requirement.key


def record_fact(user_id, kind, key, value, *, reached_at=None, source="", evidence=()):
    """Record that ``user_id`` reached ``value`` for ``(kind, key)`` and update their cohorts' progress.

    Returns True when the fact was new (higher than the best so far, and asked for by a track).
    Safe to repeat: the same or a lower value changes nothing.
    """
    if not _asked_for(kind, key):
        return False
    reached_at = reached_at or timezone.now()
    with transaction.atomic():
        facts = ProgressFact.objects.filter(user_id=user_id, kind=kind, key=key)
        best = facts.aggregate(best=Max("value"))["best"]
        if best is not None and value <= best + rules.TOLERANCE:
            return False
        try:
            with transaction.atomic():
                ProgressFact.objects.create(
                    user_id=user_id,
                    kind=kind,
                    key=key,
                    value=value,
                    reached_at=reached_at,
                    source=source[:255],
                    evidence=list(evidence),
                )
        except IntegrityError:
            return False  # the same event, recorded by a concurrent delivery
        refresh(_memberships_waiting_for(user_id, kind, key))
    return True


def _asked_for(kind, key):
    """Whether any track asks for this fact: the platform grades every learner, and we keep only what tracks use.

    A requirement added later is caught up by ``rebuild_cohort``'s backfill.
    """
    if kind in (*Requirement.STAGE_KINDS, Requirement.MENTORING_MINUTES):
        return True
    return Requirement.objects.filter(kind=kind, key=key).exists()


def _memberships_waiting_for(user_id, kind, key):
    """The learner's followed memberships whose track has a requirement this fact may meet (one query)."""
    requirement = Q(cohort__track__stages__requirements__kind=kind)
    if kind in Requirement.STAGE_KINDS:
        requirement &= Q(cohort__track__stages__id=key)
    elif kind != Requirement.MENTORING_MINUTES:
        requirement &= Q(cohort__track__stages__requirements__key=key)
    return list(
        Membership.objects.filter(requirement, user_id=user_id, role=Membership.MEMBER, status__in=Membership.FOLLOWED)
        .select_related("cohort__track", "user")
        .distinct()
    )


def refresh(memberships):
    """Store the stages these memberships have now finished; a fixed number of queries for any number of them.

    Sends ``stage_completed`` and ``track_graduated`` after commit.
    """
    if not memberships:
        return []
    track_ids = {membership.cohort.track_id for membership in memberships}
    steps_by_track, sequential, stages = _steps(track_ids)
    facts = _facts({membership.user_id for membership in memberships}, steps_by_track)
    recorded = defaultdict(dict)
    for membership_id, stage_id, done_at in StageProgress.objects.filter(membership__in=memberships).values_list(
        "membership_id", "stage_id", "done_at"
    ):
        recorded[membership_id][stage_id] = done_at

    new_rows, graduations = [], []
    for membership in memberships:
        track_id = membership.cohort.track_id
        steps = steps_by_track[track_id]
        states = rules.step_states(
            steps, facts[membership.user_id], sequential=sequential[track_id], recorded=recorded[membership.pk]
        )
        for stage_id, done_at in rules.newly_done(states, recorded[membership.pk]).items():
            new_rows.append(StageProgress(membership=membership, stage=stages[stage_id], done_at=done_at))
        finished_at = rules.graduated_at(steps, states)
        if finished_at is not None and membership.status != Membership.GRADUATED:
            graduations.append((membership, finished_at))
    created = _store(new_rows, graduations)
    return created


def _store(new_rows, graduations):
    StageProgress.objects.bulk_create(new_rows, ignore_conflicts=True)
    latest = defaultdict(lambda: None)
    for row in new_rows:
        current = latest[row.membership]
        latest[row.membership] = row.done_at if current is None else max(current, row.done_at)
    # One UPDATE per membership that moved; an event moves one learner, so one or a few.
    for membership, done_at in latest.items():
        Membership.objects.filter(pk=membership.pk).update(last_progress_at=done_at)
    for membership, finished_at in graduations:
        from .enrolment import graduate  # noqa: PLC0415  (enrolment refreshes progress on joining)

        graduate(membership, finished_at)
    evidence = _stage_evidence(new_rows)
    for row in new_rows:
        transaction.on_commit(
            partial(
                stage_completed.send,
                sender=StageProgress,
                membership=row.membership,
                stage=row.stage,
                done_at=row.done_at,
                evidence=evidence.get((row.membership.user_id, str(row.stage_id)), []),
            )
        )
    for membership, _finished_at in graduations:
        transaction.on_commit(partial(track_graduated.send, sender=Membership, membership=membership))
    return new_rows


def _stage_evidence(new_rows):
    """``{(user id, stage id): evidence}`` the stages' sign-offs and capstones carry (one query, only when needed)."""
    if not new_rows:
        return {}
    facts = ProgressFact.objects.filter(
        kind__in=Requirement.STAGE_KINDS,
        user_id__in={row.membership.user_id for row in new_rows},
        key__in={str(row.stage_id) for row in new_rows},
    )
    evidence = defaultdict(list)
    for user_id, key, items in facts.values_list("user_id", "key", "evidence"):
        evidence[(user_id, key)].extend(items)
    return evidence


def _steps(track_ids):
    """Every stage of these tracks with its requirements, as the rule's steps (one query)."""
    requirements = Requirement.objects.filter(stage__track_id__in=track_ids).select_related("stage__track")
    stages, needs, sequential = {}, defaultdict(list), {}
    for requirement in requirements.order_by("stage__track_id", "stage__order", "pk"):
        stage = requirement.stage
        stages[stage.pk] = stage
        sequential[stage.track_id] = stage.track.sequential
        needs[stage.pk].append(
            rules.Need(requirement.pk, requirement.kind, fact_key(requirement), requirement.threshold)
        )
    steps_by_track = defaultdict(list)
    for stage in sorted(stages.values(), key=lambda stage: (stage.track_id, stage.order)):
        steps_by_track[stage.track_id].append(rules.Step(stage.pk, tuple(needs[stage.pk])))
    for track_id in track_ids:
        sequential.setdefault(track_id, True)
    return steps_by_track, sequential, stages


def _facts(user_ids, steps_by_track):
    """``{user id: {(kind, key): [(value, reached_at)]}}`` for the facts these steps wait for (one query)."""
    wanted = {(need.kind, need.key) for steps in steps_by_track.values() for step in steps for need in step.needs}
    facts = defaultdict(lambda: defaultdict(list))
    if not wanted:
        return facts
    rows = ProgressFact.objects.filter(
        user_id__in=user_ids, kind__in={kind for kind, _key in wanted}, key__in={key for _kind, key in wanted}
    ).values_list("user_id", "kind", "key", "value", "reached_at")
    for user_id, kind, key, value, reached_at in rows:
        facts[user_id][(kind, key)].append((value, reached_at))
    return facts


def member_view(membership):
    """``(stages, states)`` of one membership for its pages: the track's stages and the rule's state of each."""
    track_id = membership.cohort.track_id
    steps_by_track, sequential, stages = _steps({track_id})
    steps = steps_by_track[track_id]
    facts = _facts({membership.user_id}, steps_by_track)[membership.user_id]
    recorded = dict(StageProgress.objects.filter(membership=membership).values_list("stage_id", "done_at"))
    states = rules.step_states(steps, facts, sequential=sequential[track_id], recorded=recorded)
    return [stages[step.id] for step in steps], states


def rebuild_cohort(cohort):
    """Work a cohort's stage progress out again from the facts (after a backfill, or a changed track).

    Deletes the cohort's stage rows and stores them again: the same rows the events stored,
    since both follow the same facts. Badges already earned are not announced again.
    """
    with transaction.atomic():
        memberships = list(
            cohort.memberships.filter(role=Membership.MEMBER, status__in=Membership.FOLLOWED).select_related(
                "cohort__track"
            )
        )
        StageProgress.objects.filter(membership__cohort=cohort).delete()
        return refresh(memberships)
