"""Badges in several languages: translated badge classes, the language an award is issued in, its documents
(OB 2.0 and OB 3.0, still verifying) and the pages in the visitor's language."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from tests.support.badge_verifiers import (
    expanded,
    expanded_strings,
    leaf_strings,
    verify_data_integrity,
    verify_jws,
    verify_ob3_vc_jwt,
)
from tests.unit.badges.test_ob2 import _published_pem_of, get_json
from tests.unit.badges.test_ob3 import published_jwks, signed_credential, verification_key
from wikiskills.integrations.wikiskills_badges.awarding import award_badge

BASE = "https://learn.example.org"
FRENCH = {
    "name": "Première citation",
    "description": "A ajouté une source fiable à un article de Wikipédia.",
    "criteria": "Réussir le cours Modifier 101 : ajouter une citation qui reste une semaine.",
}
ARABIC = {"name": "أول استشهاد", "description": "أضاف مصدرًا موثوقًا إلى مقالة.", "criteria": "اجتياز الدورة."}


@pytest.fixture
def translated(badge_class):
    badge_class.translations = {"fr": FRENCH, "ar": ARABIC}
    badge_class.full_clean()
    badge_class.save()
    return badge_class


@pytest.fixture
def french_award(translated, learner):
    award, _created = award_badge(translated, learner, language="fr")
    return award


@pytest.mark.parametrize(
    ("translations", "message"),
    [
        ({"français": FRENCH}, "“français” is not a language code such as fr or pt-BR."),
        ({"EN": FRENCH}, "EN is given twice, or is the badge's own language."),
        ({"fr": {**FRENCH, "name": " "}}, "The fr translation needs a name, a description and criteria, each as text."),
        (
            {"fr": {**FRENCH, "criteria": None}},
            "The fr translation needs a name, a description and criteria, each as text.",
        ),
        ({"fr": {**FRENCH, "image": "x.png"}}, "The fr translation may have only a name, a description and criteria."),
        ({"fr": {**FRENCH, "name": "x" * 256}}, "The fr name is longer than 255 characters."),
        (["fr"], 'Write the translations as {"fr": {"name": …, "description": …, "criteria": …}}.'),
    ],
)
def test_a_badge_class_refuses_translations_it_could_not_publish(badge_class, translations, message):
    badge_class.translations = translations

    with pytest.raises(ValidationError) as refused:
        badge_class.full_clean()

    assert refused.value.message_dict == {"translations": [message]}


def test_the_admin_edits_translations_and_says_what_is_wrong(badge_class, django_user_model):
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("admin_ada", "ada@example.org", "pw"))
    url = f"/admin/wikiskills_badges/badgeclass/{badge_class.pk}/change/"
    form = {
        "slug": badge_class.slug,
        "issuer": badge_class.issuer.pk,
        "name": badge_class.name,
        "description": badge_class.description,
        "image_url": badge_class.image_url,
        "criteria_narrative": badge_class.criteria_narrative,
        "tags": '["editing"]',
        "language": "en",
        "skill_area": "editing",
        "rules-TOTAL_FORMS": "0",
        "rules-INITIAL_FORMS": "0",
    }

    refused = admin.post(url, {**form, "translations": '{"fr": {"name": "Première citation"}}'})
    saved = admin.post(
        url, {**form, "translations": '{"pt-BR": {"name": "Primeira citação", "description": "D", "criteria": "C"}}'}
    )

    assert refused.status_code == 200
    assert "The fr translation needs a name, a description and criteria, each as text." in refused.content.decode()
    assert saved.status_code == 302
    badge_class.refresh_from_db()
    assert badge_class.translations["pt-BR"]["name"] == "Primeira citação"


def test_an_award_is_issued_in_the_learners_language_or_the_nearest_edition(translated, learner, other_learner):
    with translation.override("fr"):
        french, _created = award_badge(translated, learner)
    with translation.override("de"):
        original, _created = award_badge(translated, other_learner)

    assert (french.language, original.language) == ("fr", "en")


def test_a_regional_language_gets_the_edition_of_its_language(translated, learner):
    award, _created = award_badge(translated, learner, language="fr-CA")

    assert award.language == "fr"


def test_the_ob3_credential_is_the_edition_it_was_issued_in_and_still_verifies(client, french_award):
    credential = signed_credential(client, french_award)
    did_document = client.get("/badges/issuers/wikimedia-learning/did.json").json()

    achievement = credential["credentialSubject"]["achievement"]
    assert credential["name"] == achievement["name"] == "Première citation"
    assert achievement["inLanguage"] == "fr"
    assert achievement["criteria"]["narrative"] == FRENCH["criteria"]
    assert achievement["id"] == f"{BASE}/badges/v3/achievements/first-citation/in/fr"
    assert achievement["related"] == [
        {"id": f"{BASE}/badges/v3/achievements/first-citation", "type": ["Related"], "inLanguage": "en"},
        {"id": f"{BASE}/badges/v3/achievements/first-citation/in/ar", "type": ["Related"], "inLanguage": "ar"},
    ]
    assert not leaf_strings(credential) - expanded_strings(expanded(credential)), "a term the contexts lack"
    method = verification_key(did_document, credential["proof"]["verificationMethod"])
    verify_data_integrity(credential, method["publicKeyMultibase"])


def test_the_ob3_vc_jwt_of_a_translated_award_verifies(client, french_award):
    token = client.get(f"/badges/v3/credentials/{french_award.uuid}/jwt").content.decode()

    _header, claims = verify_ob3_vc_jwt(token, published_jwks(client))

    assert claims["vc"]["credentialSubject"]["achievement"]["name"] == "Première citation"


def test_each_achievement_edition_is_served_at_its_id_and_names_the_others(client, translated):
    original = get_json(client, f"{BASE}/badges/v3/achievements/first-citation")
    arabic = get_json(client, f"{BASE}/badges/v3/achievements/first-citation/in/ar")

    assert (original["name"], original["inLanguage"]) == ("First citation", "en")
    assert [(item["id"].rsplit("/", 1)[-1], item["inLanguage"]) for item in original["related"]] == [
        ("ar", "ar"),
        ("fr", "fr"),
    ]
    assert (arabic["id"], arabic["name"], arabic["inLanguage"]) == (
        f"{BASE}/badges/v3/achievements/first-citation/in/ar",
        ARABIC["name"],
        "ar",
    )
    assert client.get("/badges/v3/achievements/first-citation/in/de").status_code == 404
    assert client.get("/badges/v3/achievements/first-citation/in/en").status_code == 404  # the original has its id


def test_the_ob2_assertion_names_the_badge_class_of_its_language(client, french_award):
    assertion = get_json(client, f"{BASE}/badges/v2/assertions/{french_award.uuid}")
    badge_class = get_json(client, assertion["badge"])
    token = client.get(f"/badges/v2/assertions/{french_award.uuid}/signed").content.decode()

    assert assertion["badge"] == f"{BASE}/badges/v2/classes/first-citation/in/fr"
    assert (badge_class["id"], badge_class["@language"], badge_class["name"]) == (
        assertion["badge"],
        "fr",
        "Première citation",
    )
    assert badge_class["criteria"]["narrative"] == FRENCH["criteria"]
    assert {"type": "BadgeClass", "id": f"{BASE}/badges/v2/classes/first-citation", "@language": "en"} in badge_class[
        "related"
    ]
    _header, payload = verify_jws(token, _published_pem_of(client, token))
    assert payload["badge"] == assertion["badge"]


def test_an_award_keeps_the_original_when_its_translation_is_removed(client, french_award):
    badge_class = french_award.badge_class
    badge_class.translations = {}
    badge_class.save()

    credential = signed_credential(client, french_award)

    assert credential["credentialSubject"]["achievement"]["inLanguage"] == "en"
    assert credential["name"] == "First citation"
    assert "related" not in credential["credentialSubject"]["achievement"]


def visit(client, path, language):
    """``path`` as a visitor whose browser asks for ``language`` (active with or without LocaleMiddleware)."""
    with translation.override(language):
        return client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_the_verification_page_speaks_the_visitors_language_and_says_the_badges(client, french_award):
    arabic = visit(client, f"/badges/verify/{french_award.uuid}/", "ar")
    german = visit(client, f"/badges/verify/{french_award.uuid}/", "de")
    english = visit(client, f"/badges/verify/{french_award.uuid}/", "en")

    assert f'<h1 lang="ar" dir="auto">{ARABIC["name"]}</h1>' in arabic
    assert ARABIC["description"] in arabic and FRENCH["name"] not in arabic
    assert '<h1 lang="en" dir="auto">First citation</h1>' in german  # no German edition: the original
    assert "<dt>Issued in</dt><dd>French</dd>" in english


def test_my_badges_shows_each_badge_in_the_learners_language(client, french_award, learner):
    client.force_login(learner)

    page = visit(client, "/badges/mine/", "ar")

    assert f'<h2 lang="ar" dir="auto">{ARABIC["name"]}</h2>' in page
