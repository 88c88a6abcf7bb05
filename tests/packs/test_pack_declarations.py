"""A pack's declared badges and track stages, made into platform records by the two management commands.

``wikiskills_pack_badges`` and ``wikiskills_pack_stages`` run for the ``organizing-community-event`` pack and
a course built from it; running them again changes nothing, and the records they make really work: the
badge's rule awards it when the course is passed, and the stage is done once its facts are recorded.
"""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from tests.support.tracks_fixtures import accepted
from wikiskills.course_templates import api as packs_api
from wikiskills.integrations.wikiskills_badges import pack_badges, rules
from wikiskills.integrations.wikiskills_badges.images import validate_badge_image
from wikiskills.integrations.wikiskills_badges.models import AwardRule, BadgeClass
from wikiskills.integrations.wikiskills_tracks.models import Requirement, Stage, StageProgress, TrackCourse
from wikiskills.integrations.wikiskills_tracks.progress import record_fact

pytestmark = [pytest.mark.django_db]

PACK = "organizing-community-event"
COURSE = "course-v1:Wikimedia+Event101+2027"
EVENT_PLAN = "block-v1:Wikimedia+Event101+2027+type@wikiskills_peer_review+block@event-plan"
SLUG = "community-event-organizer"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def run(command, *args, **options):
    out = StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def counts():
    return (
        BadgeClass.objects.count(),
        AwardRule.objects.count(),
        Stage.objects.count(),
        Requirement.objects.count(),
        TrackCourse.objects.count(),
    )


# -- badges --------------------------------------------------------------------------------------


def test_badges_in_spanish_with_a_course_passed_rule_and_an_image_once(issuer):
    out = run("wikiskills_pack_badges", PACK, COURSE, language="es")
    assert f"created badge class {SLUG}" in out

    badge_class = BadgeClass.objects.get(slug=SLUG)
    assert badge_class.issuer == issuer
    assert badge_class.language == "es"
    assert badge_class.name == "Organizador de eventos comunitarios"
    assert badge_class.description.startswith("Planificó un evento comunitario")
    assert badge_class.criteria_narrative == "Aprobó el curso «Organizar un evento comunitario»."
    assert badge_class.image.name.endswith(".svg")
    with badge_class.image.open("rb") as image:
        validate_badge_image(ContentFile(image.read(), name="badge.svg"))  # an image the badges app bakes
    BadgeClass.objects.get(slug=SLUG).full_clean()  # what the admin form checks, image included
    rule = AwardRule.objects.get(badge_class=badge_class)
    assert (rule.trigger, rule.course_key, rule.enabled) == (AwardRule.COURSE_PASSED, COURSE, True)

    before = counts()
    again = run("wikiskills_pack_badges", PACK, COURSE, language="es")
    assert counts() == before
    assert f"already there: badge class {SLUG}" in again and "already there: rule" in again


def test_an_existing_badge_class_keeps_its_texts_and_only_gains_the_rule(issuer, learner):
    BadgeClass.objects.create(
        slug=SLUG,
        issuer=issuer,
        name="Event organizer (our own words)",
        description="Ours.",
        criteria_narrative="Ours.",
        image_url="https://learn.example.org/static/event.png",
    )
    out = run("wikiskills_pack_badges", PACK, COURSE, language="fr")
    assert "kept as it is" in out and "created rule" in out
    badge_class = BadgeClass.objects.get(slug=SLUG)
    assert (badge_class.name, badge_class.language, badge_class.image.name) == (
        "Event organizer (our own words)",
        "en",
        "",
    )
    assert badge_class.rules.get().course_key == COURSE

    # Another run of the same course: an admin's disabled rule stays disabled.
    badge_class.rules.update(enabled=False)
    assert "(disabled)" in run("wikiskills_pack_badges", PACK, COURSE)
    assert AwardRule.objects.filter(badge_class=badge_class).count() == 1


def test_a_language_the_pack_lacks_falls_back_to_its_english_words(issuer):
    out = run("wikiskills_pack_badges", PACK, COURSE, language="de")
    assert "no 'de' texts" in out
    badge_class = BadgeClass.objects.get(slug=SLUG)
    assert (badge_class.language, badge_class.name) == ("en", "Community event organizer")
    assert badge_class.criteria_narrative == 'Passed the course "Organizing a community event".'


def test_badges_errors_are_command_errors(db, issuer):
    with pytest.raises(CommandError, match="no learning pack 'no-such-pack'"):
        run("wikiskills_pack_badges", "no-such-pack", COURSE)
    with pytest.raises(CommandError, match="not a course key"):
        run("wikiskills_pack_badges", PACK, "Event101")
    with pytest.raises(CommandError, match="No issuer 'nobody'"):
        run("wikiskills_pack_badges", PACK, COURSE, issuer="nobody")
    issuer.pk, issuer.slug = None, "second-issuer"
    issuer.save()
    with pytest.raises(CommandError, match="several issuers"):
        run("wikiskills_pack_badges", PACK, COURSE)
    assert not BadgeClass.objects.exists() and not AwardRule.objects.exists()
    run("wikiskills_pack_badges", PACK, COURSE, issuer="second-issuer")
    assert BadgeClass.objects.get(slug=SLUG).issuer.slug == "second-issuer"


