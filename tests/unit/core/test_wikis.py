"""The admin's list of wikis: validated with clear messages, one polite client per wiki."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from wikiskills.integrations import __version__
from wikiskills.integrations.wikiskills_core import wikis

ENWIKI = {
    "api_url": "https://en.wikipedia.org/w/api.php",
    "name": "English Wikipedia",
    "family": "wikimedia",
    "image_hosts": ["upload.wikimedia.org"],
}


def test_a_configured_wiki_has_its_name_family_and_links(settings):
    settings.WIKISKILLS_WIKIS = {"enwiki": ENWIKI}

    wiki = wikis.get_wiki("enwiki")

    assert (wiki.name, wiki.family, wiki.base_url) == ("English Wikipedia", "wikimedia", "https://en.wikipedia.org")
    assert wiki.image_hosts == ("upload.wikimedia.org",)
    assert wiki.page_url("help:my_page") == "https://en.wikipedia.org/w/index.php?title=Help%3AMy+page"


def test_an_unknown_wiki_is_refused_by_name(settings):
    settings.WIKISKILLS_WIKIS = {"enwiki": ENWIKI}

    with pytest.raises(ImproperlyConfigured, match="'dewiki'"):
        wikis.get_wiki("dewiki")


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        ({"api_url": "ftp://example.org/w/api.php"}, "must be an http(s) URL"),
        ({"api_url": "https://example.org/wiki/Main_Page"}, "must end in api.php"),
        ("https://example.org/w/api.php", "must be a dict"),
    ],
)
def test_system_checks_explain_a_broken_wiki_entry(settings, entry, complaint):
    settings.WIKISKILLS_WIKIS = {"broken": entry}

    with pytest.raises(SystemCheckError, match="broken") as failed:
        call_command("check")

    assert complaint in str(failed.value)


def test_the_user_agent_names_the_operator_contact_or_the_lms(settings):
    settings.WIKISKILLS_USER_AGENT_CONTACT = "learning@example.org"
    assert str(wikis.user_agent()).startswith(f"WikiSkills-OpenEdX/{__version__} (learning@example.org) ")

    settings.WIKISKILLS_USER_AGENT_CONTACT = ""
    settings.LMS_ROOT_URL = "https://learn.example.org"
    assert "(https://learn.example.org)" in str(wikis.user_agent())


def test_clients_are_shared_per_wiki_and_only_background_ones_send_maxlag(settings):
    settings.WIKISKILLS_WIKIS = {"enwiki": ENWIKI}
    wiki = wikis.get_wiki("enwiki")

    background = wikis.client_for(wiki, background=True)

    assert wikis.client_for(wiki, background=True) is background
    assert background.background and not wikis.client_for(wiki, background=False).background
