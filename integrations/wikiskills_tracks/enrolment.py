"""Joining and leaving cohorts: open seats and a waitlist, applications, nominations with consent,
invitation links, decisions, withdrawal and removal. Every status change is audited.

Functions return a problem code (see ``messages.ENROLMENT_PROBLEMS``) or None. A seat is taken
with the cohort row locked, so two facilitators accepting the last seat at once never exceed
capacity. Course enrolment and course cohorts follow in a Celery task after commit (``sync``).
"""

from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import notifications, progress, sync
from .models import Cohort, Invitation, Membership, MembershipEvent, Nomination

MAX_TEXT = 5000
# Statuses after which a person may ask to join again.
ENDED = (Membership.WITHDRAWN, Membership.DECLINED)
PENDING = (Membership.APPLIED, Membership.NOMINATED, Membership.WAITLISTED)


def _change(membership, to_status, actor, reason=""):
    """Set a membership's status and audit it; the caller holds the transaction."""
    now = timezone.now()
    from_status = membership.status if membership.pk else ""
    membership.status = to_status
    if to_status == Membership.ACTIVE and membership.joined_at is None:
        membership.joined_at = now
    if membership.pk:
        # Not ``last_progress_at`` or ``mentor``: progress and mentoring write those themselves.
        membership.save(update_fields=["role", "status", "joined_at", "graduated_at", "guest", "answers", "updated_at"])
    else:
        membership.save()
    MembershipEvent.objects.create(
        membership=membership,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        reason=reason[:MAX_TEXT],
        at=now,
    )


def _locked(cohort):
    return Cohort.objects.select_for_update().get(pk=cohort.pk)


def seats_taken(cohort):
    return cohort.memberships.filter(role=Membership.MEMBER, status__in=Membership.SEATED).count()


def _has_seat(cohort):
    """Whether a seat is left; call with the cohort locked (``_locked``) so the count cannot go stale."""
    return seats_taken(cohort) < cohort.capacity


def _accepting(cohort):
    return cohort.status in (Cohort.ENROLLING, Cohort.RUNNING)


def _membership_to_reuse(cohort, user):
    """The person's earlier membership they may ask again from, a new one, or None when they are in already."""
    membership = Membership.objects.filter(cohort=cohort, user=user).first()
    if membership is None:
        return Membership(cohort=cohort, user=user, role=Membership.MEMBER)
    if membership.role == Membership.MEMBER and membership.status in ENDED:
        return membership
    return None


def _activate(membership, actor, reason=""):
    """Give a seat (the cohort is locked by the caller), then enrol in courses and catch up progress after commit."""
    _change(membership, Membership.ACTIVE, actor, reason)
    progress.refresh([membership])
    transaction.on_commit(partial(sync.schedule, membership.pk))


def join(cohort, user):
    """Join an open cohort: a seat if one is left, else the waitlist."""
    if cohort.mode != Cohort.OPEN or not _accepting(cohort):
        return "not_open"
    with transaction.atomic():
        cohort = _locked(cohort)
        membership = _membership_to_reuse(cohort, user)
        if membership is None:
            return "already_in"
        if _has_seat(cohort):
            _activate(membership, user)
        else:
            _change(membership, Membership.WAITLISTED, user)
    notifications.joined(membership)
    return None


def apply(cohort, user, answers):
    """Apply with an answer to each of the cohort's questions; facilitators are told."""
    if cohort.mode != Cohort.APPLICATION or not _accepting(cohort):
        return "not_open"
    answers = [str(answer).strip()[:MAX_TEXT] for answer in answers]
    if len(answers) != len(cohort.questions) or not all(answers):
        return "answers_missing"
    with transaction.atomic():
        membership = _membership_to_reuse(_locked(cohort), user)
        if membership is None:
            return "already_in"
        membership.answers = [{"question": q, "answer": a} for q, a in zip(cohort.questions, answers, strict=True)]
        _change(membership, Membership.APPLIED, user)
    notifications.application_received(membership)
    return None


def nominate(cohort, nominator, nominee, reasons):
    """Nominate someone; they are asked first, and facilitators see nothing until they agree."""
    reasons = (reasons or "").strip()[:MAX_TEXT]
    problem = _nomination_problem(cohort, nominator, nominee, reasons)
    if problem:
        return problem
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                cohort=cohort, nominee=nominee, nominator=nominator, reasons=reasons, created_at=timezone.now()
            )
    except IntegrityError:
        return "already_nominated"
    notifications.nomination_asks_consent(nomination)
    return None


def _nomination_problem(cohort, nominator, nominee, reasons):
    if cohort.mode != Cohort.NOMINATION or not _accepting(cohort):
        return "not_open"
    if nominee is None:
        return "unknown_person"
    if nominee.pk == nominator.pk:
        return "self_nomination"
    if not reasons:
        return "reasons_missing"
    if Membership.objects.filter(cohort=cohort, user=nominee).exclude(status__in=ENDED).exists():
        return "already_in"
    return None


