"""The skills pages through Django's test client: "My skills", a person's profile, and the staff taxonomy page."""

import json
import re
from unittest import mock

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

from wikiskills.integrations.wikiskills_skills import messages, profiles, taxonomy
from wikiskills.integrations.wikiskills_skills.models import (
    Match,
    MatchRequest,
    ProfileLanguage,
    Skill,
    SkillProfile,
    SkillRating,
)

pytestmark = pytest.mark.django_db

MINE = "/skills/mine/"
TAXONOMY = "/skills/taxonomy/"


def person_url(username):
    return f"/skills/people/{username}/"


def api_person_url(username):
    return f"/api/skills/v1/people/{username}/"


@pytest.fixture(autouse=True)
def shipped_taxonomy(skills_taxonomy):
    """The taxonomy and territories migration 0002 loads, for every test here."""


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("sk_lucia", email="lucia@example.org", password="pw")


@pytest.fixture
def other(django_user_model):
    return django_user_model.objects.create_user("sk_kwame", email="kwame@example.org", password="pw")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("sk_ivan", email="ivan@example.org", password="pw", is_staff=True)


def signed_in(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def full_form(**changes):
    """Everything "My skills" sends, as a browser would (empty rows and unchecked boxes left out)."""
    form = {
        "territory": "Q45",  # Portugal
        "affiliate": "Wikimedia Portugal",
        "affiliate_qid": "q18602249",
        "time_zone": "Europe/Lisbon",
        "availability-0-day": "0",
        "availability-0-start": "18:00",
        "availability-0-end": "20:00",
        "availability-1-day": "4",
        "availability-1-start": "22:00",
        "availability-1-end": "00:00",  # midnight, the end of Friday
        "availability-2-day": "",
        "availability-2-start": "",
        "availability-2-end": "",
        "mentor_capacity": "2",
        "away_until": "2027-01-31",
        "visibility": "public",
        "share_email": "on",
        "language-0-code": "PT",
        "language-0-proficiency": "6",
        "language-1-code": "en",
        "language-1-proficiency": "4",
        "language-2-code": "",
        "language-2-proficiency": "",
        "skill-editing-level": "3",
        "skill-citing_sources-level": "4",
        "skill-citing_sources-offered": "on",
        "skill-wikidata_queries-level": "",
        "skill-wikidata_queries-wanted": "on",
        "skill-mediation-level": "1",
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def text_of(response):
    return response.content.decode()


def test_my_skills_needs_a_login(client):
    response = client.get(MINE)
    assert response.status_code == 302
    assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={MINE}"


def test_the_blank_form_has_every_skill_grouped_by_area_and_rows_that_work_without_javascript(learner):
    response = signed_in(learner).get(MINE)

    assert response.status_code == 200
    page = text_of(response)
    for skill in Skill.objects.filter(active=True):
        assert f'name="skill-{skill.code}-level"' in page
        assert f'id="skill-{skill.code}-wanted"' in page
        assert f'id="skill-{skill.code}-offered"' in page
    assert '<h3 id="area-editing">Editing and other on-wiki participation</h3>' in page
    assert 'class="wikiskills-skill wikiskills-depth-2" id="skill-wikidata_queries"' in page
    assert all(f'name="availability-{row}-day"' in page for row in range(6))
    assert all(f'name="language-{row}-code"' in page for row in range(4))
    assert "<option selected>UTC</option>" in page
    assert "<option>Europe/Lisbon</option>" in page
    assert 'value="matched" checked' in page  # the default visibility
    assert 'id="skill-editing-level-0" name="skill-editing-level" value="" checked' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "error-summary" not in page


def test_a_full_profile_is_saved_and_shown_again_with_the_success_message_focused(learner):
    client = signed_in(learner)

    response = client.post(MINE, full_form())

    assert response.status_code == 302
    assert response["Location"] == MINE
    profile = SkillProfile.objects.get(user=learner)
    assert profile.territory.qid == "Q45"
    assert (profile.affiliate, profile.affiliate_qid) == ("Wikimedia Portugal", "Q18602249")
    assert profile.time_zone == "Europe/Lisbon"
    assert profile.availability == [
        {"day": 0, "start": "18:00", "end": "20:00"},
        {"day": 4, "start": "22:00", "end": "24:00"},
    ]
    assert (profile.mentor_capacity, str(profile.away_until)) == (2, "2027-01-31")
    assert (profile.visibility, profile.share_email) == ("public", True)
    assert dict(ProfileLanguage.objects.filter(profile=profile).values_list("code", "proficiency")) == {
        "pt": 6,
        "en": 4,
    }
    ratings = {
        rating.skill.code: (rating.self_level, rating.offered, rating.wanted)
        for rating in SkillRating.objects.filter(profile=profile).select_related("skill")
    }
    assert ratings == {
        "editing": (3, False, False),
        "citing_sources": (4, True, False),
        "wikidata_queries": (None, False, True),
        "mediation": (1, False, False),
    }

    page = text_of(client.get(MINE))
    assert re.search(
        r'id="saved-message" role="status" tabindex="-1" data-focus-on-load autofocus>\s*<p>Your skills', page
    )
    assert '<option value="Q45" selected>' in page
    assert 'value="Wikimedia Portugal"' in page
    assert "<option selected>Europe/Lisbon</option>" in page
    assert 'name="availability-1-end" value="00:00"' in page
    assert 'id="skill-citing_sources-level-4" name="skill-citing_sources-level" value="4" checked' in page
    assert 'id="skill-citing_sources-offered" name="skill-citing_sources-offered" checked' in page
    assert 'id="skill-wikidata_queries-wanted" name="skill-wikidata_queries-wanted" checked' in page
    assert 'id="share_email" name="share_email" checked' in page
    assert 'value="public" checked' in page
    # The message is shown once.
    assert "saved-message" not in text_of(client.get(MINE))


def test_clearing_a_skill_and_a_language_removes_them(learner):
    client = signed_in(learner)
    client.post(MINE, full_form())

    client.post(MINE, full_form(**{"skill-mediation-level": "", "language-1-code": "", "language-1-proficiency": ""}))

    profile = SkillProfile.objects.get(user=learner)
    assert not SkillRating.objects.filter(profile=profile, skill__code="mediation").exists()
    assert list(profile.languages.values_list("code", flat=True)) == ["pt"]


def test_bad_input_is_kept_and_each_problem_is_worded_next_to_its_field_and_in_the_summary(learner):
    bad = full_form(
        affiliate_qid="X12",
        mentor_capacity="50",
        away_until="31/01/2027",
        **{
            "availability-0-start": "20:00",
            "availability-0-end": "18:00",
            "language-1-proficiency": "",
        },
    )

    response = signed_in(learner).post(MINE, bad)

    assert response.status_code == 400
    assert not SkillProfile.objects.filter(user=learner).exists()  # nothing saved
    page = text_of(response)
    summary = page[page.index('id="error-summary"') : page.index("</ul>", page.index('id="error-summary"'))]
    expected = [
        ("affiliate_qid", "bad_qid"),
        ("availability-0-day", "bad_availability"),
        ("mentor_capacity", "bad_capacity"),
        ("away_until", "bad_date"),
        ("language-0-code", "bad_language"),
    ]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert links == [(anchor, messages.PROFILE_PROBLEMS[code]) for anchor, code in expected]
    assert 'tabindex="-1" data-focus-on-load autofocus' in page
    # Each field says what is wrong and is marked invalid, with the message as its description.
    assert 'aria-describedby="affiliate_qid-hint affiliate_qid-error" aria-invalid="true"' in page
    assert f'<p class="wikiskills-error" id="affiliate_qid-error">{messages.PROFILE_PROBLEMS["bad_qid"]}</p>' in page
    assert 'aria-describedby="availability-hint availability-error"' in page
    # What was typed is all still there.
    assert 'value="X12"' in page
    assert 'value="50"' in page
    assert 'value="31/01/2027"' in page
    assert 'name="availability-0-start" value="20:00"' in page
    assert 'name="availability-0-end" value="18:00"' in page
    assert 'name="availability-1-end" value="00:00"' in page
    assert 'name="language-0-code" value="PT"' in page
    assert 'id="skill-citing_sources-level-4" name="skill-citing_sources-level" value="4" checked' in page
    assert 'id="skill-wikidata_queries-wanted" name="skill-wikidata_queries-wanted" checked' in page
    assert '<option value="Q45" selected>' in page


def test_problems_are_worded_through_gettext(learner):
    with mock.patch(
        "wikiskills.integrations.wikiskills_skills.views._", side_effect=lambda text: f"«{text}»"
    ) as translate:
        response = signed_in(learner).post(MINE, full_form(territory="Q0"))

    assert response.status_code == 400
    translate.assert_any_call(messages.PROFILE_PROBLEMS["unknown_territory"])
    assert f"«{messages.PROFILE_PROBLEMS['unknown_territory']}»" in text_of(response)


def test_an_unknown_time_zone_is_refused_and_still_shown(learner):
    response = signed_in(learner).post(MINE, full_form(time_zone="Mars/Olympus_Mons"))

    assert response.status_code == 400
    page = text_of(response)
    assert '<option value="Mars/Olympus_Mons" selected>' in page
    assert messages.PROFILE_PROBLEMS["unknown_time_zone"] in page


def test_the_form_says_where_evidence_raised_a_skill_and_saving_keeps_the_evidence(learner):
    profiles.record_evidence(learner, "citing_sources", "badge", "first-citation")
    client = signed_in(learner)
    note = messages.EVIDENCE_RAISED.format(level=3, source=messages.EVIDENCE_SOURCES["badge"])

    page = text_of(client.get(MINE))
    assert f'<p class="wikiskills-evidence" id="skill-citing_sources-evidence">{note}</p>' in page
    assert '<fieldset class="wikiskills-levels" aria-describedby="skill-citing_sources-evidence">' in page

    client.post(MINE, full_form(**{"skill-citing_sources-level": "1"}))
    rating = SkillRating.objects.get(profile__user=learner, skill__code="citing_sources")
    assert (rating.self_level, rating.evidence_level, rating.known_level) == (1, 3, 3)
    assert note in text_of(client.get(MINE))
    client.post(MINE, full_form(**{"skill-citing_sources-level": "4"}))
    assert note not in text_of(client.get(MINE))  # the learner's own level is higher now


# Who sees a profile


def profile_of(user, visibility, share_email=False):
    return profiles.save(
        user,
        profiles.CleanProfile(
            visibility=visibility,
            share_email=share_email,
            affiliate="Wikimedia Ghana",
            skills=[profiles.SkillEntry("mediation", 4, offered=True)],
        ),
    )


def accept_match(requester, partner):
    request = MatchRequest.objects.create(requester=requester, kind=MatchRequest.MENTOR)
    return Match.objects.create(request=request, partner=partner, status=Match.ACCEPTED)


@pytest.mark.parametrize(
    ("visibility", "match_status", "seen"),
    [
        (SkillProfile.PUBLIC, None, True),
        (SkillProfile.MATCHED, None, False),
        (SkillProfile.MATCHED, Match.ACCEPTED, True),
        (SkillProfile.MATCHED, Match.CHOSEN, False),
        (SkillProfile.MATCHED, Match.DECLINED, False),
        (SkillProfile.AGGREGATE, None, False),
        (SkillProfile.AGGREGATE, Match.ACCEPTED, False),
    ],
)
def test_a_profile_is_seen_only_as_its_owner_chose_on_the_page_and_through_the_api(
    learner, other, visibility, match_status, seen
):
    owner_profile = profile_of(other, visibility)
    if match_status:
        match = accept_match(SkillProfile.objects.get_or_create(user=learner)[0], owner_profile)
        match.status = match_status
        match.save()
    client = signed_in(learner)

    page = client.get(person_url("sk_kwame"))
    api = client.get(api_person_url("sk_kwame"))

    assert page.status_code == (200 if seen else 404)
    assert api.status_code == (200 if seen else 404)
    if seen:
        assert "Wikimedia Ghana" in text_of(page)
        assert "4: experienced" in text_of(page)
        body = api.json()
        assert body["username"] == "sk_kwame"
        assert body["skills"] == [
            {
                "skill": "mediation",
                "self_level": 4,
                "evidence_level": None,
                "known_level": 4,
                "offered": True,
                "wanted": False,
            }
        ]
        assert "email" not in body
        assert "evidence" not in body["skills"][0]


def test_the_owner_always_sees_their_own_profile(learner):
    profile_of(learner, SkillProfile.AGGREGATE)
    client = signed_in(learner)

    page = client.get(person_url("sk_lucia"))

    assert page.status_code == 200
    assert "This is your profile as others see it." in text_of(page)
    assert client.get(api_person_url("sk_lucia")).status_code == 200


def test_nobody_and_someone_without_a_profile_give_the_same_404(learner, other):
    client = signed_in(learner)
    assert client.get(person_url("sk_kwame")).status_code == 404
    assert client.get(person_url("nobody_here")).status_code == 404
    assert client.get(api_person_url("nobody_here")).status_code == 404


def test_people_pages_need_a_login(client, other):
    profile_of(other, SkillProfile.PUBLIC)
    assert client.get(person_url("sk_kwame")).status_code == 302
    assert client.get(api_person_url("sk_kwame")).status_code in (401, 403)


def test_an_accepted_partner_sees_the_email_only_if_it_is_shared(learner, other, django_user_model):
    owner_profile = profile_of(other, SkillProfile.PUBLIC, share_email=True)
    stranger = django_user_model.objects.create_user("sk_stranger", password="pw")
    accept_match(SkillProfile.objects.get_or_create(user=learner)[0], owner_profile)

    assert signed_in(learner).get(api_person_url("sk_kwame")).json()["email"] == "kwame@example.org"
    assert "mailto:kwame@example.org" in text_of(signed_in(learner).get(person_url("sk_kwame")))
    assert "email" not in signed_in(stranger).get(api_person_url("sk_kwame")).json()
    assert "kwame@example.org" not in text_of(signed_in(stranger).get(person_url("sk_kwame")))


# The taxonomy page


def upload(name, text):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    return SimpleUploadedFile(name, text.encode("utf-8"))


def test_the_taxonomy_page_is_for_staff_only(learner, staff):
    learner_client = signed_in(learner)
    assert learner_client.get(TAXONOMY).status_code == 302  # to the admin login
    response = learner_client.post(TAXONOMY, {"taxonomy_file": upload("t.json", '{"tags": []}')})
    assert response.status_code == 302
    assert not Skill.objects.filter(code="new_skill").exists()

    page = signed_in(staff).get(TAXONOMY)
    assert page.status_code == 200
    text = text_of(page)
    assert '<a href="https://www.wikidata.org/wiki/Q11024" lang="en">Q11024</a>' in text
    assert 'href="/skills/taxonomy.json"' in text
    assert 'href="/skills/taxonomy.csv"' in text
    assert 'enctype="multipart/form-data"' in text


def test_staff_import_a_taxonomy_and_see_what_changed(staff):
    document = {
        "tags": [
            {"id": "Q484275", "value": "Leadership", "parent_id": "", "code": "leadership"},
            {"id": "Q42", "value": "Answering questions", "parent_id": "Q484275", "code": "answering"},
        ]
    }
    client = signed_in(staff)

    response = client.post(TAXONOMY, {"taxonomy_file": upload("more.json", json.dumps(document))})

    assert response.status_code == 302
    skill = Skill.objects.get(code="answering")
    assert (skill.qid, skill.label, skill.parent.code) == ("Q42", "Answering questions", "leadership")
    page = text_of(client.get(TAXONOMY))
    assert "The taxonomy was imported. New skills: 1. Skills updated: 1." in page
    assert 'id="import-result" role="status" tabindex="-1" data-focus-on-load' in page


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("t.json", '{"tags": [', messages.TAXONOMY_PROBLEMS["bad_json"].format(line=1)),
        ("t.json", '{"name": "x"}', messages.TAXONOMY_PROBLEMS["no_tags"]),
        ("t.csv", "value\nEditing\n", messages.TAXONOMY_PROBLEMS["missing_columns"].format(columns="id")),
        ("t.csv", "id,value,parent_id\na,A,zzz\n", "The tag a names a parent, zzz, that is not in the file."),
        ("t.txt", "id,value\n", messages.TAXONOMY_PROBLEMS["bad_format"]),
    ],
)
def test_import_problems_are_worded_and_nothing_changes(staff, name, text, message):
    before = Skill.objects.count()

    response = signed_in(staff).post(TAXONOMY, {"taxonomy_file": upload(name, text)})

    assert response.status_code == 400
    page = text_of(response)
    from django.utils.html import escape  # noqa: PLC0415

    assert f'<a href="#taxonomy_file">{escape(message)}</a>' in page
    assert 'aria-invalid="true"' in page
    assert Skill.objects.count() == before


