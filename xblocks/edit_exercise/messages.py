"""Wording for people: every message the exercise shows, marked for translation.

The domain modules return stable codes and English templates; this module and
the block turn them into the learner's language through the runtime's i18n service.
"""

from ..common import _, ngettext

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

# What the learner is told about their score and the edit the last check judged.
SCORE = _("Your score: {earned} out of {possible}.")
OVERRIDDEN = _("The course staff set your score to {earned} out of {possible}. Their reason: {reason}")
JUDGED_NONE = _(
    "The last check found no edit of yours on the pages that count, made after {time} UTC. "
    "Edits saved before then, and the edit that linked your account, do not count."
)

# The staff table: each status (and each reason a check could not decide) in words.
STAFF_STATUS = {
    "started": _("Opened the exercise, not checked yet"),
    "pending": _("Being checked"),
    "not_yet": _("Checked: not passed yet"),
    "passed": _("Passed"),
}
STAFF_PROBLEMS = {
    "text_hidden": _("Needs staff: the edit's text is hidden on the wiki"),
    "too_complex": _("Needs staff: the page is too complex to check automatically"),
    "account_changed": _("Wiki account renamed: the learner must link it again"),
    "no_account": _("The learner's wiki account link was removed"),
}
OVERRIDE_DONE = _("Score of {learner} set to {score} out of 1. Reason recorded: {reason}")
RECHECK_ONE = _("Checking the edits of {learner} again; the table shows the result.")
RECHECK_NONE = _("Nobody to check again: a learner who passed is not checked again.")
RECHECK_MANY = ngettext(
    "Checking the edits of {count} learner again; the table shows the results.",
    "Checking the edits of {count} learners again; the table shows the results.",
)

WIKI_DOWN = _("The wiki is not answering right now. We will keep trying; come back in a few minutes.")
PROOF_EDIT_NOT_JUDGED = _("This edit only proves the account is yours: it never counts as your exercise edit.")
OVERRIDE_NEEDS_REASON = _("Give a score between 0 and 1 and a reason for the override.")

# Studio's criteria editor: each criterion type in words, and the one setting (if any) it takes.
CRITERION_KINDS = (
    ("bytes_added", _("Adds text: at least a number of bytes"), "min"),
    ("references_added", _("Cites sources: at least a number of references"), "min"),
    ("wikilinks_added", _("Adds links to other wiki pages: at least a number"), "min"),
    ("template_added", _("Adds a template"), "name"),
    ("section_added", _("Adds a new section"), ""),
    ("file_added", _("Adds an image or file"), ""),
    ("category_added", _("Adds a category"), ""),
    ("edit_summary", _("Has an edit summary"), "contains"),
    ("not_minor", _("Is not marked as minor"), ""),
    ("talk_page_section", _("Starts a discussion on a talk page"), "page"),
    ("still_stands", _("Still stands after a number of hours"), "hours"),
    ("reverted_vandalism", _("Reverts an unhelpful edit"), ""),
)
