"""Capstone projects against the real local wiki: impact with known answers, counted once, signed off into a badge.

The event is made the way editors make one, through api.php (summaries, automatic tags): three
participants create and improve pages, a page is moved during the event, a page is deleted after
it was counted, a participant is renamed, one participant signs up with the link. Uploads are off
on the local wiki, so a ``File:`` description page created by edit stands in for an upload (what
an upload creates, and what "files uploaded" counts).
"""

import re
import time
import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.support.tracks_fixtures import accepted
from wikiskills.integrations.mediawiki.client import MediaWikiClient, UserAgent
from wikiskills.integrations.wikiskills_leadership import api, impact, project_tasks
from wikiskills.integrations.wikiskills_leadership.models import Participant, Project, ProjectEdit
from wikiskills.integrations.wikiskills_tracks.models import Membership, ProgressFact, Requirement, StageProgress

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

AGENT = UserAgent("WikiSkills-Tests", "0.1", "wikiskills-tests@example.org")
PASSWORD = "capstone password 1"
RUN = uuid.uuid4().hex[:6]  # the session's wiki is shared: names of this run only


class RecordingClient(MediaWikiClient):
    """A client that keeps every request's parameters, to say what was asked and for which window."""

    def __init__(self, api_url):
        super().__init__(api_url, AGENT, background=True)
        self.calls = []

    def call(self, params, *, post=False):
        self.calls.append(params)
        return super().call(params, post=post)

    def kinds(self):
        return Counter(params.get("list") or params.get("prop") or "titles" for params in self.calls)


def _size(text):
    return len(text.encode())


def _second():
    """Now, on a whole second after the last one the wiki may have stamped (its timestamps have no fraction)."""
    time.sleep(1.05)
    return timezone.now().replace(microsecond=0)


def _now():
    """A measurement's ``now`` whose window (closed ``LAG_MARGIN`` before it) ends now: every edit made so far.

    Never later: a window read is not read again, so it must not reach into the future.
    """
    return timezone.now() + impact.LAG_MARGIN


def _wait_for_category(local_wiki, category, seconds=10):
    """The wiki files a page in its category after answering the edit (a deferred update): wait for it."""
    reader = MediaWikiClient(local_wiki.api_url, AGENT)
    deadline = time.monotonic() + seconds
    while not list(reader.category_members(category)):
        assert time.monotonic() < deadline, f"the wiki never filed a page in {category}"
        local_wiki.run_jobs()
        time.sleep(0.2)


def _delete_page(local_wiki, title):
    login = local_wiki._login(local_wiki.admin_name)
    local_wiki._post(login, {"action": "delete", "title": title, "reason": "test", "token": login.csrf_token})


@pytest.fixture
def capstone(make_cohort):
    """A running cohort whose track's third stage is a capstone (stages in any order)."""
    cohort = make_cohort()
    track = cohort.track
    track.sequential = False
    track.save(update_fields=["sequential"])
    stage = track.stages.get(order=3)
    stage.requirements.update(kind=Requirement.CAPSTONE, label="Your community project")
    return cohort, stage


def _project(owner, membership, stage, **fields):
    starts = fields.pop("starts_at", timezone.now() - timedelta(hours=1))
    return Project.objects.create(
        owner=owner,
        membership=membership,
        stage=stage,
        title=fields.pop("title", "Women in science edit-a-thon"),
        wiki="demo",
        starts_at=starts,
        ends_at=fields.pop("ends_at", starts + timedelta(hours=2)),
        **fields,
    )


# -- impact: known answers -----------------------------------------------------------------------