def answer_nomination(nomination, user, agree):
    """The nominee agrees (their nomination goes to the facilitators) or refuses (it ends there); once."""
    if nomination.nominee_id != user.pk:
        return "not_found"
    with transaction.atomic():
        answered = Nomination.objects.filter(pk=nomination.pk, status=Nomination.ASKED).update(
            status=Nomination.AGREED if agree else Nomination.REFUSED, answered_at=timezone.now()
        )
        if not answered:
            return "already_answered"
        if agree:
            membership = _membership_to_reuse(_locked(nomination.cohort), user)
            if membership is not None and membership.status != Membership.NOMINATED:
                _change(membership, Membership.NOMINATED, user, nomination.reasons)
    return None


def create_invitation(cohort, facilitator, note=""):
    return Invitation.objects.create(
        cohort=cohort, created_by=facilitator, note=(note or "").strip()[:200], created_at=timezone.now()
    )


def use_invitation(token, user):
    """Join through an invitation link, as a guest; the link is then used up."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(token=token).select_related("cohort").first()
        if invitation is None:
            return "not_found"
        if invitation.used_by_id is not None:
            return None if invitation.used_by_id == user.pk else "invitation_used"
        cohort = _locked(invitation.cohort)
        if cohort.status == Cohort.FINISHED:
            return "not_open"
        membership = _membership_to_reuse(cohort, user)
        if membership is None:
            return "already_in"
        membership.guest = True
        if _has_seat(cohort):
            _activate(membership, user, "invitation")
        else:
            _change(membership, Membership.WAITLISTED, user, "invitation")
        Invitation.objects.filter(pk=invitation.pk).update(used_by=user, used_at=timezone.now())
    notifications.joined(membership)
    return None


ACCEPT = "accept"
WAITLIST = "waitlist"
DECLINE = "decline"


def decide(membership, facilitator, decision, message=""):
    """A facilitator accepts, waitlists or declines an application or nomination, with a message for the person."""
    message = (message or "").strip()[:MAX_TEXT]
    if membership.role != Membership.MEMBER or membership.status not in PENDING:
        return "not_pending"
    with transaction.atomic():
        cohort = _locked(membership.cohort)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status not in PENDING:
            return "not_pending"
        if decision == ACCEPT:
            if not _has_seat(cohort):
                return "cohort_full"
            _activate(membership, facilitator, message)
        elif decision == WAITLIST:
            _change(membership, Membership.WAITLISTED, facilitator, message)
        elif decision == DECLINE:
            _change(membership, Membership.DECLINED, facilitator, message)
        else:
            return "bad_choice"
    notifications.decided(membership, decision, message)
    return None


def withdraw(membership, user):
    """The member leaves; their course cohorts are left, and an open cohort's waitlist moves up."""
    if membership.user_id != user.pk or membership.status not in (*PENDING, Membership.ACTIVE):
        return "not_found"
    return _leave(membership, Membership.WITHDRAWN, user, "")


def remove(membership, facilitator, reason):
    """A facilitator removes a member, with a reason kept in the audit trail."""
    reason = (reason or "").strip()
    if not reason:
        return "reason_missing"
    if membership.status not in (*PENDING, Membership.ACTIVE):
        return "not_found"
    return _leave(membership, Membership.REMOVED, facilitator, reason)


def _leave(membership, to_status, actor, reason):
    with transaction.atomic():
        cohort = _locked(membership.cohort)
        was_seated = membership.status in Membership.SEATED
        _change(membership, to_status, actor, reason)
        transaction.on_commit(partial(sync.schedule, membership.pk))
        if was_seated and cohort.mode == Cohort.OPEN:
            _promote_waitlist(cohort)


def _promote_waitlist(cohort):
    """In an open cohort, the longest-waiting person takes a freed seat (the cohort is locked)."""
    waiting = (
        cohort.memberships.filter(role=Membership.MEMBER, status=Membership.WAITLISTED)
        .order_by("updated_at", "pk")
        .first()
    )
    if waiting is not None and _has_seat(cohort):
        _activate(waiting, None, "waitlist")
        transaction.on_commit(partial(notifications.decided, waiting, ACCEPT, ""))


def graduate(membership, finished_at):
    """The member finished every stage (called by progress, inside its transaction)."""
    membership.graduated_at = finished_at
    _change(membership, Membership.GRADUATED, None, "")


def add_staff(cohort, user, role, actor=None):
    """Make someone a facilitator or mentor of a cohort (the admin and staff do this)."""
    if role not in (Membership.FACILITATOR, Membership.MENTOR):
        return "bad_choice"
    with transaction.atomic():
        membership, _created = Membership.objects.get_or_create(
            cohort=cohort, user=user, defaults={"role": role, "status": Membership.ACTIVE}
        )
        if membership.role != role or _created:
            membership.role = role
            _change(membership, Membership.ACTIVE, actor, role)
    return None
