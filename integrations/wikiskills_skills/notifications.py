"""Emails about matches, in each recipient's own language, sent once the change is committed.

They name the other person only by their username and link to the matching page;
contact details are shown there, and only once both sides agreed.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from ..openedx_compat import lms_root_url, send_email, user_language

CHOSEN = (
    _("Someone would like to learn with you"),
    _("{name} would like to connect with you. Accept or decline here: {url}"),
)
ACCEPTED = (_("Your match accepted"), _("{name} accepted. You can now see how to reach each other: {url}"))
DECLINED = (_("Choose another suggestion"), _("{name} cannot take this on now. Choose another suggestion: {url}"))
FOUND = (_("We found someone for you"), _("We found someone who fits what you asked for. See why, and choose: {url}"))


def _send(user, message, **params):
    """Word the message in the recipient's language and send it after commit (a rollback sends nothing)."""
    subject, text = message

    def deliver():
        language = user_language(user)
        url = lms_root_url().rstrip("/") + reverse("wikiskills_skills:matching")
        with translation.override(language):
            send_email(user, gettext(subject), gettext(text).format(url=url, **params), language)

    transaction.on_commit(deliver)


def partner_chosen(match):
    """Tell the partner someone would like them as a mentor or peer, and where to answer."""
    _send(match.partner.user, CHOSEN, name=match.request.requester.user.username)


def partner_answered(match):
    """Tell the requester the partner accepted (contact details are now shown) or declined."""
    message = ACCEPTED if match.status == match.ACCEPTED else DECLINED
    _send(match.request.requester.user, message, name=match.partner.user.username)


def suggestions_ready(matches):
    """Tell each requester a batch run found them someone."""
    for match in matches:
        _send(match.request.requester.user, FOUND)
