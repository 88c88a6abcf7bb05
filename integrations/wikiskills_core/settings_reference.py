"""The admin guide's settings table, made from the apps' own defaults, so the guide cannot drift.

``python -m wikiskills.integrations.wikiskills_core.settings_reference`` prints the table;
a test checks that docs/admin-guide.md holds exactly this table and that every default has
a meaning written here.
"""

import importlib
from types import SimpleNamespace

APPS = [
    "wikiskills_core",
    "wikiskills_accounts",
    "wikiskills_exercises",
    "wikiskills_badges",
    "wikiskills_peer_review",
    "wikiskills_skills",
    "wikiskills_tracks",
    "wikiskills_leadership",
]

MEANINGS = {
    "WIKISKILLS_WIKIS": "allowed wikis: key -> `api_url` (required, `http(s)://…/api.php`), `name`, `family`, "
    "`image_hosts`, and `bot_user` / `bot_password` (a bot password the health check logs in with, if set)",
    "WIKISKILLS_USER_AGENT_CONTACT": "contact put in the User-Agent of every wiki request (empty: the LMS root URL)",
    "WIKISKILLS_HTTP_TIMEOUT_SECONDS": "read timeout of one wiki request",
    "WIKISKILLS_HTTP_ATTEMPTS": "tries per wiki request (waits 1 s, 2 s, 4 s…) before a task reschedules itself",
    "WIKISKILLS_PAGE_CACHE_SECONDS": "how long a shown wiki page is kept before it is fetched again",
    "WIKISKILLS_WIKI_HTML_MAX_CHARACTERS": "a wiki page shown in a course (or a diff under review) is cut at this "
    "length before it is sanitized",
    "WIKISKILLS_WIKI_HTML_MAX_DEPTH": "tags a wiki page nests deeper than this are dropped (their text kept) before "
    "it is sanitized",
    "WIKISKILLS_SITEINFO_CACHE_SECONDS": "how long a wiki's namespace names, redirect words and automatic "
    "summaries are kept",
    "WIKISKILLS_DOCTOR_STUCK_MINUTES": "`wikiskills_doctor` fails when a requested check or a peer-review lease "
    "is older than this (a stuck worker)",
    "WIKISKILLS_WIKIMEDIA_LOGIN_FAMILY": 'wiki family the "Log in with Wikimedia" record identifies; empty turns '
    "it off",
    "WIKISKILLS_VERIFICATION_MINUTES": "how long a learner has to save their one-time verification code",
    "WIKISKILLS_LEARNER_WIKI_REQUEST_SECONDS": "a learner's checks and account-linking steps ask the wiki at most "
    "once in this many seconds each (0: no limit)",
    "WIKISKILLS_CHECK_STALE_SECONDS": "a requested check not finished after this long is taken up again by the sweep",
    "WIKISKILLS_CHECK_BATCH_SIZE": "attempts one check task takes on",
    "WIKISKILLS_UNVERIFIABLE_RECHECK_SECONDS": "an attempt whose edit could not be read (hidden text, too complex) "
    "is read again after this",
    "WIKISKILLS_ANALYSIS_SECONDS": "longest time one edit's wikitext may take to analyse; past it the attempt goes "
    "to staff",
    "WIKISKILLS_ANALYSIS_MAX_CHARACTERS": "an edit whose old and new wikitext together are longer is not analysed; "
    "the attempt goes to staff",
    "WIKISKILLS_BADGES_KEY_SECRET": "secret the issuers' private keys are encrypted with (empty: `SECRET_KEY`); "
    "back it up with the database",
    "WIKISKILLS_BADGES_KEY_DIR": "a directory to keep the encrypted private keys in instead of the database",
    "WIKISKILLS_BADGES_BASE_URL": "public origin of badge ids and verification links (empty: the LMS root URL)",
    "WIKISKILLS_BADGES_BACKENDS": "outward badge platforms awards are copied to (see docs/badges.md)",
    "WIKISKILLS_SKILLS_MIN_CELL": "the skills map hides every count built from fewer people (and the counts that "
    "would reveal one)",
    "WIKISKILLS_SKILLS_SHORTLIST": "matching suggestions a learner chooses from",
    "WIKISKILLS_LEADERSHIP_ACTIVITY_MAX_AGE_HOURS": "on-wiki leadership evidence older than this is read again "
    "(in batches) before it is shown",
}


def defaults():
    """Every ``WIKISKILLS_*`` setting the apps define, with its default, in the apps' order."""
    settings = SimpleNamespace()
    for app in APPS:
        importlib.import_module(f"wikiskills.integrations.{app}.settings.common").plugin_settings(settings)
    return {name: value for name, value in vars(settings).items() if name.startswith("WIKISKILLS_")}


def markdown_table():
    lines = ["| setting | default | meaning |", "|---|---|---|"]
    lines += [f"| `{name}` | `{value!r}` | {MEANINGS[name]} |" for name, value in defaults().items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