def test_an_import_without_a_file_asks_for_one(staff):
    response = signed_in(staff).post(TAXONOMY, {})
    assert response.status_code == 400
    assert "Choose a .json or .csv file to import." in text_of(response)


def test_the_import_form_is_csrf_protected(staff):
    response = signed_in(staff, enforce_csrf_checks=True).post(TAXONOMY, {"taxonomy_file": upload("t.json", "{}")})
    assert response.status_code == 403


def test_an_exported_taxonomy_imports_back_unchanged(staff):
    client = signed_in(staff)
    exported = client.get("/skills/taxonomy.json")
    assert exported.status_code == 200
    assert exported["Content-Disposition"] == 'attachment; filename="wikiskills-taxonomy.json"'
    before = list(Skill.objects.order_by("code").values_list("code", "qid", "label", "parent__code", "labels"))

    response = client.post(TAXONOMY, {"taxonomy_file": upload("export.json", exported.content.decode())})

    assert response.status_code == 302
    assert f"New skills: 0. Skills updated: {len(before)}." in text_of(client.get(TAXONOMY))
    after = list(Skill.objects.order_by("code").values_list("code", "qid", "label", "parent__code", "labels"))
    assert after == before

    as_csv = client.get("/skills/taxonomy.csv").content.decode()
    rows_from_csv = taxonomy.parse(as_csv, "csv")
    rows_from_json = taxonomy.parse(exported.content.decode(), "json")
    assert [(row.id, row.value, row.parent_id) for row in rows_from_csv] == [
        (row.id, row.value, row.parent_id) for row in rows_from_json
    ]
    response = client.post(TAXONOMY, {"taxonomy_file": upload("export.csv", as_csv)})
    assert response.status_code == 302
    assert Skill.objects.count() == len(before)
