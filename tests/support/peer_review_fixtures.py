"""Helpers for peer-review tests and the peer-review bench: learners who submitted to an item, without the XBlock."""

import itertools
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model

from wikiskills.integrations.wikiskills_peer_review import submitting
from wikiskills.integrations.wikiskills_peer_review.models import PeerSubmission
from wikiskills.integrations.wikiskills_peer_review.policy import ReviewPolicy

_numbers = itertools.count()
COURSE = "course-v1:Wiki+Peer+2026"


def new_item():
    """A fresh item id, so examples of a property test never see each other's rows."""
    return f"item-{uuid.uuid4().hex[:12]}"


def submitter(item, policy, now, *, pool="", name=None, text="My work.", author=None, course_key=COURSE):
    """A learner's text submission to ``item``: ``author``'s, or a new learner's."""
    user = author or get_user_model().objects.create(username=name or f"learner{next(_numbers)}")
    return submitting.submit(
        item=item,
        author=user,
        anonymous_id=f"anon-{user.pk}",
        course_key=course_key,
        pool=pool,
        policy=policy,
        now=now,
        text=f"<p>{text}</p>",
    )


def bulk_submissions(item, author_ids, now, *, full=False, course_key=COURSE):
    """One text submission per author to ``item``, as ``submitting.submit`` stores them, a second apart and the
    newest just before ``now``: thousands in one INSERT, for measuring "next" at size.

    Only ``PeerSubmission`` rows (allocation never reads edx-submissions). ``full``: each already counts its
    reviews (no review rows), so "next" can only offer extra reviews.
    """
    policy = ReviewPolicy()
    start = now - timedelta(seconds=len(author_ids))
    PeerSubmission.objects.bulk_create(
        PeerSubmission(
            item_id=item,
            course_key=course_key,
            pool=policy.pool_for(None),
            author_id=author,
            submission_uuid=uuid.uuid4(),
            kind=PeerSubmission.TEXT,
            text=f"<p>Added two sources to article {number}.</p>",
            submitted_at=start + timedelta(seconds=number),
            status=PeerSubmission.ACTIVE,
            load=policy.must_be_graded_by if full else 0,
            needy=not full,
            required_reviews=policy.must_be_graded_by,
            required_given=policy.must_grade,
            fallback=policy.fallback,
            grace_ends_at=start + timedelta(seconds=number) + policy.grace,
            stall_check_at=start + timedelta(seconds=number) + policy.grace + policy.stall_wait,
        )
        for number, author in enumerate(author_ids)
    )
