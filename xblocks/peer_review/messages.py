"""Wording for people: every message the peer-review block shows, marked for translation.

The app's API returns codes (``api.Message``); ``WORDS`` gives each its words. Words that count
something are a ``Plural``: the block picks the form for the number with the runtime's ``ngettext``.
"""

from dataclasses import dataclass

from wikiskills.integrations.wikiskills_peer_review import api
from wikiskills.integrations.wikiskills_peer_review.allocation import ReviewRefused
from wikiskills.integrations.wikiskills_peer_review.policy import FALLBACK_NEIGHBOUR, FALLBACK_REDUCE, FALLBACK_STAFF
from wikiskills.integrations.wikiskills_peer_review.staff import (
    WAIT_FLAGGED,
    WAIT_GIVING,
    WAIT_NONE,
    WAIT_REMOVED,
    WAIT_REVIEWS,
    WAIT_STAFF,
)
from wikiskills.integrations.wikiskills_peer_review.submitting import SubmissionRefused

from ..common import _
from ..linking_messages import ASKED_RECENTLY, LINK_REFUSALS


@dataclass(frozen=True)
class Plural:
    """Words whose form depends on the number in the parameter ``count`` (languages have up to six forms)."""

    singular: str
    plural: str
    count: str


def ngettext(singular, plural, count):
    """Mark a plural for translation (extractors know ``ngettext``'s first two arguments); ``count`` names the
    parameter whose number picks the form when the block shows it."""
    return Plural(singular, plural, count)


STATUS = {
    "not_configured": _("This peer review has not been set up yet."),
    "submit": _("Submit your work. Then you review your peers' work, and they review yours."),
    "closed": _("Submissions closed on {time} UTC."),
    "reviewing": _("Review your peers' work: {given} of {required} done."),
    "waiting": ngettext(
        "You have {received} of the {needed} review your work needs so far.",
        "You have {received} of the {needed} reviews your work needs so far.",
        "needed",
    ),
    "link_account": _("Link your {wiki} account first: then submit the link to your edit."),
    "graded": _("Your grade: {points} of {max_points} points."),
    "removed": _("Course staff removed your submission. Contact them if you have questions."),
    "flagged": _("Your submission was reported and is waiting for course staff to look at it."),
}

SUBMISSION_REFUSALS = {
    SubmissionRefused.EMPTY: _("Your submission is empty. Write something first."),
    SubmissionRefused.TOO_LONG: ngettext(
        "Your text is too long: at most {limit} character.",
        "Your text is too long: at most {limit} characters.",
        "limit",
    ),
    SubmissionRefused.KIND_NOT_ALLOWED: _("This assignment does not accept that kind of work."),
    SubmissionRefused.BAD_REVISION_LINK: _(
        "Paste a link to your edit (a diff or permanent link from the page history) or its revision number."
    ),
    SubmissionRefused.NO_ACCOUNT: _("Link your {wiki} account first (the step above), so we know your edits."),
    SubmissionRefused.NO_SUCH_REVISION: _("The wiki has no revision {revid}. Check the link."),
    SubmissionRefused.NOT_YOUR_REVISION: _(
        "Revision {revid} was not made by your account {username}. Submit an edit you made yourself."
    ),
}

REVIEW_REFUSALS = {
    ReviewRefused.NOT_SUBMITTED: _("Submit your own work first; then you can review your peers."),
    ReviewRefused.NOT_OFFERED: _("That review is not yours to do. Ask for the next one instead."),
    ReviewRefused.WITHDRAWN: _("That work was withdrawn from review. Ask for the next one."),
}

