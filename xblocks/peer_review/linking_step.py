"""The peer-review block's account-linking step: a wiki item asks for a verified wiki account before its
submit form, so a learner links it here instead of being refused after submitting.

A mixin like the staff panel; the accounts app does the verification through the peer-review API.
"""

from django.utils import timezone

from wikiskills.integrations.wikiskills_peer_review import api

from ..common import json_handler


class PeerReviewLinkingMixin:
    """Handlers of the linking step; each answers with the learner panel, the outcome as its notice."""

    def _linking_answer(self, step):
        """Run ``step(item, user, now)`` if the item takes wiki work and the learner has not submitted yet."""
        user, _is_staff = self._people()
        item = self._item()
        if not self.validate().empty or not item.wiki or api.own_submission(item, user) is not None:
            return self._answer(self.learner_state(user))
        return self._notice(user, step(item, user, timezone.now()))

    @json_handler
    def start_verification(self, data, suffix=""):
        """The learner names their wiki account and gets a one-time code to save on their sandbox."""
        username = str(data.get("username", ""))
        return self._linking_answer(lambda item, user, now: api.start_linking(item, user, username, now))

    @json_handler
    def complete_verification(self, data, suffix=""):
        """Link the account once its edit with the code is on the wiki."""
        return self._linking_answer(api.complete_linking)
