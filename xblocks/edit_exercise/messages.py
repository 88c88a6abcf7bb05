"""Wording for people: every message the exercise shows, marked for translation.

The domain modules return stable codes and English templates; this module and
the block turn them into the learner's language through the runtime's i18n service.
"""

from wikiskills.integrations.wikiskills_accounts.linking import AccountLinkRefused

from ..common import _

LINK_REFUSALS = {
    AccountLinkRefused.TAKEN: _(
        "The wiki account {username} is already linked to another learner. "
        "If it is yours, ask the course staff for help."
    ),
    AccountLinkRefused.NO_SUCH_ACCOUNT: _(
        "{wiki} has no account named {username}. Check the spelling, including capital letters."
    ),
    AccountLinkRefused.INVALID_NAME: _('Enter your wiki username only, without "User:" or slashes.'),
    AccountLinkRefused.NO_CHALLENGE: _("First enter your wiki username to get a code."),
    AccountLinkRefused.EXPIRED: _("Your code has expired. Enter your username again to get a new one."),
    AccountLinkRefused.CODE_NOT_FOUND: _(
        "We found no edit by {username} to {page} that adds your code yet. "
        "Add the code to the page and save it, then try again."
    ),
}

STATUS_MESSAGES = {
    "not_configured": _("This exercise has not been set up yet."),
    "link_account": _("Link your wiki account, so we can find your edits."),
    "started": _('Make your edit on the wiki, then select "Check my edit".'),
    "pending": _("Checking your edit…"),
    "waiting": _("Your edit meets the criteria so far. We will check again after {time} UTC that it still stands."),
    "not_yet": _("Not yet. Here is what is still missing:"),
    "passed": _("Passed. Well done!"),
}

# Why a check could not decide (``ExerciseAttempt.check_problem``): never shown as "added 0 references".
PROBLEM_MESSAGES = {
    "text_hidden": _(
        "Your edit cannot be verified right now: its text (or the text before it) is hidden on {wiki}. "
        "The course staff will look at it, and we will check again later."
    ),
    "too_complex": _(
        "Your edit cannot be checked automatically: the page is too complex to analyse in time. "
        "The course staff will look at it."
    ),
    "account_changed": _(
        "Your wiki account's name has changed, or its old name now belongs to someone else. "
        "Link your account again under its new name, then check again."
    ),
}

ASKED_RECENTLY = _("You asked a moment ago. You can ask again after {time} UTC.")
WIKI_DOWN = _("The wiki is not answering right now. We will keep trying; come back in a few minutes.")
OVERRIDE_NEEDS_REASON = _("Give a score between 0 and 1 and a reason for the override.")
