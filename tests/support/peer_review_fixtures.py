"""Helpers for peer-review tests: learners who submitted to an item, without the XBlock."""

import itertools
import uuid

from django.contrib.auth import get_user_model

from wikiskills.integrations.wikiskills_peer_review import submitting

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