NOTHING_TO_REVIEW = _("There is no work for you to review right now. Come back later; we keep your place.")
REVIEW_THANKS = _("Thank you, your review was sent.")
SUBMITTED = _("Your work was submitted.")
FLAG_THANKS = _("Thank you. Course staff will look at it.")
REVIEW_REPORTED = _(
    "Thank you. Your report was sent to course staff. The review counts in your grade until they decide."
)
TOO_MANY_REPORTS = ngettext(
    "You already have {limit} report waiting for course staff in this assignment. "
    "Review this work, or wait until staff have looked at your report.",
    "You already have {limit} reports waiting for course staff in this assignment. "
    "Review this work, or wait until staff have looked at your reports.",
    "limit",
)
# What anonymous reviewers of a wiki edit see instead of a user page's title or link, and the author's name.
AUTHOR_PAGE = _("the author's page")
AUTHOR = _("the author")
FLAG_NEEDS_REASON = ngettext(
    "Say briefly (at most {limit} character) why you are reporting it.",
    "Say briefly (at most {limit} characters) why you are reporting it.",
    "limit",
)
REVIEWS_CLOSED = _("Reviewing closed on {time} UTC.")
WIKI_DOWN = _("The wiki is not answering right now, so we could not check your edit. Nothing was lost; try again soon.")
NO_SUCH_LEARNER = _("No learner named {username} has submitted here.")
OVERRIDE_NEEDS_REASON = _("Give whole points from 0 to {max_points} and a reason for the override.")

# What happens to a learner's work in a small pool, before and after the grace period.
SMALL_POOL_PLAN = {
    FALLBACK_REDUCE: ngettext(
        "Your group is small. If no one else has submitted by {time} UTC, "
        "your grade will use the reviews you have by then, and you review only what there is.",
        "Your group is small. If fewer than {needed} others have submitted by {time} UTC, "
        "your grade will use the reviews you have by then, and you review only what there is.",
        "needed",
    ),
    FALLBACK_STAFF: ngettext(
        "Your group is small. If no one else has submitted by {time} UTC, course staff will review your work instead.",
        "Your group is small. If fewer than {needed} others have submitted by {time} UTC, "
        "course staff will review your work instead.",
        "needed",
    ),
    FALLBACK_NEIGHBOUR: ngettext(
        "Your group is small. If no one else has submitted by {time} UTC, "
        "learners from other groups of the course will review your work, and you will review theirs.",
        "Your group is small. If fewer than {needed} others have submitted by {time} UTC, "
        "learners from other groups of the course will review your work, and you will review theirs.",
        "needed",
    ),
}
# What happens to work its group does not review in time, before the second check and after it.
STALL_PLAN = {
    FALLBACK_REDUCE: ngettext(
        "If your work still has no review on {time} UTC, course staff will review it.",
        "If your work still has fewer than {needed} reviews on {time} UTC, your grade will use the reviews "
        "it has by then (or course staff will review it if it has none).",
        "needed",
    ),
    FALLBACK_STAFF: ngettext(
        "If your work still has no review on {time} UTC, course staff will review it instead.",
        "If your work still has fewer than {needed} reviews on {time} UTC, course staff will review it instead.",
        "needed",
    ),
    FALLBACK_NEIGHBOUR: ngettext(
        "If your work still has no review on {time} UTC, learners from other groups of the "
        "course will be asked to review it too.",
        "If your work still has fewer than {needed} reviews on {time} UTC, learners from other groups of the "
        "course will be asked to review it too.",
        "needed",
    ),
}
STALL_APPLIED = {
    "reduced": ngettext(
        "Too few reviews of your work came in time, so your grade uses the {needed} review it has.",
        "Too few reviews of your work came in time, so your grade uses the {needed} reviews it has.",
        "needed",
    ),
    "staff": _("Too few reviews of your work came in time, so course staff will review it."),
    "shared": _("Too few reviews of your work came in time, so learners from other groups can review it too."),
}
FALLBACK_APPLIED = {
    "reduced": _("Your group is small, so fewer reviews are asked: of your work, {needed}; by you, {to_give}."),
    "staff": _("Your group is small, so course staff will review your work. You will see their review here."),
    "shared": _("Your group is small, so learners from other groups of the course are reviewing your work."),
    "across": _("Your group is small, so you review work from other groups of the course."),
}

# The linking step a wiki item shows before its submit form (the accounts app verifies the account).
# Its refusals are worded once for every block, in xblocks/linking_messages.py.
CODE_GIVEN = _('Your code is ready. Save it on {page} while logged in as {username}, then select "I saved the code".')
ACCOUNT_LINKED = _("Your account {username} on {wiki} is linked. Now submit the link to your edit.")
LINK_WIKI_DOWN = _(
    "The wiki is not answering right now, so we could not check your account. Nothing was lost; try again soon."
)

