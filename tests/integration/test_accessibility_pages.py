"""axe-core on every Django page of ours, in English and Arabic: no serious or critical violation.

Each test builds one app's people and records, then opens each of its pages as the person who uses it and
scans the whole page (the page is ours, from <html> down). The totals of each page are printed
(``axe: <page>: lang=.. violations=.. serious=.. passes=..``); a failure lists each serious or critical
violation with axe's selector of the element and the rule's help text.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.support.axe import LANGUAGES, fail_on_blocking, page_in, scan
from tests.support.tracks_fixtures import accepted
from wikiskills.integrations.wikiskills_leadership import api as leadership_api
from wikiskills.integrations.wikiskills_leadership.models import Community, CommunityMember, Project
from wikiskills.integrations.wikiskills_tracks import api as tracks_api
from wikiskills.integrations.wikiskills_tracks.models import Cohort, Invitation, Membership, Nomination, Requirement

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ORGANIZER = "edit_a_thon_organizer"
# Charts (inline SVG) whose figure has no table with a caption: a chart without its data table alternative.
CHARTS_WITHOUT_TABLE = """() => Array.from(document.querySelectorAll("svg[role=img]"))
  .filter((chart) => !chart.closest("figure")?.querySelector("table caption"))
  .map((chart) => chart.getAttribute("aria-labelledby"))"""


def scan_pages(browser, script, base_url, language, visits):
    """Opens each ``(name, path, user)`` as that user (None: nobody signed in), checks that it is in ``language``
    and that each chart has its data table, and scans the whole page."""
    reports = []
    for name, path, user in visits:
        with page_in(browser, base_url, language, user) as page:
            response = page.goto(f"{base_url}{path}")
            assert response.status == 200, f"{name}: {path} answered {response.status}"
            assert page.evaluate("document.documentElement.lang").startswith(language), f"{name}: not in {language}"
            assert page.evaluate(CHARTS_WITHOUT_TABLE) == [], f"{name}: a chart has no data table"
            reports.append(scan(page, script, name, language))
    return reports


@pytest.mark.parametrize("language", LANGUAGES)
def test_badge_pages(language, live_server, axe_browser, axe_script, award, learner, staff_user):  # noqa: PLR0917
    visits = [
        ("badges: my badges", "/badges/mine/", learner),
        ("badges: verification", f"/badges/verify/{award.uuid}/", None),
        ("badges: verification (staff)", f"/badges/verify/{award.uuid}/", staff_user),
        ("badges: manual award", "/badges/manage/award/", staff_user),
        ("badges: skills", "/badges/skills/", None),
    ]
    fail_on_blocking(scan_pages(axe_browser, axe_script, live_server.url, language, visits))


@pytest.mark.parametrize("language", LANGUAGES)
def test_skills_pages(language, live_server, axe_browser, axe_script, skilled_learner, django_user_model):  # noqa: PLR0917
    ana = skilled_learner("ana", skills={"editing_articles": (4, True, False)}, visibility="public")
    ben = skilled_learner("ben", skills={"editing_articles": (2, False, True)})
    staff = django_user_model.objects.create_user("sam", "sam@example.org", "pw", is_staff=True)
    visits = [
        ("skills: my skills", "/skills/mine/", ana),
        ("skills: person", "/skills/people/ana/", ben),
        ("skills: skill", "/skills/skill/editing_articles/", ana),
        ("skills: map", "/skills/map/", staff),
        ("skills: taxonomy", "/skills/taxonomy/", staff),
        ("skills: matching", "/skills/matching/", ben),
    ]
    fail_on_blocking(scan_pages(axe_browser, axe_script, live_server.url, language, visits))


@pytest.mark.parametrize("language", LANGUAGES)
def test_tracks_pages(language, live_server, axe_browser, axe_script, make_cohort, person):  # noqa: PLR0917
    cohort = make_cohort()
    mateo = Membership.objects.get(cohort=cohort, role=Membership.MENTOR).user
    fatima = Membership.objects.get(cohort=cohort, role=Membership.FACILITATOR).user
    ana = person("ana")
    membership = accepted(cohort, ana, mentor="mateo")
    assert tracks_api.apply(cohort, person("ben"), ["I want to run a photo walk."]) is None
    tracks_api.create_invitation(cohort, fatima, "Zoe from the museum")
    invitation = Invitation.objects.get(note="Zoe from the museum")
    nominated = make_cohort(mode=Cohort.NOMINATION, name="Nominated ones", facilitator="fatima", mentor=None)
    dana = person("dana")
    assert tracks_api.nominate(nominated, ana, dana, "She organises well.") is None
    nomination = Nomination.objects.get(nominee=dana)
    visits = [
        ("tracks: catalogue", "/tracks/", None),
        ("tracks: my tracks", "/tracks/mine/", ana),
        ("tracks: cohort", f"/tracks/cohorts/{cohort.pk}/", person("gus")),
        ("tracks: dashboard", f"/tracks/cohorts/{cohort.pk}/dashboard/", fatima),
        ("tracks: member", f"/tracks/memberships/{membership.pk}/", ana),
        ("tracks: mentoring", "/tracks/mentoring/", mateo),
        ("tracks: invitation", f"/tracks/invitations/{invitation.token}/", person("zoe")),
        ("tracks: nomination", f"/tracks/nominations/{nomination.pk}/", dana),
    ]
    fail_on_blocking(scan_pages(axe_browser, axe_script, live_server.url, language, visits))


@pytest.fixture
def leadership_world(skills_taxonomy, skilled_learner, make_cohort, person, django_user_model):
    """A community with a learner and a coordinator; a cohort whose last stage is a capstone project."""
    leadership_api.load_shipped_roles()
    spain = Community.objects.create(slug="wmes", name="Wikimedia España", names={"es": "Wikimedia España"})
    ana = skilled_learner("ana", skills={"editing_articles": (4, False, False)})
    carla = person("carla")
    CommunityMember.objects.create(community=spain, user=ana)
    CommunityMember.objects.create(community=spain, user=carla, coordinator=True)
    cohort = make_cohort()
    track = cohort.track
    track.sequential = False
    track.save(update_fields=["sequential"])
    capstone = track.stages.get(order=3)
    capstone.requirements.update(kind=Requirement.CAPSTONE, label="Your community project")
    membership = accepted(cohort, ana)
    starts = timezone.now() - timedelta(hours=1)
    project = Project.objects.create(
        owner=ana,
        membership=membership,
        stage=capstone,
        title="Women in science edit-a-thon",
        wiki="demo",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        public=True,
    )
    newcomer = accepted(cohort, person("nadia"))
    leadership_api.agree(ana)
    return {
        "ana": ana,
        "carla": carla,
        "staff": django_user_model.objects.create_user("sam", "sam@example.org", "pw", is_staff=True),
        "project": project,
        "newcomer": newcomer,
        "capstone": capstone,
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_leadership_pages(language, live_server, axe_browser, axe_script, leadership_world):
    world = leadership_world
    ana, project, newcomer = world["ana"], world["project"], world["newcomer"]
    role = f"/leadership/roles/{ORGANIZER}"
    visits = [
        ("leadership: roles list", "/leadership/roles/", ana),
        ("leadership: role detail and picker", f"{role}/", ana),
        ("leadership: role history", f"{role}/history/", ana),
        ("leadership: role adapt", f"/leadership/communities/wmes/roles/{ORGANIZER}/adapt", world["carla"]),
        (
            "leadership: new project",
            f"/leadership/projects/new?membership={newcomer.pk}&stage={world['capstone'].pk}",
            newcomer.user,
        ),
        ("leadership: project page", f"/leadership/projects/{project.pk}/", ana),
        ("leadership: public project page", f"/leadership/projects/{project.pk}/public/", None),
        ("leadership: project sign-up", f"/leadership/projects/join/{project.signup_token}/", None),
        ("leadership: my evidence", "/leadership/evidence/", ana),
        ("leadership: a person's evidence", "/leadership/evidence/ana/", world["staff"]),
        ("leadership: people", "/leadership/people/", world["staff"]),
    ]
    fail_on_blocking(scan_pages(axe_browser, axe_script, live_server.url, language, visits))


@pytest.mark.parametrize("language", LANGUAGES)
def test_doctor_page(language, live_server, axe_browser, axe_script, django_user_model):
    staff = django_user_model.objects.create_user("sam", "sam@example.org", "pw", is_staff=True)
    visits = [("core: doctor", "/wikiskills/doctor/", staff)]
    fail_on_blocking(scan_pages(axe_browser, axe_script, live_server.url, language, visits))
