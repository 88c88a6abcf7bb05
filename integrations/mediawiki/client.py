"""A MediaWiki Action API client that is correct, polite and fast.

Polite means what Wikimedia's API etiquette asks: a descriptive User-Agent,
requests one after another over one reused connection, gzip, ``maxlag`` on
background work, and waiting as long as ``Retry-After`` says. Fast means
batching: many users' contributions or many revisions per request, and
following ``continue`` until the answer is complete. This module knows nothing
of Django or XBlock; the Django side builds one client per configured wiki.
"""

import logging
import random
import time
from dataclasses import dataclass
from datetime import UTC
from http import HTTPStatus
from itertools import islice

import requests

from . import errors
from .names import normalize_username
from .records import Contribution, PageRef, ParsedPage, Revision, WikiUser

log = logging.getLogger(__name__)

NAMES_PER_REQUEST = 50
NAMES_PER_REQUEST_HIGH_LIMITS = 500
BACKGROUND_MAXLAG_SECONDS = 5
# Longer query strings go in a POST body: Wikimedia's front ends cap URL length.
LONGEST_GET_QUERY = 2000
CONTRIBUTION_PROPS = "ids|title|timestamp|comment|size|sizediff|flags|tags"
REVISION_PROPS = "ids|timestamp|user|userid|comment|size|sha1|flags|tags"


@dataclass(frozen=True)
class UserAgent:
    """The User-Agent Wikimedia's policy asks for: who we are and how to reach the operator."""

    client: str
    version: str
    contact: str

    def __str__(self):
        return f"{self.client}/{self.version} ({self.contact}) python-requests/{requests.__version__}"


@dataclass(frozen=True)
class RetryPolicy:
    """How long and how often to wait for a wiki that is busy or failing.

    ``longest_wait`` caps a single wait: when a wiki asks for more (a long
    ``Retry-After``), the client raises ``WikiBusy`` so a background task can
    reschedule itself instead of holding a worker.
    """

    attempts: int = 4
    first_backoff: float = 1.0
    longest_wait: float = 30.0
    jitter: float = 0.25

    def backoff(self, attempt):
        """Exponential backoff for failures that name no wait of their own."""
        return self.first_backoff * 2 ** (attempt - 1)

    def with_jitter(self, seconds):
        """Never less than asked, a little more so that many clients do not return together."""
        return seconds * (1 + random.uniform(0, self.jitter))  # noqa: S311  (spreading, not secrecy)


