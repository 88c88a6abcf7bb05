"""Leadership roles: the shipped roles, community versions with their history, who may change them, copying,
numbering under concurrency, what a learner still needs for a role, and the pages through Django's test client."""

import html as html_text
import os
import re
import threading
import time

import pytest
from django.conf import settings
from django.test import Client

from wikiskills.integrations.wikiskills_leadership import api, roles
from wikiskills.integrations.wikiskills_leadership.models import Community, CommunityMember, Role, RoleVersion
from wikiskills.integrations.wikiskills_skills import api as skills_api

pytestmark = pytest.mark.django_db

ORGANIZER = "edit_a_thon_organizer"
SHIPPED_CODES = {
    "edit_a_thon_organizer",
    "trainer",
    "affiliate_board_member",
    "project_coordinator",
    "mentor",
    "technical_contributor",
}
PEOPLE = ("anonymous", "member", "coordinator", "other_coordinator", "staff")


def signed_in(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def flash_text(response):
    html = response.content.decode()
    match = re.search(r'id="wikiskills-leadership-result"[^>]*role="(\w+)"[^>]*>(.*?)</div>', html, re.S)
    assert match, "no result region"
    assert "data-wikiskills-focus" in html
    return match.group(1), html_text.unescape(" ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split()))


@pytest.fixture
def shipped_roles(skills_taxonomy):
    """The shipped roles (the MariaDB runs build tables without the data migration; loading twice adds nothing)."""
    api.load_shipped_roles()


@pytest.fixture
def world(shipped_roles, skilled_learner, django_user_model):
    """Two communities, each with a coordinator; a learner in the first; staff."""
    spain = Community.objects.create(slug="wmes", name="Wikimedia España", names={"es": "Wikimedia España"})
    brazil = Community.objects.create(slug="wmbr", name="Wiki Movimento Brasil", kind=Community.AFFILIATE)
    people = {
        "anonymous": None,
        "member": skilled_learner("ana", skills={"editing_articles": (4, False, False)}),
        "coordinator": django_user_model.objects.create_user("carla", "carla@example.org", "pw"),
        "other_coordinator": django_user_model.objects.create_user("bruno", "bruno@example.org", "pw"),
        "staff": django_user_model.objects.create_user("sam", "sam@example.org", "pw", is_staff=True),
    }
    CommunityMember.objects.create(community=spain, user=people["member"])
    CommunityMember.objects.create(community=spain, user=people["coordinator"], coordinator=True)
    CommunityMember.objects.create(community=brazil, user=people["other_coordinator"], coordinator=True)
    return {"spain": spain, "brazil": brazil, "people": people, "role": Role.objects.get(code=ORGANIZER)}


def adapt(world, user=None, community="spain", reason="Our edit-a-thons are online", **changes):
    """The organizer role adapted for a community: renamed, safe spaces dropped, outreach at 3, coaching added."""
    role = world["role"]
    community_row = world[community] if community else None
    base = api.current_version(role, community_row)
    skills = [item for item in base.skills if item["skill"] != "safe_spaces"]
    skills = [{**item, "level": 3} if item["skill"] == "outreach" else item for item in skills]
    fields = {
        "name": "Online edit-a-thon organizer",
        "names": {"es": "Organizadora de editatones en línea"},
        "responsibilities": base.responsibilities,
        "skills": [*skills, {"skill": "coaching", "level": 2}],
        "reason": reason,
        **changes,
    }
    return api.adapt(role, community_row, user or world["people"]["coordinator"], **fields)


# The shipped roles


def test_the_shipped_roles_exist_with_valid_skills_and_translated_names(shipped_roles):
    codes = skills_api.skill_codes()
    assert {"coaching", "delegation"} <= codes
    assert set(Role.objects.values_list("code", flat=True)) >= SHIPPED_CODES
    for code in SHIPPED_CODES:
        version = api.current_version(Role.objects.get(code=code))
        assert (version.number, version.community, version.changed_by) == (1, None, None)
        assert version.reason == roles.SHIPPED_REASON and version.responsibilities
        assert 4 <= len(version.skills) <= 7, code
        assert all(item["skill"] in codes and 2 <= item["level"] <= 4 for item in version.skills), code
        assert len({item["skill"] for item in version.skills}) == len(version.skills)
        assert {"es", "pt", "fr", "ar"} <= set(version.names), code
    assert roles.load_shipped() == 0
    assert RoleVersion.objects.filter(community=None, role__code__in=SHIPPED_CODES).count() == len(SHIPPED_CODES)


# Adapting, history and permissions


def test_adapting_adds_a_version_with_who_and_why_and_the_global_version_stays(world):
    role, spain, carla = world["role"], world["spain"], world["people"]["coordinator"]
    shipped = api.current_version(role)
    version, problem = adapt(world)
    assert problem is None
    assert (version.number, version.community, version.changed_by, version.reason) == (
        2,
        spain,
        carla,
        "Our edit-a-thons are online",
    )
    assert api.current_version(role) == shipped and shipped.name == "Edit-a-thon organizer"
    assert RoleVersion.objects.filter(role=role, community=None).count() == 1
    assert api.current_version(role, spain) == version

    entries = api.history(role, spain)
    assert [entry["version"].number for entry in entries] == [2, 1]
    assert entries[-1].get("base") and entries[-1]["version"] == shipped
    assert entries[0]["changes"] == [
        ("renamed", {"old": "Edit-a-thon organizer", "new": "Online edit-a-thon organizer"}),
        ("names", {"languages": ["ar", "es", "fr", "pt"]}),
        ("level", {"skill": "outreach", "old": 2, "new": 3}),
        ("added", {"skill": "coaching", "level": 2}),
        ("dropped", {"skill": "safe_spaces", "level": 2}),
    ]

    again, problem = adapt(world, reason="Coaching matters more", skills=[{"skill": "coaching", "level": 4}])
    assert problem is None and again.number == 3
    assert [entry["version"].number for entry in api.history(role, spain)] == [3, 2, 1]


def test_a_member_sees_their_communitys_version_and_others_the_global_one(world, client):
    version, _problem = adapt(world)
    ana, sam = world["people"]["member"], world["people"]["staff"]
    assert api.community_of(ana) == world["spain"]
    assert api.gap(ana, ORGANIZER)["version"] == version
    assert api.gap(sam, ORGANIZER)["version"].community is None
    assert api.gap(ana, ORGANIZER, api.GLOBAL)["version"].community is None

    listing = signed_in(ana).get("/leadership/roles/").content.decode()
    assert "Online edit-a-thon organizer" in listing and "adapted by Wikimedia España" in listing
    listing = signed_in(sam).get("/leadership/roles/").content.decode()
    assert "Online edit-a-thon organizer" not in listing and "Edit-a-thon organizer" in listing
    page = signed_in(ana).get(f"/leadership/roles/{ORGANIZER}/").content.decode()
    assert "Online edit-a-thon organizer" in page
    page = signed_in(ana).get(f"/leadership/roles/{ORGANIZER}/?community=global").content.decode()
    assert "Online edit-a-thon organizer" not in page
    page = signed_in(sam).get(f"/leadership/roles/{ORGANIZER}/?community=wmes").content.decode()
    assert "Online edit-a-thon organizer" in page


def test_a_coordinator_of_another_community_cannot_change_its_version(world):
    bruno = world["people"]["other_coordinator"]
    assert adapt(world, user=bruno) == (None, "not_allowed")
    assert adapt(world, user=world["people"]["member"]) == (None, "not_allowed")
    assert adapt(world, community=None) == (None, "not_allowed")  # coordinators do not change the global version
    assert not RoleVersion.objects.exclude(number=1).exists()

    client = signed_in(bruno)
    url = f"/leadership/communities/wmes/roles/{ORGANIZER}/adapt"
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "adapt", "name": "Mine", "reason": "x"}).status_code == 403
    assert client.post(url, {"action": "copy", "from": "wmbr", "reason": "x"}).status_code == 403
    assert not RoleVersion.objects.exclude(number=1).exists()
    assert client.get(f"/leadership/communities/nowhere/roles/{ORGANIZER}/adapt").status_code == 404
    assert client.get("/leadership/communities/wmes/roles/no_such_role/adapt").status_code == 404


