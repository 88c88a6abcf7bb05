"""`load_demo_data` sets up the "Event organizers" track, its cohorts and people, and a community that
adapted the organizer role; a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from demo.management.commands.load_demo_data import DEMO_COHORT, DEMO_COMMUNITY, DEMO_COURSE_KEY, OPEN_COHORT
from wikiskills.integrations.wikiskills_badges.models import Award, AwardRule
from wikiskills.integrations.wikiskills_leadership.models import CommunityMember, EvidenceConsent, RoleVersion
from wikiskills.integrations.wikiskills_tracks.models import (
    CheckIn,
    Cohort,
    CourseSync,
    Invitation,
    Membership,
    MembershipEvent,
    ProgressFact,
    Requirement,
    StageProgress,
    Track,
)

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path, skills_taxonomy):
    """Badge images in a temporary directory; the taxonomy the demo's badges align to."""
    settings.MEDIA_ROOT = str(tmp_path)


def load():
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def roster(cohort):
    return {
        (m.user.username, m.role, m.status) for m in Membership.objects.filter(cohort=cohort).select_related("user")
    }


def snapshot():
    """Counts of every row the tracks part of the demo writes."""
    models = (
        Track,
        Cohort,
        Membership,
        MembershipEvent,
        ProgressFact,
        StageProgress,
        CheckIn,
        Invitation,
        CourseSync,
        RoleVersion,
        CommunityMember,
        EvidenceConsent,
    )
    counts = {model.__name__: model.objects.count() for model in models}
    counts["Award"] = Award.objects.count()
    counts["AwardRule"] = AwardRule.objects.count()
    return counts


def test_demo_track_cohorts_and_people(media):
    output = load()

    track = Track.objects.get(slug="organizers")
    assert track.title == "Event organizers"
    assert set(track.titles) == {"es", "pt", "ar"}
    assert list(track.courses.values_list("course_key", flat=True)) == [DEMO_COURSE_KEY]
    kinds = [list(stage.requirements.values_list("kind", flat=True)) for stage in track.stages.order_by("order")]
    assert kinds == [[Requirement.COURSE_PASSED], [Requirement.MENTORING_MINUTES], [Requirement.SIGN_OFF]]
    assert AwardRule.objects.filter(
        trigger=AwardRule.TRACK_STAGE_COMPLETED, course_key="track-v1:organizers+stage@1"
    ).exists()

    cohort = Cohort.objects.get(name=DEMO_COHORT)
    assert (cohort.status, cohort.mode, cohort.capacity) == (Cohort.RUNNING, Cohort.APPLICATION, 12)
    assert cohort.questions
    assert roster(cohort) == {
        ("instructor_ivan", Membership.FACILITATOR, Membership.ACTIVE),
        ("mentor_mariana", Membership.MENTOR, Membership.ACTIVE),
        ("learner_kwame", Membership.MEMBER, Membership.APPLIED),
        ("learner_mei", Membership.MEMBER, Membership.ACTIVE),
    }
    mei = Membership.objects.get(cohort=cohort, user__username="learner_mei")
    assert mei.mentor.username == "mentor_mariana"
    assert list(mei.progress.values_list("stage__order", flat=True)) == [1]
    assert Award.objects.filter(recipient=mei.user, badge_class__slug="organizers-foundations").exists()
    assert mei.check_ins.count() == 1
    assert CourseSync.objects.get(membership=mei).in_course_cohort

    assert track.role_code == "edit_a_thon_organizer"
    adapted = RoleVersion.objects.get(community__slug=DEMO_COMMUNITY, role__code="edit_a_thon_organizer")
    assert (adapted.number, adapted.changed_by.username) == (2, "mentor_mariana")
    assert EvidenceConsent.objects.filter(user=mei.user, withdrawn_at=None).exists()

    open_cohort = Cohort.objects.get(name=OPEN_COHORT)
    assert (open_cohort.mode, open_cohort.status) == (Cohort.OPEN, Cohort.ENROLLING)
    assert f"/tracks/cohorts/{cohort.pk}/dashboard/" in output


def test_demo_data_loads_twice_without_changes(media):
    load()
    first = snapshot()
    load()
    assert snapshot() == first