def chunked(items, size):
    """Successive lists of at most ``size`` items."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _unique_names(usernames):
    """Normalized names, each once, in first-seen order."""
    return list(dict.fromkeys(normalize_username(name) for name in usernames))


def _retry_after(response, default):
    """Seconds from a ``Retry-After`` header (MediaWiki sends whole seconds)."""
    try:
        return max(float(response.headers.get("Retry-After", default)), 0.0)
    except ValueError:
        return default


class _TryAgain(Exception):
    """Internal: this attempt failed in a way that waiting ``wait`` seconds may cure."""

    def __init__(self, failure, wait):
        super().__init__(str(failure))
        self.failure = failure
        self.wait = wait


class MediaWikiClient:
    """One wiki's Action API over one HTTP session.

    ``background=True`` marks work no person waits for: every request then
    carries ``maxlag`` so a lagged wiki can turn us away first.
    """

    def __init__(
        self,
        api_url,
        user_agent,
        *,
        background=False,
        timeout=(5, 30),
        retry=RetryPolicy(),
        session=None,
        sleep=time.sleep,
    ):
        self.api_url = api_url
        self.background = background
        self.timeout = timeout
        self.retry = retry
        self.request_count = 0
        self._sleep = sleep
        self._logged_in_as = None
        self._rights = frozenset()
        self.session = session or requests.Session()
        self.session.headers.update({"User-Agent": str(user_agent), "Accept-Encoding": "gzip"})

    # -- one call ---------------------------------------------------------

    def call(self, params, *, post=False):
        """One API call, retried on busy or failing wikis; returns the decoded answer."""
        params = {**params, "format": "json", "formatversion": "2", "errorformat": "plaintext"}
        if self.background:
            params["maxlag"] = BACKGROUND_MAXLAG_SECONDS
        if self._logged_in_as:
            params["assert"] = "user"
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._attempt(params, post, attempt)
            except _TryAgain as again:
                if attempt >= self.retry.attempts or again.wait > self.retry.longest_wait:
                    raise again.failure from None
                log.info("MediaWiki %s: %s; retrying in %.1fs", self.api_url, again.failure, again.wait)
                self._sleep(self.retry.with_jitter(again.wait))

    def _attempt(self, params, post, attempt):
        """Send once and decode; raise ``_TryAgain`` for what waiting may cure."""
        try:
            response = self._send(params, post)
        except (requests.ConnectionError, requests.Timeout) as exc:
            failure = errors.WikiUnavailable(f"{self.api_url} unreachable: {type(exc).__name__}")
            raise _TryAgain(failure, self.retry.backoff(attempt)) from None
        log.debug("MediaWiki %s action=%s -> HTTP %s", self.api_url, params.get("action"), response.status_code)
        if response.status_code == HTTPStatus.TOO_MANY_REQUESTS:
            seconds = _retry_after(response, self.retry.first_backoff)
            raise _TryAgain(errors.WikiBusy(f"{self.api_url} rate-limited us (HTTP 429)", seconds), seconds)
        if response.status_code >= HTTPStatus.INTERNAL_SERVER_ERROR:
            failure = errors.WikiUnavailable(f"{self.api_url} answered HTTP {response.status_code}")
            raise _TryAgain(failure, self.retry.backoff(attempt))
        data = self._decode(response)
        error = _first_error(data)
        if error is None:
            return data
        code, info = error
        if code == "maxlag":
            seconds = _retry_after(response, BACKGROUND_MAXLAG_SECONDS)
            raise _TryAgain(errors.WikiBusy(f"{self.api_url} is lagged: {info}", seconds), seconds)
        raise errors.ApiError(code, info)

    def _send(self, params, post):
        self.request_count += 1
        if post or len(requests.compat.urlencode(params)) > LONGEST_GET_QUERY:
            return self.session.post(self.api_url, data=params, timeout=self.timeout)
        return self.session.get(self.api_url, params=params, timeout=self.timeout)

    def _decode(self, response):
        if response.status_code != HTTPStatus.OK:
            raise errors.WikiResponseError(f"{self.api_url} answered HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError:
            raise errors.WikiResponseError(f"{self.api_url} did not answer JSON; is it an api.php URL?") from None
        if not isinstance(data, dict):
            raise errors.WikiResponseError(f"{self.api_url} answered JSON that is not an API answer")
        return data

    # -- continuation -----------------------------------------------------

    def query_all(self, params):
        """Every answer of a query, sending back the whole ``continue`` object each time."""
        continuation = {}
        while True:
            data = self.call({**params, **continuation})
            yield data
            if "continue" not in data:
                return
            continuation = data["continue"]

    # -- accounts ---------------------------------------------------------

    def login(self, username, password):
        """Log in with a bot password; later calls then assert they are still logged in."""
        token_answer = self.call({"action": "query", "meta": "tokens", "type": "login"})
        token = token_answer["query"]["tokens"]["logintoken"]
        answer = self.call(
            {"action": "login", "lgname": username, "lgpassword": password, "lgtoken": token}, post=True
        )["login"]
        if answer.get("result") != "Success":
            raise errors.LoginFailed(answer.get("result", "Failed"), _reason_text(answer.get("reason", "")))
        self._logged_in_as = answer["lgusername"]
        rights = self.call({"action": "query", "meta": "userinfo", "uiprop": "rights"})
        self._rights = frozenset(rights["query"]["userinfo"].get("rights", ()))
        log.info("Logged in to %s as %s", self.api_url, self._logged_in_as)

    @property
    def names_per_request(self):
        """How many names or ids one request may carry: 500 with ``apihighlimits``, else 50."""
        if "apihighlimits" in self._rights:
            return NAMES_PER_REQUEST_HIGH_LIMITS
        return NAMES_PER_REQUEST

    # -- batched reads ----------------------------------------------------

    def user_contributions(self, usernames, *, since=None, until=None, namespaces=None, limit="max"):
        """Contributions of many users, ``names_per_request`` names per request.

        Yields ``Contribution`` records grouped by user (the API's order), oldest
        first within a user when ``since`` is given, newest first otherwise.
        Unknown names yield nothing, as on the wiki.
        """
        params = {"action": "query", "list": "usercontribs", "ucprop": CONTRIBUTION_PROPS, "uclimit": limit}
        if since is not None:
            params.update(ucdir="newer", ucstart=_api_time(since))
            if until is not None:
                params["ucend"] = _api_time(until)
        elif until is not None:
            params["ucstart"] = _api_time(until)
        if namespaces is not None:
            params["ucnamespace"] = "|".join(str(number) for number in namespaces)
        for names in chunked(_unique_names(usernames), self.names_per_request):
            yield from self._contributions({**params, "ucuser": "|".join(names)})

    def contributions_by_user_id(self, user_ids, *, since, until=None, namespaces=None):
        """Contributions of accounts named by their id on this wiki, oldest first within each account.

        Ids, not names, are what verified identities are matched on: an account
        keeps its id when renamed, and whoever later registers a freed old name
        gets a new one. Logged-out (IP) edits have no account id and never appear.
        ``namespaces`` (numbers) limits them to those namespaces, on the wiki's side.
        """
        params = {
            "action": "query",
            "list": "usercontribs",
            "ucprop": CONTRIBUTION_PROPS,
            "uclimit": "max",
            "ucdir": "newer",
            "ucstart": _api_time(since),
        }
        if until is not None:
            params["ucend"] = _api_time(until)
        if namespaces is not None:
            params["ucnamespace"] = "|".join(str(number) for number in namespaces)
        for ids in chunked(dict.fromkeys(int(user_id) for user_id in user_ids), self.names_per_request):
            yield from self._contributions({**params, "ucuserids": "|".join(map(str, ids))})

    def _contributions(self, params):
        for data in self.query_all(params):
            for item in data.get("query", {}).get("usercontribs", ()):
                yield Contribution.from_api(item)

    def revisions(self, revids, *, content=True):
        """Revisions by id, ``names_per_request`` ids per request; unknown or deleted ids are left out."""
        props = REVISION_PROPS + ("|content" if content else "")
        found = {}
        for ids in chunked(dict.fromkeys(int(revid) for revid in revids), self.names_per_request):
            params = {"action": "query", "prop": "revisions", "rvprop": props, "rvslots": "main"}
            for data in self.query_all({**params, "revids": "|".join(map(str, ids))}):
                for page in data.get("query", {}).get("pages", ()):
                    for item in page.get("revisions", ()):
                        found[item["revid"]] = Revision.from_api(page, item)
        return found

    def later_revisions(self, page_id, after_revid):
        """Revisions of one page saved after ``after_revid``, oldest first, without content.

        The page is named by its id, which a move does not change. The API lists one
        page's history per request, so callers ask only for the few pages where they
        must know what happened after an edit (was it reverted, and restored?).
        """
        params = {
            "action": "query",
            "prop": "revisions",
            "pageids": int(page_id),
            "rvprop": REVISION_PROPS,
            "rvslots": "main",
            "rvdir": "newer",
            "rvstartid": int(after_revid),
            "rvlimit": "max",
        }
        for data in self.query_all(params):
            for page in data.get("query", {}).get("pages", ()):
                for item in page.get("revisions", ()):
                    if item["revid"] != int(after_revid):
                        yield Revision.from_api(page, item)

    def pages(self, titles):
        """{title as given: the ``PageRef`` it leads to now, following redirects; None when there is no page}.

        Titles are sent ``names_per_request`` per request; the wiki's own title
        normalization and redirects are applied, so a title moved away from (which
        now redirects) leads to the moved page.
        """
        found = {}
        for chunk in chunked(dict.fromkeys(titles), self.names_per_request):
            data = self.call({"action": "query", "titles": "|".join(chunk), "redirects": 1}, post=True)
            query = data.get("query", {})
            renamed = {item["from"]: item["to"] for item in query.get("normalized", ())}
            redirected = {item["from"]: item["to"] for item in query.get("redirects", ())}
            pages = {page["title"]: PageRef.from_api(page) for page in query.get("pages", ()) if "pageid" in page}
            for title in chunk:
                current = renamed.get(title, title)
                found[title] = pages.get(redirected.get(current, current))
        return found

    def moves_from(self, title, *, since):
        """``(page id, new title)`` of each move of the page at ``title`` since ``since``, oldest first."""
        params = {
            "action": "query",
            "list": "logevents",
            "letype": "move",
            "letitle": title,
            "ledir": "newer",
            "lestart": _api_time(since),
            "leprop": "ids|title|details",
            "lelimit": "max",
        }
        for data in self.query_all(params):
            for event in data.get("query", {}).get("logevents", ()):
                target = event.get("params", {}).get("target_title")
                if target and event.get("logpage"):
                    yield event["logpage"], target

    def category_members(self, category):
        """``PageRef`` of every page, file and subcategory in ``category`` (a title with or without ``Category:``).

        Members are named by page id, which a move does not change; the API pages
        through a large category with ``continue``, 500 members a request (5,000 with
        ``apihighlimits``).
        """
        title = category if category.lower().startswith("category:") else f"Category:{category}"
        params = {
            "action": "query",
            "list": "categorymembers",
            "cmtitle": title,
            "cmprop": "ids|title",
            "cmlimit": "max",
        }
        for data in self.query_all(params):
            for item in data.get("query", {}).get("categorymembers", ()):
                yield PageRef(page_id=item["pageid"], title=item["title"], namespace=item["ns"])

    def users(self, usernames):
        """Account facts for many names, keyed by normalized name; unknown names have ``exists=False``."""
        found = {}
        params = {"action": "query", "list": "users", "usprop": "centralids|editcount|registration|groups"}
        for names in chunked(_unique_names(usernames), self.names_per_request):
            data = self.call({**params, "ususers": "|".join(names)})
            for item in data.get("query", {}).get("users", ()):
                record = WikiUser.from_api(item)
                found[normalize_username(record.name)] = record
        return found

    # -- rendered views ---------------------------------------------------

    def diff_html(self, revid):
        """The wiki's HTML diff table body of one revision against its parent."""
        data = self.call({"action": "compare", "fromrev": revid, "torelative": "prev", "prop": "diff"})
        return data["compare"].get("body", "")

    def parse(self, title):
        """Rendered HTML of a page's current revision."""
        data = self.call(
            {
                "action": "parse",
                "page": title,
                "prop": "text|revid",
                "disableeditsection": 1,
                "disablelimitreport": 1,
                "redirects": 1,
            }
        )["parse"]
        return ParsedPage(title=data["title"], revid=data["revid"], html=data["text"])


def _first_error(data):
    """``(code, info)`` of the answer's first error, or None.

    With ``errorformat=plaintext`` errors come as a list; older wikis still use
    the single ``error`` object.
    """
    if data.get("errors"):
        first = data["errors"][0]
        return first.get("code", "unknown"), first.get("text", "")
    if "error" in data:
        return data["error"].get("code", "unknown"), data["error"].get("info", "")
    return None


def _reason_text(reason):
    """A login refusal's reason: plain text, or ``{"text": ...}`` under ``errorformat``."""
    return reason.get("text", "") if isinstance(reason, dict) else str(reason)


def _api_time(moment):
    """MediaWiki's timestamp form (UTC) of an aware datetime."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
