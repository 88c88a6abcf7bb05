"""Leadership evidence on a real local MediaWiki: consent, hiding, who sees what, batching and fairness.

Wiki facts come from real edits in the project (4), talk (1) and user talk (3) namespaces, saved
through the editing API as editors do, and are read the way production reads them.
"""

import re
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.support.exercise_fixtures import counting_client, linked_learner
from wikiskills.integrations.wikiskills_accounts.models import WikiAccount
from wikiskills.integrations.wikiskills_core import wikis
from wikiskills.integrations.wikiskills_leadership import api, evidence, evidence_wiki
from wikiskills.integrations.wikiskills_leadership.evidence_tasks import refresh_wiki_activity
from wikiskills.integrations.wikiskills_leadership.models import (
    Community,
    CommunityMember,
    EvidenceConsent,
    Project,
    WikiActivity,
)
from wikiskills.integrations.wikiskills_tracks.models import Invitation

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "evidence password 1"
MINE = "/leadership/evidence/"


def signed_in(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def shared_section(response):
    """The "what facilitators see" section, as HTML."""
    html = response.content.decode()
    match = re.search(r'<section id="wikiskills-evidence-shared".*?</section>', html, re.S)
    assert match, "no shared evidence section"
    return match.group(0)


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def wiki_learner(editor, django_username, wiki_name, wiki="demo", family="test"):
    """A new wiki account (on ``editor``'s session-wide wiki, so named once) linked to a learner, its id known."""
    (canonical,) = editor.create_users([f"{wiki_name} {uuid.uuid4().hex[:8]}"], PASSWORD)
    user = linked_learner(django_username, canonical, family, user_id=editor.user_id(canonical), wiki=wiki)
    user.email = f"{django_username}@example.org"
    user.save(update_fields=["email"])
    return user, canonical


def leader_edits(editor, name):
    """An edit in each namespace evidence reads: project, talk, user talk (canonical names work in any language)."""
    editor.save_edit(name, f"Project:Evidence {name}", "A proposal for the village pump.", "proposal")
    editor.save_edit(name, f"Talk:Evidence {name}", "A comment about sources. ~~~~", "comment")
    editor.save_edit(name, f"User talk:{name}", "Welcome to the project! ~~~~", "welcome")


@pytest.fixture
def world(wiki, local_wiki, make_cohort, person, django_user_model):
    cohort = make_cohort()
    learner, name = wiki_learner(local_wiki, "lea", "Ev Lea")
    leader_edits(local_wiki, name)
    Project.objects.create(
        owner=learner,
        title="Women in Science edit-a-thon",
        wiki="demo",
        starts_at=timezone.now() - timedelta(days=20),
        ends_at=timezone.now() - timedelta(days=19),
    )
    here, elsewhere = (
        Community.objects.create(slug="here", name="Here"),
        Community.objects.create(slug="far", name="Far"),
    )
    CommunityMember.objects.create(community=here, user=learner)
    coordinator, far_coordinator = person("cora"), person("carl")
    CommunityMember.objects.create(community=here, user=coordinator, coordinator=True)
    CommunityMember.objects.create(community=elsewhere, user=far_coordinator, coordinator=True)
    return {
        "cohort": cohort,
        "learner": learner,
        "wiki_name": name,
        "people": {
            "anonymous": None,
            "other_learner": person("otto"),
            "facilitator": django_user_model.objects.get(username="fatima"),
            "coordinator": coordinator,
            "far_coordinator": far_coordinator,
            "staff": django_user_model.objects.create_user("sam", "sam@example.org", "pw", is_staff=True),
        },
    }


def test_nothing_is_shown_without_consent_and_withdrawing_ends_it_at_once(world):
    learner, facilitator = world["learner"], world["people"]["facilitator"]
    page = f"/leadership/evidence/{learner.username}/"
    assert signed_in(facilitator).get(page).status_code == 404
    assert not WikiActivity.objects.filter(user=learner).exists()  # nobody's wiki is read before they agree

    response = signed_in(learner).post(MINE, {"action": "agree"}, follow=True)
    assert "can now see the facts below" in text_of(response.content.decode())
    activity = WikiActivity.objects.get(user=learner, wiki="demo")
    assert activity.namespace_edits == {"4": 1, "1": 1, "3": 1}

    seen = signed_in(facilitator).get(page)
    assert seen.status_code == 200
    words = text_of(shared_section(seen))
    assert "Organized 1 community project: Women in Science edit-a-thon." in words
    assert "1 edit to project pages or their talk pages on Local test wiki in the last 90 days." in words
    assert "1 edit to article talk pages" in words and "1 edit to user talk pages" in words
    assert "Source: Community projects" in words
    # The learner's preview is exactly what the facilitator sees.
    assert shared_section(signed_in(learner).get(MINE)) == shared_section(seen)

    signed_in(learner).post(MINE, {"action": "withdraw"})
    assert signed_in(facilitator).get(page).status_code == 404
    assert EvidenceConsent.objects.get(user=learner).withdrawn_at is not None
    assert not WikiActivity.objects.filter(user=learner).exists()
    assert facilitator not in api.opted_in_people(facilitator) and learner not in api.opted_in_people(facilitator)


def test_a_hidden_item_is_never_shown_to_others_and_marked_for_the_learner(world):
    learner, coordinator = world["learner"], world["people"]["coordinator"]
    signed_in(learner).post(MINE, {"action": "agree"})
    response = signed_in(learner).post(MINE, {"action": "hide", "item": "projects"}, follow=True)
    assert "Hidden." in text_of(response.content.decode())

    others = text_of(signed_in(coordinator).get(f"/leadership/evidence/{learner.username}/").content.decode())
    assert "Women in Science" not in others
    mine = signed_in(learner).get(MINE)
    assert "Women in Science" in text_of(mine.content.decode()) and "hidden from others" in text_of(
        mine.content.decode()
    )
    assert "Women in Science" not in shared_section(mine)

    assert signed_in(learner).post(MINE, {"action": "hide", "item": "no:such:item"}).status_code == 302
    signed_in(learner).post(MINE, {"action": "show", "item": "projects"})
    assert "Women in Science" in text_of(
        signed_in(coordinator).get(f"/leadership/evidence/{learner.username}/").content.decode()
    )


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", False),
        ("other_learner", False),
        ("facilitator", True),
        ("coordinator", True),
        ("far_coordinator", False),
        ("staff", True),
    ],
)
def test_who_sees_a_consenting_learners_evidence(world, who, sees):
    learner = world["learner"]
    evidence.agree(learner)
    viewer = world["people"][who]
    response = signed_in(viewer).get(f"/leadership/evidence/{learner.username}/")
    if who == "anonymous":
        assert response.status_code == 302  # to the sign-in page
        assert signed_in(None).get("/leadership/people/").status_code == 302
        return
    assert response.status_code == (200 if sees else 404)
    listed = signed_in(viewer).get("/leadership/people/")
    if who == "other_learner":
        assert listed.status_code == 404
    else:
        assert (f">{learner.username}</a>" in listed.content.decode()) is sees
    # Without consent, nobody but the learner: the same 404 as for someone who does not exist.
    evidence.withdraw(learner)
    assert signed_in(viewer).get(f"/leadership/evidence/{learner.username}/").status_code == 404
    assert signed_in(viewer).get("/leadership/evidence/nobody-at-all/").status_code == 404