def test_the_badge_image_escapes_the_name():
    svg = pack_badges.badge_image('Tom & Jerry <"organizers">', SLUG).decode()
    assert '<title>Tom &amp; Jerry &lt;"organizers"&gt;</title>' in svg and ">CE</text>" in svg
    validate_badge_image(ContentFile(svg.encode(), name="badge.svg"))


# -- stages --------------------------------------------------------------------------------------


def test_the_stages_in_each_of_a_tracks_languages_come_from_one_reading_of_the_pack(monkeypatch):
    reads = []
    load_pack = packs_api.packs.load_pack
    monkeypatch.setattr(packs_api.packs, "load_pack", lambda name: reads.append(name) or load_pack(name))

    editions = packs_api.declarations_in(PACK, COURSE, "es", ["en", "ar", "hi", "es"])

    assert reads == [PACK]
    assert list(editions) == ["es", "en", "ar", "hi"]
    assert [editions[code].language for code in editions] == ["es", "en", "ar", "en"]  # no Hindi catalog: the source
    for code in ("es", "en", "ar"):
        assert editions[code] == packs_api.declarations(PACK, COURSE, code)


def test_the_stage_is_appended_with_its_requirements_and_the_course_once(leadership_track):
    out = run("wikiskills_pack_stages", PACK, COURSE, track="organizers", language="es")
    assert "created stage 4 'Organiza un evento comunitario'" in out and f"added course {COURSE}" in out

    stage = leadership_track.stages.get(order=4)  # after the track's three stages
    assert stage.title == "Organiza un evento comunitario"
    # The track's other languages the pack translates (the track is in en, es, ar).
    assert stage.titles == {
        "es": "Organiza un evento comunitario",
        "en": "Run a community event",
        "ar": packs_api.declarations(PACK, COURSE, "ar").stages[0].title,  # as the Arabic catalog has it
    }
    requirements = list(stage.requirements.order_by("pk").values_list("kind", "key"))
    assert requirements == [(Requirement.BLOCK_DONE, EVENT_PLAN), (Requirement.CAPSTONE, "")]
    course = TrackCourse.objects.get(track=leadership_track, course_key=COURSE)
    assert course.order == 3  # after the track's two courses

    before = counts()
    again = run("wikiskills_pack_stages", PACK, COURSE, track="organizers", language="es")
    assert counts() == before
    assert "already there: stage 4" in again and f"already there: course {COURSE}" in again
    # Its title in another language is the same stage, too.
    run("wikiskills_pack_stages", PACK, COURSE, track="organizers")
    assert counts() == before

    # Another run of the course: the stage stays as it is (said so), the course joins the track.
    next_run = "course-v1:Wikimedia+Event101+2028"
    out = run("wikiskills_pack_stages", PACK, next_run, track="organizers")
    assert "already there: stage 4" in out and "does not have these declared requirements: block_done" in out
    assert f"added course {next_run}" in out
    assert list(stage.requirements.values_list("key", flat=True)) == [EVENT_PLAN, ""]


def test_stages_errors_are_command_errors(leadership_track):
    with pytest.raises(CommandError, match="No track 'nowhere'"):
        run("wikiskills_pack_stages", PACK, COURSE, track="nowhere")
    with pytest.raises(CommandError, match="no learning pack 'no-such-pack'"):
        run("wikiskills_pack_stages", "no-such-pack", COURSE, track="organizers")
    with pytest.raises(CommandError, match="not a course key"):
        run("wikiskills_pack_stages", PACK, EVENT_PLAN, track="organizers")
    with pytest.raises(CommandError):
        run("wikiskills_pack_stages", PACK, COURSE)  # --track is required
    assert leadership_track.stages.count() == 3
    assert not TrackCourse.objects.filter(course_key=COURSE).exists()


# -- end to end: the records work -----------------------------------------------------------------


def test_after_both_commands_the_facts_finish_the_stage_and_the_course_earns_the_badge(
    issuer, make_cohort, person, django_capture_on_commit_callbacks
):
    cohort = make_cohort()
    track = cohort.track
    track.sequential = False  # the pack's stage, whatever the member did of the others
    track.save(update_fields=["sequential"])
    run("wikiskills_pack_badges", PACK, COURSE, language="es")
    out = run("wikiskills_pack_stages", PACK, COURSE, track=track.slug, language="es")
    assert f"wikiskills_tracks_rebuild {cohort.pk}" in out  # the cohort's members are caught up by hand
    stage = track.stages.get(title="Organiza un evento comunitario")
    member = person("organizer")
    membership = accepted(cohort, member)

    assert record_fact(member.pk, Requirement.BLOCK_DONE, EVENT_PLAN, 1, source="peer review given")
    assert not StageProgress.objects.filter(membership=membership, stage=stage).exists()  # the capstone is missing
    assert record_fact(member.pk, Requirement.CAPSTONE, str(stage.pk), 1, source="capstone")
    assert StageProgress.objects.filter(membership=membership, stage=stage).exists()

    (award,) = rules.award_for_trigger(AwardRule.COURSE_PASSED, member, COURSE, evidence=[])
    assert award.badge_class.slug == SLUG and award.course_key == COURSE
