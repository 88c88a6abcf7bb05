"""Words for the account-linking step, shared by every block that asks for a verified wiki account.

The accounts app refuses with ``AccountLinkRefused`` codes; the blocks word them here, once.
"""

from wikiskills.integrations.wikiskills_accounts.linking import AccountLinkRefused

from .common import _

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
ASKED_RECENTLY = _("You asked a moment ago. You can ask again after {time} UTC.")
