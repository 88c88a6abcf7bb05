"""The wikis an admin allows, one polite API client per wiki and process, and each wiki's siteinfo.

Settings hold plain dictionaries; this module turns them into ``Wiki`` records
and clients, so nothing else reads ``WIKISKILLS_WIKIS`` directly.
"""

import hashlib
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.exceptions import ImproperlyConfigured

from wikiskills.integrations import __version__
from wikiskills.integrations.mediawiki.client import MediaWikiClient, RetryPolicy, UserAgent
from wikiskills.integrations.mediawiki.names import normalize_title
from wikiskills.integrations.mediawiki.siteinfo import JSON_FORMAT_VERSION, SiteInfo, fetch_siteinfo

from .. import openedx_compat

CLIENT_NAME = "WikiSkills-OpenEdX"


@dataclass(frozen=True)
class Wiki:
    """One allowed wiki: its key in settings, API endpoint, display name and account family.

    Wikis of one ``family`` share accounts (Wikimedia's single user login), so
    an account verified on one counts on all of them. ``image_hosts`` are the
    other hosts its pages may show images from (``upload.wikimedia.org``).
    """

    key: str
    api_url: str
    name: str
    family: str
    image_hosts: tuple = ()

    @property
    def base_url(self):
        """Scheme and host, the origin links and images on the wiki are resolved against."""
        parts = urlsplit(self.api_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def index_url(self):
        """``index.php`` next to ``api.php``: it works on every MediaWiki, whatever its article path."""
        return self.api_url.removesuffix("api.php") + "index.php"

    def page_url(self, title):
        """Where a person reads ``title`` on this wiki."""
        return f"{self.index_url}?{urlencode({'title': normalize_title(title)})}"

    def revision_url(self, revid):
        """Where a person sees what one edit changed (the diff against its parent)."""
        return f"{self.index_url}?{urlencode({'diff': int(revid)})}"


def wiki_problems(key, entry):
    """What is wrong with one ``WIKISKILLS_WIKIS`` entry, as readable sentences (empty if fine)."""
    if not isinstance(entry, dict):
        return [f"WIKISKILLS_WIKIS[{key!r}] must be a dict with at least 'api_url'."]
    problems = []
    api_url = entry.get("api_url", "")
    parts = urlsplit(api_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        problems.append(f"WIKISKILLS_WIKIS[{key!r}]['api_url'] must be an http(s) URL, got {api_url!r}.")
    elif not parts.path.endswith("api.php"):
        problems.append(f"WIKISKILLS_WIKIS[{key!r}]['api_url'] must end in api.php, got {api_url!r}.")
    return problems


def get_wiki(key):
    """The allowed wiki named ``key``; ``ImproperlyConfigured`` if there is none or it is broken."""
    entry = settings.WIKISKILLS_WIKIS.get(key)
    if entry is None:
        raise ImproperlyConfigured(f"No wiki {key!r} in WIKISKILLS_WIKIS.")
    problems = wiki_problems(key, entry)
    if problems:
        raise ImproperlyConfigured(" ".join(problems))
    return Wiki(
        key=key,
        api_url=entry["api_url"],
        name=entry.get("name", key),
        family=entry.get("family", key),
        image_hosts=tuple(entry.get("image_hosts", ())),
    )


def allowed_wikis():
    """Every configured wiki, by key."""
    return {key: get_wiki(key) for key in settings.WIKISKILLS_WIKIS}


def user_agent():
    """Our User-Agent, with the operator's contact (or the LMS URL) as Wikimedia asks."""
    contact = settings.WIKISKILLS_USER_AGENT_CONTACT or openedx_compat.lms_root_url()
    return UserAgent(CLIENT_NAME, __version__, contact)


@cache
def _client(api_url, background, agent, timeout, attempts):
    return MediaWikiClient(api_url, agent, background=background, timeout=timeout, retry=RetryPolicy(attempts=attempts))


def client_for(wiki, *, background):
    """The process-wide client of a wiki, so requests reuse one connection.

    ``background=True`` for tasks (they send ``maxlag``), False for requests a
    person is waiting on.
    """
    return _client(
        wiki.api_url,
        background,
        user_agent(),
        settings.WIKISKILLS_HTTP_TIMEOUT_SECONDS,
        settings.WIKISKILLS_HTTP_ATTEMPTS,
    )


def siteinfo_for(wiki, client=None):
    """The wiki's namespace names, aliases, language and redirect words, fetched at most once a cache period.

    Kept as JSON in Django's cache for ``WIKISKILLS_SITEINFO_CACHE_SECONDS``
    (names change only when the wiki is reconfigured). On a miss it is fetched
    with ``client``, or the wiki's background client when none is given.
    """
    key = _siteinfo_key(wiki)
    cached = django_cache.get(key)
    if cached is not None:
        return _siteinfo_from_json(cached)
    siteinfo = fetch_siteinfo(client or client_for(wiki, background=True))
    django_cache.set(key, siteinfo.to_json(), settings.WIKISKILLS_SITEINFO_CACHE_SECONDS)
    return siteinfo


@lru_cache(maxsize=32)
def _siteinfo_from_json(text):
    """One SiteInfo per cached text and process, so its lookup tables are built once, not on every call."""
    return SiteInfo.from_json(text)


def _siteinfo_key(wiki):
    """Per wiki key and API URL: pointing a key at another wiki must not reuse the old wiki's names."""
    digest = hashlib.sha256(f"{wiki.key}\n{wiki.api_url}".encode()).hexdigest()
    return f"wikiskills:siteinfo:v{JSON_FORMAT_VERSION}:{digest}"