def test_impact_of_a_small_event_survives_a_move_a_deletion_and_a_rename_and_counts_nothing_twice(  # noqa: PLR0915  (one event, told in order)
    wiki, local_wiki, capstone, person, client
):
    cohort, stage = capstone
    admin = local_wiki.admin_name
    ana, bea = local_wiki.create_users([f"Ld Ana {RUN}", f"Ld Bea {RUN}"], PASSWORD)
    existing, moving, moved = f"Ld Town {RUN}", f"Ld River {RUN}", f"Ld River (stream) {RUN}"
    article, doomed, elsewhere = f"Ld Scientist {RUN}", f"Ld Band {RUN}", f"Ld Elsewhere {RUN}"
    poster = f"File:Ld Poster {RUN}.jpg"
    existing_text, moving_text = "An article about the town.", "An article about the river."
    local_wiki.save_edit(admin, existing, existing_text, "start")
    local_wiki.save_edit(admin, moving, moving_text, "start")
    starts = _second()

    member = person("organizer")
    membership = accepted(cohort, member)
    project, problem = api.register(
        member,
        membership.pk,
        stage.pk,
        {
            "title": "Science edit-a-thon",
            "kind": "editathon",
            "wiki": "demo",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M:%S"),
            "ends_at": (starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S"),
            "tracked_pages": "\n".join([article, existing, moving, doomed, poster]),
            "participants": f"{ana}\nuser:{bea.replace(' ', '_')}\nLd Nobody {RUN}",
        },
    )
    assert problem is None
    assert sorted(project.participants.values_list("username", flat=True)) == sorted([ana, bea, f"Ld Nobody {RUN}"])

    # The event, first part: creations, improvements, a move in the middle, an untracked page, a non-participant.
    article_text = "The first new article.<ref>Atlas (2020).</ref>"
    local_wiki.save_edit(ana, article, article_text, "new article")
    town_added = " It has a market.<ref>Guide.</ref> And a bridge.<ref>Map.</ref>"
    local_wiki.save_edit(bea, existing, existing_text + town_added, "market and bridge, sourced")
    river_added = " It floods in spring."
    local_wiki.save_edit(ana, moving, moving_text + river_added, "floods")
    local_wiki.move_page(admin, moving, moved, "more precise title")
    survey = "<ref>Survey.</ref>"
    local_wiki.save_edit(bea, moved, moving_text + river_added + survey, "source")
    band_text = "A page about a band."
    local_wiki.save_edit(ana, doomed, band_text, "new page")
    local_wiki.save_edit(ana, elsewhere, "Not a tracked page.", "elsewhere")
    local_wiki.save_edit(admin, article, article_text + " Tidied.", "not a participant")

    first = RecordingClient(local_wiki.api_url)
    outcome = impact.measure(project, first, _now())
    assert (outcome.new_edits, outcome.matched, outcome.not_found) == (5, 2, [f"Ld Nobody {RUN}"])
    assert first.kinds() == {"users": 1, "titles": 1, "usercontribs": 1, "revisions": 1}
    doomed_row = ProjectEdit.objects.get(project=project, new_page=True, namespace=0, size_change=_size(band_text))

    # The event, second part: the page is deleted, Bea renamed, Cy registers and signs up with the link.
    _delete_page(local_wiki, doomed)
    bea_renamed = local_wiki.rename_user(bea, f"Ld Bea Renamed {RUN}")
    local_wiki.save_edit(bea_renamed, existing, existing_text + " It has a market.<ref>Guide.</ref>", "bridge gone")
    (cy,) = local_wiki.create_users([f"Ld Cy {RUN}"], PASSWORD)
    join_url = reverse("wikiskills_leadership:project_join", args=[project.signup_token])
    assert "Your wiki username" in client.get(join_url).content.decode()
    refused = client.post(join_url, {"username": f"Ld Ghost {RUN}"}, follow=True).content.decode()
    assert "There is no account with that username on this wiki" in refused
    client.post(join_url, {"username": "user:" + cy.replace(" ", "_")})
    assert Participant.objects.get(project=project, username=cy).signed_up
    poster_text = "Poster of the event."
    local_wiki.save_edit(cy, poster, poster_text, "poster")

    second_time = timezone.now()
    second = RecordingClient(local_wiki.api_url)
    assert impact.measure(project, second, second_time + impact.LAG_MARGIN).new_edits == 2
    assert ProjectEdit.objects.filter(pk=doomed_row.pk).exists()  # deleted since: still counted
    assert (
        Participant.objects.get(project=project, wiki_user_id=local_wiki.user_id(bea_renamed)).username == bea_renamed
    )

    # Measured again at the same moment: nothing to read but the unknown name, nothing counted twice.
    again = RecordingClient(local_wiki.api_url)
    assert impact.measure(project, again, second_time + impact.LAG_MARGIN).new_edits == 0
    assert again.kinds() == {"users": 1}

    # One more edit, then the final measurement after the end: only the new window is read.
    late_text = article_text + " Tidied. She won a prize."
    local_wiki.save_edit(ana, article, late_text, "prize")
    final = RecordingClient(local_wiki.api_url)
    after_end = project.ends_at + impact.LAG_MARGIN + timedelta(minutes=5)
    assert impact.measure(project, final, after_end).new_edits == 1
    (contributions,) = [params for params in final.calls if params.get("list") == "usercontribs"]
    assert contributions["ucstart"] == second_time.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert project.final_measured_at == after_end
    skipped = RecordingClient(local_wiki.api_url)
    assert impact.measure(project, skipped, after_end + timedelta(days=1)).skipped and skipped.calls == []
    assert ProjectEdit.objects.filter(project=project).count() == 8

    figures = impact.figures(project, after_end + timedelta(days=1))
    assert {key: value for key, value in figures.items() if key not in ("per_day", "measured_at")} == {
        "edits": 8,
        "pages_created": 2,  # the new article and the deleted page
        "pages_improved": 2,  # the town, and the river under both its titles
        "bytes_added": _size(article_text)
        + _size(town_added)
        + _size(river_added)
        + _size(survey)
        + _size(band_text)
        + _size(poster_text)
        + _size(" She won a prize."),  # the bridge's removal adds no bytes
        "references_added": 4,
        "files_uploaded": 1,
        "participants": 4,
        "participants_found": 3,
        "participants_active": 3,
        "new_editors": 1,  # Cy registered during the event
        "retention": None,  # not known before 30 days after the end
        "retention_final": False,
    }
    assert sum(count for _day, count in figures["per_day"]) == 8
    states = {participant.username: state for participant, state in api.participants(project)}
    assert states == {ana: "active", bea_renamed: "active", cy: "active", f"Ld Nobody {RUN}": "not_found"}

    # A month after the end: retention is read once, for a window nobody edited in yet here.
    month_later = project.ends_at + timedelta(days=31)
    assert impact.measure(project, RecordingClient(local_wiki.api_url), month_later).returned == 0
    assert impact.figures(project, month_later)["retention"] == 0


def test_retention_counts_who_edits_again_30_days_after_the_end_and_reads_each_of_them_once(
    wiki, local_wiki, capstone, person
):
    cohort, stage = capstone
    back, quiet = local_wiki.create_users([f"Ld Back {RUN}", f"Ld Quiet {RUN}"], PASSWORD)
    member = person("organizer")
    membership = accepted(cohort, member)
    ended = timezone.now() - timedelta(days=31)
    project = _project(member, membership, stage, starts_at=ended - timedelta(days=2), ends_at=ended)
    Participant.objects.bulk_create([Participant(project=project, username=name) for name in (back, quiet)])
    local_wiki.save_edit(back, f"User:{back}/sandbox", "Back again.", "back")

    first = RecordingClient(local_wiki.api_url)
    outcome = impact.measure(project, first, _now())
    assert outcome.final and outcome.new_edits == 0 and outcome.returned == 1
    assert Participant.objects.get(project=project, username=back).returned_at is not None
    assert impact.figures(project, timezone.now())["retention"] == 1

    local_wiki.save_edit(back, f"User:{back}/sandbox", "Back again, twice.", "again")
    later = RecordingClient(local_wiki.api_url)
    impact.measure(project, later, _now())
    (read,) = [params for params in later.calls if params.get("list") == "usercontribs"]
    assert read["ucuserids"] == str(local_wiki.user_id(quiet))  # the one who returned is not asked about again
    assert impact.figures(project, timezone.now())["retention"] == 1


# -- sign-off into the capstone stage and its badge ----------------------------------------------


def test_sign_off_finishes_the_capstone_stage_and_the_badge_carries_the_figures(
    wiki, local_wiki, capstone, person, *, badge_class, django_capture_on_commit_callbacks, client
):
    from wikiskills.integrations.wikiskills_badges import ob2, ob3  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_badges.models import Award, AwardRule  # noqa: PLC0415

    cohort, stage = capstone
    AwardRule.objects.create(badge_class=badge_class, trigger=AwardRule.TRACK_STAGE_COMPLETED, course_key=stage.key)
    (editor,) = local_wiki.create_users([f"Ld Signed {RUN}"], PASSWORD)
    starts = _second()
    member = person("organizer")
    membership = accepted(cohort, member, mentor="mateo")
    project = _project(member, membership, stage, starts_at=starts, ends_at=starts + timedelta(hours=1), public=True)
    Participant.objects.create(project=project, username=editor)
    text = "A sourced stub.<ref>Book.</ref>"
    local_wiki.save_edit(editor, f"Ld Signed page {RUN}", text, "new")
    mentor = membership.mentor

    assert api.sign_off(project, mentor) == "not_measured"
    api.measure(project, client=RecordingClient(local_wiki.api_url), now=project.ends_at + impact.LAG_MARGIN)
    assert api.sign_off(project, mentor) == "report_missing"
    assert api.save_report(project, member, "We wrote about scientists.") is None
    assert api.sign_off(project, member) == "not_allowed"
    with django_capture_on_commit_callbacks(execute=True):
        assert api.sign_off(project, mentor) is None
    assert api.sign_off(project, mentor) == "already_signed_off"

    project.refresh_from_db()
    assert project.figures["edits"] == 1 and project.figures["references_added"] == 1
    assert StageProgress.objects.filter(membership=membership, stage=stage).exists()
    fact = ProgressFact.objects.get(user=member, kind=Requirement.CAPSTONE, key=str(stage.pk))
    public_url = f"{reverse('wikiskills_leadership:project_public', args=[project.pk])}"
    assert fact.evidence[0]["url"].endswith(public_url)
    award = Award.objects.get(recipient=member, course_key=stage.key)
    narratives = [item["narrative"] for item in award.evidence]
    expected = f"Women in science edit-a-thon: 1 edits, 1 pages created, 0 pages improved, {_size(text)} bytes"
    assert any(narrative.startswith(expected) for narrative in narratives)
    ob2_evidence = ob2.hosted_assertion(award)["evidence"]
    ob3_evidence = ob3.credential(award)["evidence"]
    assert any(item["id"].endswith(public_url) and expected in item["narrative"] for item in ob2_evidence)
    assert any(item["id"].endswith(public_url) and expected in item["narrative"] for item in ob3_evidence)
    client.force_login(member)
    html = client.get(reverse("wikiskills_leadership:project", args=[project.pk])).content.decode()
    assert "Signed off by mateo" in html and 'role="img"' in html and editor in html
    assert "Measure now" not in html and 'name="report"' not in html  # frozen


# -- pages: who sees what ------------------------------------------------------------------------


def test_who_may_see_and_sign_off_a_project(wiki, capstone, person, make_cohort, *, client, django_user_model):
    cohort, stage = capstone
    member, other = person("organizer"), person("other")
    membership = accepted(cohort, member, mentor="mateo")
    accepted(cohort, other)
    project = _project(member, membership, stage)
    elsewhere = make_cohort(name="Another cohort", facilitator="farid", mentor=None)
    staff = django_user_model.objects.create_user("root", "root@example.org", "pw", is_staff=True)
    people = {
        "anonymous": None,
        "other member": other,
        "owner": member,
        "mentor": membership.mentor,
        "facilitator": django_user_model.objects.get(username="fatima"),
        "another cohort's facilitator": django_user_model.objects.get(username="farid"),
        "staff": staff,
    }
    assert elsewhere.pk != cohort.pk
    page = reverse("wikiskills_leadership:project", args=[project.pk])
    seen, signs = {}, {}
    for label, user in people.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(page)
        seen[label] = response.status_code
        signs[label] = response.status_code == 200 and "Sign off the capstone" in response.content.decode()
    assert seen == {
        "anonymous": 302,
        "other member": 404,
        "owner": 200,
        "mentor": 200,
        "facilitator": 200,
        "another cohort's facilitator": 404,
        "staff": 200,
    }
    assert [label for label, shown in signs.items() if shown] == ["mentor", "facilitator", "staff"]

    client.force_login(membership.mentor)
    action = reverse("wikiskills_leadership:project_action", args=[project.pk])
    assert client.post(action, {"action": "report", "report": "Mine now"}).status_code == 403
    client.force_login(member)
    assert client.post(action, {"action": "sign_off"}).status_code == 403
    response = client.post(action, {"action": "report", "report": "It went well."}, follow=True)
    assert "Report saved." in response.content.decode()
    project.refresh_from_db()
    assert project.report == "It went well."
    response = client.post(action, {"action": "measure"}, follow=True)  # in-process tasks here: measured now
    assert "Measurement asked for" in response.content.decode()
    project.refresh_from_db()
    assert project.measured_at is not None


def test_the_public_page_is_opt_in_and_shows_counts_never_usernames(wiki, capstone, person, client):
    cohort, stage = capstone
    member = person("organizer")
    membership = accepted(cohort, member)
    project = _project(member, membership, stage)
    Participant.objects.create(project=project, username="Secret Editor", wiki_user_id=12345)
    ProjectEdit.objects.create(
        project=project,
        revid=1,
        page_id=7,
        namespace=0,
        wiki_user_id=12345,
        timestamp=project.starts_at,
        size_change=40,
    )
    public = reverse("wikiskills_leadership:project_public", args=[project.pk])
    assert client.get(public).status_code == 404

    client.force_login(member)
    action = reverse("wikiskills_leadership:project_action", args=[project.pk])
    client.post(action, {"action": "public", "public": "on"})
    client.logout()
    html = client.get(public).content.decode()
    assert "Secret Editor" not in html
    assert 'role="img"' in html and "Edits counted each day" in html
    assert re.search(r"Bytes added</th><td>40<", html)
    assert re.search(r"Participants active</th><td>1 of 1<", html)


# -- registration and the task -------------------------------------------------------------------


def test_registration_checks_the_stage_the_dates_the_wiki_and_the_usernames(wiki, capstone, person, client):
    cohort, stage = capstone
    member, other = person("organizer"), person("other")
    membership = accepted(cohort, member)
    form = {
        "title": "Training",
        "kind": "training",
        "wiki": "demo",
        "starts_at": "2027-03-01T10:00",
        "ends_at": "2027-03-01T18:00",
        "participants": "Alice\nbob_smith\n",
    }
    first_stage = cohort.track.stages.get(order=1)
    assert api.register(member, membership.pk, first_stage.pk, form) == (None, "not_capstone")
    assert api.register(other, membership.pk, stage.pk, form) == (None, "not_found")
    assert api.register(member, membership.pk, stage.pk, {**form, "ends_at": "2027-02-01T10:00"})[1] == "bad_dates"
    assert api.register(member, membership.pk, stage.pk, {**form, "wiki": "nowiki"})[1] == "unknown_wiki"
    assert api.register(member, membership.pk, stage.pk, {**form, "participants": "a|b"})[1] == "bad_username"

    client.force_login(member)
    new = f"{reverse('wikiskills_leadership:project_new')}?membership={membership.pk}&stage={stage.pk}"
    assert "Register your community project" in client.get(new).content.decode()
    response = client.post(new, {**form, "membership": membership.pk, "stage": stage.pk}, follow=True)
    assert "Project registered" in response.content.decode()
    project = Project.objects.get(membership=membership)
    assert sorted(project.participants.values_list("username", flat=True)) == ["Alice", "Bob smith"]
    assert project.starts_at.isoformat() == "2027-03-01T10:00:00+00:00"
    assert api.register(member, membership.pk, stage.pk, form) == (None, "already_registered")
    assert api.capstone_links(membership) == {stage.pk: project}
    Membership.objects.filter(pk=membership.pk).update(status=Membership.WITHDRAWN)
    client.force_login(other)
    assert client.get(new).status_code == 404


def test_the_six_hourly_task_measures_running_projects_and_leaves_finished_ones(
    wiki, local_wiki, capstone, person, monkeypatch
):
    cohort, stage = capstone
    member = person("organizer")
    membership = accepted(cohort, member)
    running = _project(member, membership, stage)
    finished = _project(
        member,
        membership,
        stage,
        starts_at=timezone.now() - timedelta(days=200),
        ends_at=timezone.now() - timedelta(days=199),
    )
    Project.objects.filter(pk=finished.pk).update(final_measured_at=timezone.now() - timedelta(days=198))
    not_yet = _project(member, membership, stage, starts_at=timezone.now() + timedelta(days=3))
    measured = []
    monkeypatch.setattr(api, "measure", lambda project, **kwargs: measured.append(project.pk) or impact.Measurement())
    project_tasks.measure_projects()
    assert measured == [running.pk]
    assert not_yet.pk not in measured


def test_a_tracked_category_counts_its_members_by_page_id(wiki, local_wiki, capstone, person):
    cohort, stage = capstone
    (editor,) = local_wiki.create_users([f"Ld Categorizer {RUN}"], PASSWORD)
    starts = _second()
    member = person("organizer")
    category = f"Ld Women scientists {RUN}"
    project = _project(member, accepted(cohort, member), stage, starts_at=starts, ends_at=starts + timedelta(hours=1))
    Project.objects.filter(pk=project.pk).update(tracked_category=category)
    project.refresh_from_db()
    Participant.objects.create(project=project, username=editor)
    local_wiki.save_edit(editor, f"Ld Chemist {RUN}", f"A chemist.\n[[Category:{category}]]", "new")
    local_wiki.save_edit(editor, f"Ld Unrelated {RUN}", "Another page.", "new")
    _wait_for_category(local_wiki, category)

    client = RecordingClient(local_wiki.api_url)
    assert impact.measure(project, client, _now()).new_edits == 1
    assert client.kinds()["categorymembers"] == 1
    chemist = client.pages([f"Ld Chemist {RUN}"])[f"Ld Chemist {RUN}"]
    assert ProjectEdit.objects.get(project=project).page_id == chemist.page_id
