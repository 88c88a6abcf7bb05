"""Emails of the tracks app, each in its recipient's language (edx-ace in the LMS, Django mail in the demo).

Every function is called after the change it reports is committed; a failing mail server never
undoes a decision (errors are logged, not raised).
"""

import logging
from contextlib import suppress

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .. import openedx_compat
from .models import Membership

log = logging.getLogger(__name__)


def _link(name, *args):
    return f"{openedx_compat.lms_root_url().rstrip('/')}{reverse(f'wikiskills_tracks:{name}', args=args)}"


def _send(user, subject_and_text):
    """Word the message in the recipient's language (``subject_and_text()`` runs under it) and send it."""
    language = openedx_compat.user_language(user)
    with translation.override(language):
        subject, text = subject_and_text()
    try:
        openedx_compat.send_email(user, subject, text, language)
    except Exception:  # mail trouble must not undo what happened
        log.exception("could not email user %s", user.pk)


def _facilitators(cohort):
    memberships = cohort.memberships.filter(role=Membership.FACILITATOR, status=Membership.ACTIVE)
    return [membership.user for membership in memberships.select_related("user")]


def joined(membership):
    cohort = membership.cohort
    if membership.status == Membership.WAITLISTED:
        words = lambda: (  # noqa: E731
            _("You are on the waitlist of {cohort}").format(cohort=cohort.name),
            _("Every seat of {cohort} is taken. We will tell you when one is yours.").format(cohort=cohort.name),
        )
    else:
        words = lambda: (  # noqa: E731
            _("Welcome to {cohort}").format(cohort=cohort.name),
            _("You are in. Your stages and what to do next: {link}").format(link=_link("my_tracks")),
        )
    _send(membership.user, words)


def application_received(membership):
    cohort = membership.cohort
    for facilitator in _facilitators(cohort):
        _send(
            facilitator,
            lambda: (
                _("New application to {cohort}").format(cohort=cohort.name),
                _("{name} applied. Decide on the dashboard: {link}").format(
                    name=membership.user.username, link=_link("dashboard", cohort.pk)
                ),
            ),
        )
    _send(
        membership.user,
        lambda: (
            _("We received your application to {cohort}").format(cohort=cohort.name),
            _("The facilitators will answer you by email."),
        ),
    )


def decided(membership, decision, message):
    cohort = membership.cohort

    def words():
        subjects = {
            "accept": _("You are in {cohort}"),
            "waitlist": _("You are on the waitlist of {cohort}"),
            "decline": _("About your place in {cohort}"),
        }
        text = _("See your tracks: {link}").format(link=_link("my_tracks"))
        if message:
            text = _("A message from the facilitators:") + f"\n\n{message}\n\n{text}"
        return subjects[decision].format(cohort=cohort.name), text

    _send(membership.user, words)


def nomination_asks_consent(nomination):
    cohort = nomination.cohort
    _send(
        nomination.nominee,
        lambda: (
            _("You were nominated for {cohort}").format(cohort=cohort.name),
            _(
                "{name} nominated you. Nothing is shared with the facilitators unless you agree. Answer here: {link}"
            ).format(name=nomination.nominator.username, link=_link("nomination", nomination.pk)),
        ),
    )


def invitation(invitation_row):
    """Send an invitation link to the address a facilitator gave (people from outside have no account yet)."""
    if not invitation_row.email:
        return
    from django.core.mail import send_mail  # noqa: PLC0415  (no account, so no edx-ace recipient)

    cohort = invitation_row.cohort
    with translation.override(cohort.language):
        subject = _("You are invited to {cohort}").format(cohort=cohort.name)
        text = _("Join here; you can create an account on the way: {link}").format(
            link=_link("invitation", invitation_row.token)
        )
    with suppress(Exception):
        send_mail(subject, text, None, [invitation_row.email])


def stage_done(membership, stage):
    _send(
        membership.user,
        lambda: (
            _("Stage done: {stage}").format(stage=stage.display_title),
            _("Well done. What comes next: {link}").format(link=_link("my_tracks")),
        ),
    )


def stalled(membership):
    _send(
        membership.user,
        lambda: (
            _("How is {cohort} going?").format(cohort=membership.cohort.name),
            _("We have not seen progress for a while. Your next step, and who can help: {link}").format(
                link=_link("my_tracks")
            ),
        ),
    )


def mentor_assigned(membership):
    mentor = membership.mentor
    _send(
        membership.user,
        lambda: (
            _("Your mentor in {cohort}").format(cohort=membership.cohort.name),
            _("{name} is your mentor. Log your check-ins here: {link}").format(
                name=mentor.username, link=_link("member", membership.pk)
            ),
        ),
    )
    _send(
        mentor,
        lambda: (
            _("A new mentee in {cohort}").format(cohort=membership.cohort.name),
            _("{name} is now your mentee: {link}").format(name=membership.user.username, link=_link("mentoring")),
        ),
    )


def message_cohort(cohort, subject, text):
    """A facilitator's message to every active member; the same words for each (the facilitator wrote them)."""
    members = cohort.memberships.filter(role=Membership.MEMBER, status__in=Membership.FOLLOWED).select_related("user")
    for membership in members:
        _send(membership.user, lambda: (subject, text))
    return len(members)
