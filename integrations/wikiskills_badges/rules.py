"""Which badge classes an event earns, from the rules admins and course teams set up."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .. import openedx_compat
from ..wikiskills_core import wikis
from .awarding import award_and_announce
from .models import AwardRule, BadgeClass


def badge_classes_for(trigger, course_key, count=1):
    """Badge classes whose enabled rules ``trigger`` in ``course_key`` satisfies (``count``: e.g. reviews given)."""
    return list(
        BadgeClass.objects.filter(
            rules__trigger=trigger, rules__course_key=course_key, rules__enabled=True, rules__threshold__lte=count
        )
        .select_related("issuer")
        .distinct()
    )


def courses_with_enabled_rule(trigger, course_keys):
    """Those of ``course_keys`` where an enabled rule listens for ``trigger`` (a cheap test before queueing work)."""
    rules = AwardRule.objects.filter(trigger=trigger, course_key__in=course_keys, enabled=True)
    return set(rules.values_list("course_key", flat=True))


def course_passed_evidence(course_key):
    return [{"url": openedx_compat.course_url(course_key), "narrative": _("Passed the course.")}]


def peer_reviews_evidence(course_key, count):
    """The course and how many reviews were given; never the reviewed work, which may be anonymous."""
    narrative = _("Gave {count} rubric reviews of peers' work in the course.").format(count=count)
    return [{"url": openedx_compat.course_url(course_key), "narrative": narrative}]


def exercise_passed_evidence(attempt):
    """Links to the learner's edits on the wiki that passed the exercise (their diffs)."""
    wiki = wikis.get_wiki(attempt.wiki)
    narrative = _("An edit on {wiki} that passed an editing exercise.").format(wiki=wiki.name)
    return [{"url": wiki.revision_url(revid), "narrative": narrative} for revid in attempt.evidence_revids]


def track_evidence(cohort_id, narrative):
    """A track stage or a whole track: the cohort's public page and what the member finished."""
    url = f"{openedx_compat.lms_root_url().rstrip('/')}{reverse('wikiskills_tracks:cohort', args=[cohort_id])}"
    return [{"url": url, "narrative": narrative}]


def award_for_trigger(trigger, user, course_key, evidence, count=1):
    """Award every badge class whose rules ``trigger`` (with ``count``) satisfies; returns the new awards.

    The one entry point for every trigger: course passed (the receiver), and the editing exercise,
    peer review and cohort track features, which pass their own evidence (the diff, the reviews).
    """
    created_awards = []
    for badge_class in badge_classes_for(trigger, course_key, count):
        award, created = award_and_announce(badge_class, user, evidence=evidence, course_key=course_key)
        if created:
            created_awards.append(award)
    return created_awards