def test_staff_change_the_global_version(world):
    version, problem = adapt(world, user=world["people"]["staff"], community=None, reason="Working Group review")
    assert problem is None and (version.community, version.number) == (None, 2)
    assert api.current_version(world["role"], world["brazil"]) == version  # communities without their own see it


def test_an_adaptation_is_checked_and_nothing_is_saved_when_refused(world):
    coaching = {"skill": "coaching", "level": 2}
    cases = {
        "unknown_skill": {"skills": [{"skill": "juggling", "level": 2}]},
        "bad_level": {"skills": [{"skill": "coaching", "level": 6}]},
        "duplicate_skill": {"skills": [coaching, {"skill": "coaching", "level": 3}]},
        "no_skills": {"skills": []},
        "name_missing": {"name": "  "},
        "reason_missing": {"reason": " "},
    }
    for code, changes in cases.items():
        assert adapt(world, **changes) == (None, code), code
    shipped = api.current_version(world["role"])
    same = {key: getattr(shipped, key) for key in ("name", "names", "responsibilities", "skills")}
    assert adapt(world, **same) == (None, "no_change")
    assert not RoleVersion.objects.exclude(number=1).exists()


def test_a_community_copies_another_communitys_version(world):
    spain_version, _problem = adapt(world)
    bruno, brazil = world["people"]["other_coordinator"], world["brazil"]
    role = world["role"]
    assert api.copy_version(role, brazil, world["spain"], world["people"]["coordinator"], "x") == (
        None,
        "nothing_to_copy",
    )
    assert api.copy_version(role, brazil, brazil, bruno, "x") == (None, "same_community")
    assert api.copy_version(role, world["spain"], brazil, bruno, " ") == (None, "reason_missing")
    assert api.copy_version(role, brazil, world["spain"], bruno, "mine now") == (None, "not_allowed")

    copied, problem = api.copy_version(role, world["spain"], brazil, bruno, "Spain's online format suits us")
    assert problem is None
    assert (copied.community, copied.number, copied.copied_from, copied.changed_by) == (brazil, 2, spain_version, bruno)
    assert (copied.name, copied.skills) == (spain_version.name, spain_version.skills)
    changes = api.history(role, brazil)[0]["changes"]
    assert changes[0] == ("copied", {"community": world["spain"], "number": 2})
    assert ("renamed", {"old": "Edit-a-thon organizer", "new": "Online edit-a-thon organizer"}) in changes

    history = signed_in(bruno).get(f"/leadership/roles/{ORGANIZER}/history/?community=wmbr").content.decode()
    assert "Copied from Wikimedia España, version 2." in history and "Spain&#x27;s online format suits us" in history


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    os.environ.get("WIKISKILLS_DB") != "mariadb",
    reason="row locking (SELECT ... FOR UPDATE) is tested on MariaDB, as Open edX runs it; SQLite serialises writers",
)
def test_two_coordinators_saving_at_once_get_distinct_numbers(world, django_user_model, monkeypatch):
    from django.db import connection  # noqa: PLC0415

    read = roles.current_version

    def slow_read(*args):
        """Reading the version replaced is slow, so without the role row's lock both would number it 2."""
        version = read(*args)
        time.sleep(0.5)
        return version

    monkeypatch.setattr(roles, "current_version", slow_read)

    second = django_user_model.objects.create_user("cruz", "cruz@example.org", "pw")
    CommunityMember.objects.create(community=world["spain"], user=second, coordinator=True)
    barrier = threading.Barrier(2)
    results, failures = [None, None], []

    def run(index, user, level):
        try:
            barrier.wait(timeout=30)
            results[index] = adapt(world, user=user, skills=[{"skill": "coaching", "level": level}])
        except Exception as failure:
            failures.append(repr(failure))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(0, world["people"]["coordinator"], 3)),
        threading.Thread(target=run, args=(1, second, 4)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    assert [problem for _version, problem in results] == [None, None]
    assert sorted(version.number for version, _problem in results) == [2, 3]
    assert sorted(RoleVersion.objects.filter(community=world["spain"]).values_list("number", flat=True)) == [2, 3]


# What a learner still needs


@pytest.fixture
def learner_gap(world, skilled_learner, leadership_track):
    leadership_track.role_code = ORGANIZER
    leadership_track.save()
    learner = skilled_learner(
        "lea",
        skills={
            "editing_articles": (4, False, False),
            "edit_a_thons": (1, False, True),
            "citing_sources": (3, False, False),
        },
        visibility="public",
    )
    CommunityMember.objects.create(community=world["brazil"], user=learner)
    mentor = skilled_learner("mo", skills={"edit_a_thons": (5, True, False)}, visibility="public", mentor_capacity=2)
    skilled_learner("hidden", skills={"edit_a_thons": (5, True, False)}, visibility="aggregate", mentor_capacity=2)
    skilled_learner("novice", skills={"edit_a_thons": (2, True, False)}, visibility="public", mentor_capacity=2)
    return {"learner": learner, "mentor": mentor, "track": leadership_track}


def test_the_gap_lists_what_is_left_with_a_track_and_a_mentor(world, learner_gap):
    learner, mentor = learner_gap["learner"], learner_gap["mentor"]
    gap = api.gap(learner, ORGANIZER)
    assert gap["version"].community is None  # Brazil has not adapted it
    needs = {row["skill"]: (row["needed"], row["have"], row["left"]) for row in gap["needs"]}
    assert needs["editing_articles"] == (3, 4, False)
    assert needs["citing_sources"] == (3, 3, False)
    assert needs["edit_a_thons"] == (3, 1, True)
    assert needs["planning"] == (3, 0, True)
    left = {row["skill"]: row for row in gap["left"]}
    assert set(left) == {code for code, (_n, _h, is_left) in needs.items() if is_left}
    assert [track for track, _cohorts in left["edit_a_thons"]["tracks"]] == [learner_gap["track"]]
    assert [person for person, _reasons in left["edit_a_thons"]["mentors"]] == [mentor]  # not hidden, not novice
    assert left["planning"]["mentors"] == []

    page = signed_in(learner).get(f"/leadership/roles/{ORGANIZER}/").content.decode()
    assert "<caption>Skills still to learn, with the tracks, courses and mentors that cover them</caption>" in page
    assert "Event organizers" in page and ">mo</a>" in page and "Still to learn" in page and "You have it" in page
    assert ">hidden<" not in page


def test_a_learner_without_a_profile_has_every_skill_left(world, django_user_model):
    newcomer = django_user_model.objects.create_user("nina", "nina@example.org", "pw")
    gap = api.gap(newcomer, "mentor")
    assert len(gap["left"]) == len(gap["needs"]) and all(row["have"] == 0 for row in gap["needs"])
    assert api.gap(newcomer, "no_such_role") is None


# The pages


def statuses(world, method, url, data=None):
    found = {}
    for name in PEOPLE:
        client = signed_in(world["people"][name])
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        found[name] = response.status_code
        if name == "anonymous" and response.status_code == 302:
            assert response["Location"].startswith(settings.LOGIN_URL)
    return found


def test_who_may_open_each_page(world):
    everyone = dict.fromkeys(PEOPLE, 200) | {"anonymous": 302}
    assert statuses(world, "get", "/leadership/roles/") == everyone
    assert statuses(world, "get", f"/leadership/roles/{ORGANIZER}/") == everyone
    assert statuses(world, "get", f"/leadership/roles/{ORGANIZER}/?community=wmbr") == everyone
    assert statuses(world, "get", f"/leadership/roles/{ORGANIZER}/history/?community=wmes") == everyone
    assert statuses(world, "get", f"/leadership/roles/{ORGANIZER}/?community=nowhere")["member"] == 404
    assert statuses(world, "get", "/leadership/roles/no_such_role/")["member"] == 404
    spain_form = f"/leadership/communities/wmes/roles/{ORGANIZER}/adapt"
    assert statuses(world, "get", spain_form) == {
        "anonymous": 302,
        "member": 403,
        "coordinator": 200,
        "other_coordinator": 403,
        "staff": 200,
    }
    assert statuses(world, "get", f"/leadership/communities/global/roles/{ORGANIZER}/adapt") == {
        "anonymous": 302,
        "member": 403,
        "coordinator": 403,
        "other_coordinator": 403,
        "staff": 200,
    }
    assert statuses(world, "post", spain_form, {"action": "adapt"})["member"] == 403
    assert not RoleVersion.objects.exclude(number=1).exists()


def form_data(version, **changes):
    data = {"action": "adapt", "name": version.name, "responsibilities": version.responsibilities, "reason": ""}
    data |= {f"name-{code}": version.names.get(code, "") for code in roles.LANGUAGES}
    data["skill"] = [item["skill"] for item in version.skills]
    data |= {f"level-{item['skill']}": str(item["level"]) for item in version.skills}
    return data | changes


def test_a_coordinator_adapts_through_the_form(world):
    client = signed_in(world["people"]["coordinator"])
    url = f"/leadership/communities/wmes/roles/{ORGANIZER}/adapt"
    form = client.get(url).content.decode()
    for label in ('for="role-name"', 'for="role-name-ar"', 'for="role-name-hi"', 'for="level-planning"'):
        assert label in form
    assert "<legend>" in form and 'name="drop-safe_spaces"' in form and 'name="add-skill-2"' in form

    shipped = api.current_version(world["role"])
    refused = client.post(url, form_data(shipped, name="Organizadora"), follow=True)
    assert flash_text(refused) == ("alert", "Say why you make this change: it is kept in the role's history.")
    assert 'value="Organizadora"' in refused.content.decode()  # what was typed is kept
    assert not RoleVersion.objects.exclude(number=1).exists()

    data = form_data(
        shipped,
        **{
            "name-hi": "एडिट-ए-थॉन आयोजक",
            "level-planning": "4",
            "drop-safe_spaces": "on",
            "add-skill-0": "delegation",
            "add-level-0": "2",
            "reason": "We run bigger events",
        },
    )
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == f"/leadership/roles/{ORGANIZER}/history/?community=wmes"
    assert flash_text(response)[0] == "status"
    version = api.current_version(world["role"], world["spain"])
    assert (version.number, version.changed_by, version.reason) == (
        2,
        world["people"]["coordinator"],
        "We run bigger events",
    )
    assert version.names["hi"] == "एडिट-ए-थॉन आयोजक"
    skills = roles.skill_map(version.skills)
    assert skills["planning"] == 4 and skills["delegation"] == 2 and "safe_spaces" not in skills
    history = response.content.decode()
    assert "<caption>Versions, newest first: who changed what, and why</caption>" in history
    assert (
        "Added Delegating and sharing work at level 2." in history
        and "carla" in history
        and "We run bigger events" in history
    )


def test_the_admin_shows_versions_read_only(world, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client = signed_in(admin)
    role = world["role"]
    page = client.get(f"/admin/wikiskills_leadership/role/{role.pk}/change/")
    assert page.status_code == 200
    assert f"/leadership/communities/global/roles/{ORGANIZER}/adapt" in page.content.decode()
    assert client.get("/admin/wikiskills_leadership/role/add/").status_code == 403
    assert client.get(f"/admin/wikiskills_leadership/community/{world['spain'].pk}/change/").status_code == 200
    response = client.post(
        "/admin/wikiskills_leadership/community/add/",
        {
            "slug": "global",
            "name": "Global",
            "names": "{}",
            "kind": "other",
            "qid": "",
            "members-TOTAL_FORMS": "0",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200 and not Community.objects.filter(slug="global").exists()


def test_an_arabic_role_page_is_right_to_left(world):
    client = signed_in(world["people"]["member"])
    html = client.get(f"/leadership/roles/{ORGANIZER}/?community=global", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "منظم ماراثون التحرير" in html
