"""Signals other WikiSkills apps listen to (badges count the reviews a learner gave)."""

from django.dispatch import Signal

# Sent after commit when a learner finishes a peer review; ``review`` is the PeerReview.
peer_review_done = Signal()
