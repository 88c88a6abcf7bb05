"""Wording for people: every problem code the tracks app returns, marked for translation.

Strings are marked with ``gettext_noop``; pages and the REST API translate them with ``gettext``.
"""

from django.utils.translation import gettext_noop as _

PROBLEMS = {
    "not_open": _("This cohort is not taking people this way now."),
    "already_in": _("You are already in this cohort, or waiting for an answer."),
    "answers_missing": _("Answer every question before you apply."),
    "unknown_person": _("Nobody on this site has that username."),
    "self_nomination": _("You cannot nominate yourself; apply instead."),
    "reasons_missing": _("Say why you nominate them: facilitators read it."),
    "already_nominated": _("You have already nominated them for this cohort."),
    "already_answered": _("This nomination was already answered."),
    "invitation_used": _("This invitation was already used by someone else. Ask the facilitator for a new one."),
    "not_pending": _("This person is not waiting for a decision any more."),
    "cohort_full": _("Every seat is taken. Waitlist them, or free a seat first."),
    "bad_choice": _("Choose one of the options."),
    "reason_missing": _("Give a reason: it is kept in the cohort's history."),
    "not_found": _("That is not there, or not yours to change."),
    "not_a_mentor": _("Choose one of this cohort's mentors."),
    "bad_date": _("Enter a date in the past year, as year-month-day, for example 2027-01-31."),
    "bad_minutes": _("Enter how long you met, in minutes, from 1 to 600."),
    "not_signed_off": _("Only stages that need a facilitator's sign-off can be signed off."),
    "message_missing": _("Write a subject and a message."),
    "not_allowed": _("You may not do this in this cohort."),
}