def test_people_list_is_alphabetical_without_numbers_and_filters_by_community(world, person):
    facilitator = world["people"]["facilitator"]
    zed, abe = person("zed"), person("abe")
    for user in (world["learner"], zed, abe):
        evidence.agree(user)
    html = signed_in(facilitator).get("/leadership/people/").content.decode()
    names = re.findall(r'/leadership/evidence/([^/]+)/">', html)
    assert names == ["abe", "lea", "zed"]
    assert not re.search(r"\d", text_of(html.split('<ul class="wikiskills-people">')[1].split("</ul>")[0]))
    filtered = signed_in(facilitator).get("/leadership/people/?community=here").content.decode()
    assert re.findall(r'/leadership/evidence/([^/]+)/">', filtered) == ["lea"]


def test_a_facilitator_invites_the_person_to_their_cohort(world):
    learner, facilitator, cohort = world["learner"], world["people"]["facilitator"], world["cohort"]
    evidence.agree(learner)
    page = f"/leadership/evidence/{learner.username}/"
    assert "Invite to a cohort" in signed_in(facilitator).get(page).content.decode()
    response = signed_in(facilitator).post(page, {"action": "invite", "cohort": cohort.pk}, follow=True)
    assert "Invitation sent by email." in text_of(response.content.decode())
    assert Invitation.objects.filter(cohort=cohort, email=learner.email, created_by=facilitator).exists()
    # A coordinator who runs no cohort has nothing to invite to.
    assert "Invite to a cohort" not in signed_in(world["people"]["coordinator"]).get(page).content.decode()


