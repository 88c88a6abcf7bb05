"""Evidence from the rest of the platform raises learners' known skill levels (see ``evidence.py``)."""

from django.dispatch import receiver
from openedx_events.learning.signals import BADGE_AWARDED

from ..wikiskills_badges.events import BADGE_ORIGIN
from ..wikiskills_exercises.signals import exercises_passed
from . import api
from .evidence import BADGE, EDITING_SKILL, EXERCISE


@receiver(BADGE_AWARDED, dispatch_uid="wikiskills_skills.badge_awarded")
def badge_awarded(badge, **kwargs):
    """A WikiSkills badge aligned to a skill is evidence of that skill."""
    skill = api.skill_of_badge_class(badge.template.uuid) if badge.template.origin == BADGE_ORIGIN else None
    if skill:
        api.record_evidence_for_user_id(badge.user.id, skill, BADGE, badge.template.uuid)


@receiver(exercises_passed, dispatch_uid="wikiskills_skills.exercises_passed")
def editing_exercises_passed(attempts, **kwargs):
    """A passed editing exercise shows the basics of on-wiki editing."""
    for attempt in attempts:
        api.record_evidence_for_user_id(attempt.user_id, EDITING_SKILL, EXERCISE, attempt.usage_key)
