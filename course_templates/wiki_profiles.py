"""What a built course needs to know about its wiki: names, language, namespaces and well-known pages.

The main Wikimedia wikis are described in ``wikis.yaml`` by database name, so ``build`` works
without an LMS; when Django settings are configured, the wiki must also be one the platform allows
(``WIKISKILLS_WIKIS``), since the blocks use that key.
"""

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import quote

import yaml

from .errors import PackError

PROFILES_FILE = Path(__file__).parent / "wikis.yaml"
CANONICAL_NAMESPACES = {"user": "User", "user_talk": "User talk", "talk": "Talk", "project": "Project", "help": "Help"}
FALLBACK_PAGES_FROM = "enwiki"
PAGE_KEYS = (
    "five_pillars", "neutral_point_of_view", "verifiability", "no_original_research", "reliable_sources",
    "citing_sources", "talk_page_guidelines", "sandbox_help", "be_bold", "civility", "assume_good_faith",
    "user_pages", "tutorial", "edit_a_thon",
)  # fmt: skip
RTL_LANGUAGES = {"ar", "arz", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"}


@dataclass(frozen=True)
class WikiProfile:
    """One wiki as a course sees it; ``article_path`` ends where the page title goes."""

    key: str
    name: str
    language: str
    direction: str
    article_path: str
    namespaces: dict
    sandbox: str
    pages: dict = field(default_factory=dict)
    fallback_urls: dict = field(default_factory=dict)  # title → English Wikipedia's URL, for pages this wiki lacks
    warnings: tuple = ()

    def page_url(self, title):
        return self.article_path + quote(title.replace(" ", "_"), safe=":/_,-.!~*'")

    def placeholders(self):
        values = {"wiki": self.key, "wiki_name": self.name, "sandbox": self.sandbox}
        values.update({f"ns_{key}": name for key, name in self.namespaces.items()})
        values.update({f"page:{key}": title for key, title in self.pages.items()})
        return values


@cache
def known_profiles():
    """The wikis.yaml profiles, keyed by database name."""
    return yaml.safe_load(PROFILES_FILE.read_text(encoding="utf-8")) or {}


def _from_known(key, data, name=None):
    return WikiProfile(
        key=key,
        name=name or data["name"],
        language=data["language"],
        direction=data.get("direction", "rtl" if data["language"] in RTL_LANGUAGES else "ltr"),
        article_path=data["site"].rstrip("/") + "/wiki/",
        namespaces={**CANONICAL_NAMESPACES, **data.get("namespaces", {})},
        sandbox=data.get("sandbox", "sandbox"),
        pages=dict(data.get("pages", {})),
    )


def _from_api(key, api_url, name, language):
    """A wiki known only by its API address: canonical namespace names work on every MediaWiki."""
    if not api_url.endswith("api.php"):
        raise PackError(f"'{api_url}' is not a MediaWiki API address (it ends with api.php)")
    language = language or "en"
    return WikiProfile(
        key=key,
        name=name or key,
        language=language,
        direction="rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr",
        article_path=api_url[: -len("api.php")] + "index.php?title=",
        namespaces=dict(CANONICAL_NAMESPACES),
        sandbox="sandbox",
        warnings=(f"'{key}' is not a wiki this tool knows: namespace names are MediaWiki's canonical English ones.",),
    )


def _platform_wikis():
    """``WIKISKILLS_WIKIS`` when Django settings are configured, else None."""
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        return None
    from django.conf import settings  # noqa: PLC0415  (Django only when an LMS's settings are named)

    return getattr(settings, "WIKISKILLS_WIKIS", {})


def resolve(key, api_url=None, language=None, page_overrides=None):
    """The profile of the wiki called ``key``; pages the wiki lacks fall back to English Wikipedia's, with a warning."""
    platform = _platform_wikis()
    known = known_profiles()
    notes = []
    if platform is not None:
        if key not in platform:
            allowed = ", ".join(sorted(platform)) or "none"
            raise PackError(f"the wiki '{key}' is not in this platform's WIKISKILLS_WIKIS (allowed: {allowed})")
        entry = platform[key]
        if key in known:
            profile = _from_known(key, known[key], entry.get("name"))
        else:
            profile = _from_api(key, api_url or entry.get("api_url", ""), entry.get("name"), language)
    elif api_url:
        profile = _from_api(key, api_url, None, language)
    elif key in known:
        profile = _from_known(key, known[key])
        notes.append(f"The course's blocks use the wiki key '{key}': the LMS's WIKISKILLS_WIKIS must have it.")
    else:
        raise PackError(
            f"the wiki '{key}' is unknown: use a database name such as {', '.join(sorted(known)[:6])}, "
            "or give --wiki-api with the wiki's api.php address"
        )
    pages = {**profile.pages, **(page_overrides or {})}
    fallback = _from_known(FALLBACK_PAGES_FROM, known[FALLBACK_PAGES_FROM])
    missing = sorted(set(PAGE_KEYS) - set(pages))
    fallback_urls = {fallback.pages[key]: fallback.page_url(fallback.pages[key]) for key in missing}
    pages.update({key: fallback.pages[key] for key in missing})
    return WikiProfile(
        **{**profile.__dict__, "pages": pages, "fallback_urls": fallback_urls, "warnings": (*profile.warnings, *notes)}
    )