def test_two_people_are_read_in_one_users_request_and_one_contributions_request(wiki, local_wiki):
    people = [wiki_learner(local_wiki, f"batch{number}", f"Ev Batch {number}")[0] for number in range(2)]
    for user in people:
        leader_edits(local_wiki, WikiAccount.objects.get(user=user).username)
        evidence.agree(user)
    client = counting_client(local_wiki.api_url)

    assert evidence_wiki.refresh(wiki, [user.pk for user in people], client) == 2

    assert client.request_count == 2
    for user in people:
        assert WikiActivity.objects.get(user=user).namespace_edits == {"4": 1, "1": 1, "3": 1}
    # Fresh facts are not read again, on demand or by the task.
    assert evidence_wiki.refresh_stale(wiki, client) == 0 and client.request_count == 2


def test_the_daily_task_reads_only_people_who_agreed(wiki, local_wiki, settings):
    agreed, name = wiki_learner(local_wiki, "task_yes", "Ev Task Yes")
    refused, _name = wiki_learner(local_wiki, "task_no", "Ev Task No")
    local_wiki.add_to_groups([name], ["bureaucrat"])
    evidence.agree(agreed)
    assert refresh_wiki_activity() == 1
    assert WikiActivity.objects.filter(user=agreed).exists() and not WikiActivity.objects.filter(user=refused).exists()
    assert WikiActivity.objects.get(user=agreed).groups == ["bureaucrat"]  # "*", "user", "autoconfirmed" left out
    settings.WIKISKILLS_LEADERSHIP_ACTIVITY_MAX_AGE_HOURS = 0
    assert refresh_wiki_activity() == 1


def test_every_wiki_and_language_is_read_the_same_way(settings, local_wiki, arabic_wiki):
    settings.WIKISKILLS_WIKIS = {
        "demo": {"api_url": local_wiki.api_url, "name": "Local test wiki", "family": "test"},
        "arwiki": {"api_url": arabic_wiki.api_url, "name": "Arabic test wiki", "family": "test-ar"},
    }
    english, english_name = wiki_learner(local_wiki, "fair_en", "Ev Fair En")
    arabic, arabic_name = wiki_learner(arabic_wiki, "fair_ar", "Ev Fair Ar", wiki="arwiki", family="test-ar")
    leader_edits(local_wiki, english_name)
    leader_edits(arabic_wiki, arabic_name)
    for user in (english, arabic):
        evidence.agree(user)
        assert api.refresh(user) == (1, None)

    def kinds(user):
        return sorted(item.key.split(":")[-1] for item in evidence.evidence_for(user, user).wiki_items)

    assert kinds(english) == kinds(arabic) == ["account", "edits", "project", "talk", "user_talk"]
    assert (
        WikiActivity.objects.get(user=english).namespace_edits
        == WikiActivity.objects.get(user=arabic).namespace_edits
        == {"4": 1, "1": 1, "3": 1}
    )


def test_someone_without_a_wiki_account_is_not_shown_as_less(world, person):
    newcomer, facilitator = person("nadia"), world["people"]["facilitator"]
    evidence.agree(newcomer)
    seen = evidence.evidence_for(facilitator, newcomer)
    assert seen.wikis == [] and seen.wiki_items == [] and seen.items == []
    words = text_of(shared_section(signed_in(facilitator).get(f"/leadership/evidence/{newcomer.username}/")))
    assert "No wiki account linked." in words
    assert not re.search(r"\b0\b", words)
    for deficient in ("less", "fewer", "only", "lack", "missing", "score", "rank"):
        assert deficient not in words.lower()
    assert api.refresh(newcomer) == (0, None)


def test_a_renamed_account_is_still_matched_by_its_id(wiki, local_wiki):
    learner, name = wiki_learner(local_wiki, "renamed", "Ev Before Rename")
    local_wiki.save_edit(name, f"Talk:Evidence {name}", "A comment. ~~~~", "comment")
    new_name = local_wiki.rename_user(name, f"Ev After Rename {uuid.uuid4().hex[:8]}")
    (squatter,) = local_wiki.create_users([name], PASSWORD)  # someone takes the freed old name
    local_wiki.save_edit(squatter, f"User talk:{squatter}", "Hello ~~~~", "hello")
    evidence.agree(learner)
    client = counting_client(local_wiki.api_url)

    assert evidence_wiki.refresh(wiki, [learner.pk], client) == 1

    activity = WikiActivity.objects.get(user=learner)
    assert activity.username == new_name and activity.wiki_user_id == local_wiki.user_id(new_name)
    assert activity.namespace_edits == {"1": 1}  # the squatter's user talk edit is not theirs
    assert WikiAccount.objects.get(user=learner).username == new_name
    assert client.request_count == 3  # by name, again by id for the renamed one, then contributions
    assert wikis.get_wiki("demo").name in text_of(shared_section(signed_in(learner).get(MINE)))