# What staff are told after each of their actions, so they know it was done (and to whom).
STAFF_ASSIGNED = _("{reviewer} will review {author}'s work next.")
STAFF_REVIEWED = _("Your staff review of {author}'s work was saved: {points} of {max_points} points.")
STAFF_OVERRIDDEN = _("{author}'s grade is now {points} of {max_points} points. Reason: {reason}")
STAFF_MODERATED = {
    "restore_submission": _("{author}'s work is in review again; its reports were dismissed."),
    "remove_submission": _("{author}'s work was removed from review."),
    "restore_review": _("The review of {author}'s work was kept; its report was dismissed."),
    "remove_review": _("The review of {author}'s work was removed; it no longer counts."),
}

# Settings Studio refuses, beside a rubric's own problems.
SETTINGS_PROBLEMS = {
    api.NO_KIND: _("Accept written text, an edit on a wiki, or both."),
    api.UNKNOWN_WIKI: _("Choose one of the allowed wikis: {keys}."),
    api.REVIEW_COUNT: _("{field} must be a whole number from 1 to {maximum}."),
    api.NO_TEAMSET: _("Give the teamset whose teams review within themselves, or choose another 'Who reviews whom'."),
    api.NOT_POSITIVE: _("Lease hours and weight must be more than 0, and grace days 0 or more."),
    api.BAD_DATE: _("Enter {field} as YYYY-MM-DD HH:MM, for example 2026-09-01 18:00."),
}

# Every code the API returns, with its words (a dict by ``kind`` where the message has variants).
WORDS = {
    **STATUS,
    **SUBMISSION_REFUSALS,
    **REVIEW_REFUSALS,
    **SETTINGS_PROBLEMS,
    api.SUBMITTED: SUBMITTED,
    api.WIKI_DOWN: WIKI_DOWN,
    api.REVIEWS_CLOSED: REVIEWS_CLOSED,
    api.NOTHING_TO_REVIEW: NOTHING_TO_REVIEW,
    api.REVIEW_THANKS: REVIEW_THANKS,
    api.FLAG_NEEDS_REASON: FLAG_NEEDS_REASON,
    api.TOO_MANY_REPORTS: TOO_MANY_REPORTS,
    api.FLAG_THANKS: FLAG_THANKS,
    api.REVIEW_REPORTED: REVIEW_REPORTED,
    api.NO_SUCH_LEARNER: NO_SUCH_LEARNER,
    api.OVERRIDE_NEEDS_REASON: OVERRIDE_NEEDS_REASON,
    api.SMALL_POOL_PLAN: SMALL_POOL_PLAN,
    api.STALL_PLAN: STALL_PLAN,
    api.STALL_APPLIED: STALL_APPLIED,
    api.FALLBACK_APPLIED: FALLBACK_APPLIED,
    api.LINK_REFUSED: LINK_REFUSALS,
    api.CODE_GIVEN: CODE_GIVEN,
    api.ACCOUNT_LINKED: ACCOUNT_LINKED,
    api.ASKED_RECENTLY: ASKED_RECENTLY,
    api.LINK_WIKI_DOWN: LINK_WIKI_DOWN,
    api.STAFF_ASSIGNED: STAFF_ASSIGNED,
    api.STAFF_REVIEWED: STAFF_REVIEWED,
    api.STAFF_OVERRIDDEN: STAFF_OVERRIDDEN,
    api.STAFF_MODERATED: STAFF_MODERATED,
}

WAITING_ON = {
    WAIT_FLAGGED: _("flagged: waits for staff"),
    WAIT_REMOVED: _("removed by staff"),
    WAIT_STAFF: _("waits for a staff review"),
    WAIT_REVIEWS: _("waits for reviews of their work"),
    WAIT_GIVING: _("must review more peers"),
    WAIT_NONE: _("graded"),
}

# The staff table in words, never the stored codes.
REVIEW_KIND = {"peer": _("peer review"), "self": _("self-review"), "staff": _("staff review")}
REVIEW_STATE = {
    "leased": _("being written"),
    "done": _("sent"),
    "released": _("not sent in time"),
    "flagged": _("reported"),
    "removed": _("removed by staff"),
}
GRADE_SOURCE = {"peers": _("median of peer reviews"), "staff": _("staff review"), "override": _("set by staff")}
# The diff's markers for screen readers (sighted readers see "−" and "+").
DIFF_REMOVED = _("Removed line:")
DIFF_ADDED = _("Added line:")
