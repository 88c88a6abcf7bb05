"""The WikiSkills Tutor plugin (Tutor v2 plugin API, ``tutor.plugin.v1`` entry point).

- ``CONFIG_DEFAULTS``: every setting of openedx-wikiskills, under its own Django name (all start
  with ``WIKISKILLS_``), so ``tutor config save --set WIKISKILLS_X=...`` sets ``settings.WIKISKILLS_X``.
- ``CONFIG_UNIQUE``: ``WIKISKILLS_BADGES_KEY_SECRET``, made once per installation and kept in config.yml.
- ``ENV_PATCHES``: the settings in ``openedx-common-settings`` (LMS and CMS, production and development),
  Celery beat's schedule under the name edx-platform's Celery app reads, and a Celery beat container.
- ``OPENEDX_EXTRA_PIP_REQUIREMENTS``: ``openedx-wikiskills==<this plugin's version>``.
- ``CLI_DO_INIT_TASKS``: migrations and issuer keys (``tutor local do init --limit=wikiskills``).
- ``CONFIG_LOADED``: a wrong ``WIKISKILLS_WIKIS`` fails ``tutor config save`` (and every later command)
  with the key and what is wrong, the same rule as ``wikiskills_core.wikis.wiki_problems``.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from urllib.parse import urlsplit

from tutor import exceptions, fmt, hooks

from . import __version__

PIP_PACKAGE = "openedx-wikiskills"
PIP_REQUIREMENT = f"{PIP_PACKAGE}=={__version__}"

# Our apps' labels, in dependency order, for the init task's migrations.
APP_LABELS = [
    "wikiskills_core",
    "wikiskills_accounts",
    "wikiskills_exercises",
    "wikiskills_badges",
    "wikiskills_peer_review",
    "wikiskills_skills",
    "wikiskills_tracks",
    "wikiskills_leadership",
]

# The Django settings of openedx-wikiskills and their defaults (each app's settings/common.py; the admin
# guide's settings reference). The Tutor setting has the same name as the Django setting.
DJANGO_SETTINGS = {
    "WIKISKILLS_WIKIS": {},
    # Wikimedia's User-Agent policy asks for a way to reach the operator: Tutor's contact email.
    "WIKISKILLS_USER_AGENT_CONTACT": "{{ CONTACT_EMAIL }}",
    "WIKISKILLS_HTTP_TIMEOUT_SECONDS": 30,
    "WIKISKILLS_HTTP_ATTEMPTS": 4,
    "WIKISKILLS_PAGE_CACHE_SECONDS": 3600,
    "WIKISKILLS_SITEINFO_CACHE_SECONDS": 86400,
    "WIKISKILLS_WIKIMEDIA_LOGIN_FAMILY": "wikimedia",
    "WIKISKILLS_VERIFICATION_MINUTES": 120,
    "WIKISKILLS_LEARNER_WIKI_REQUEST_SECONDS": 20,
    "WIKISKILLS_CHECK_STALE_SECONDS": 120,
    "WIKISKILLS_CHECK_BATCH_SIZE": 500,
    "WIKISKILLS_ANALYSIS_SECONDS": 2,
    "WIKISKILLS_ANALYSIS_MAX_CHARACTERS": 2000000,
    "WIKISKILLS_WIKI_HTML_MAX_CHARACTERS": 2000000,
    "WIKISKILLS_WIKI_HTML_MAX_DEPTH": 100,
    "WIKISKILLS_UNVERIFIABLE_RECHECK_SECONDS": 21600,
    "WIKISKILLS_BADGES_KEY_DIR": "",
    "WIKISKILLS_BADGES_BASE_URL": "",
    "WIKISKILLS_BADGES_BACKENDS": {},
    "WIKISKILLS_SKILLS_MIN_CELL": 5,
    "WIKISKILLS_SKILLS_SHORTLIST": 3,
    "WIKISKILLS_LEADERSHIP_ACTIVITY_MAX_AGE_HOURS": 24,
    "WIKISKILLS_DOCTOR_STUCK_MINUTES": 60,
}
# Made by Tutor once (``tutor config save``) and kept in config.yml: changing it makes stored keys unreadable.
UNIQUE_DJANGO_SETTINGS = {
    "WIKISKILLS_BADGES_KEY_SECRET": "{{ 48|random_string }}",
}
# Tutor-only settings (not Django settings).
TUTOR_SETTINGS = {
    # Issuer slugs whose missing signing keys the init task creates (the issuers are made in the Django admin).
    "WIKISKILLS_BADGE_ISSUERS": [],
    # Run a Celery beat container (tutor local) for our periodic sweeps; Tutor runs no beat by itself.
    "WIKISKILLS_RUN_CELERY_BEAT": True,
}

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")

hooks.Filters.CONFIG_DEFAULTS.add_items([*DJANGO_SETTINGS.items(), *TUTOR_SETTINGS.items()])
hooks.Filters.CONFIG_UNIQUE.add_items(list(UNIQUE_DJANGO_SETTINGS.items()))


@hooks.Filters.CONFIG_DEFAULTS.add()
def _add_pip_requirement(items: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Add ``openedx-wikiskills==<version>`` to the default of OPENEDX_EXTRA_PIP_REQUIREMENTS.

    The default is what counts until an operator sets the list in config.yml; ``tutor config save
    --append OPENEDX_EXTRA_PIP_REQUIREMENTS=...`` starts from this default, so it keeps our line.
    """
    result = []
    for name, value in items:
        if name == "OPENEDX_EXTRA_PIP_REQUIREMENTS" and isinstance(value, list) and PIP_REQUIREMENT not in value:
            value = [*value, PIP_REQUIREMENT]  # noqa: PLW2901  (a new list: the core default stays as it was)
        result.append((name, value))
    return result


def python_literal(value):
    """``value`` (from YAML) as a Python literal: plain dicts, lists, strings, numbers, booleans and None.

    Going through JSON turns anything else YAML can make (dates...) into strings; ``repr`` of what
    ``json.loads`` returns always parses as Python, whatever quotes or newlines the strings contain.
    """
    return repr(json.loads(json.dumps(value, default=str, allow_nan=False)))


hooks.Filters.ENV_TEMPLATE_FILTERS.add_item(("wikiskills_python", python_literal))


def _settings_patch():
    names = [*DJANGO_SETTINGS, *UNIQUE_DJANGO_SETTINGS]
    lines = ["# WikiSkills (tutor-contrib-wikiskills)"]
    lines += [f"{name} = {{{{ {name}|wikiskills_python }}}}" for name in names]
    return "\n".join(lines) + "\n"


BEAT_SERVICE = """{% if WIKISKILLS_RUN_CELERY_BEAT %}
wikiskills-celery-beat:
  image: {{ DOCKER_IMAGE_OPENEDX }}
  environment:
    SERVICE_VARIANT: lms
    DJANGO_SETTINGS_MODULE: lms.envs.tutor.production
  command: ["celery", "--app=lms.celery", "beat", "--loglevel=info",
            "--schedule=/openedx/data/wikiskills-celerybeat-schedule", "--pidfile="]
  restart: unless-stopped
  volumes:
    - ../apps/openedx/settings/lms:/openedx/edx-platform/lms/envs/tutor:ro
    - ../apps/openedx/settings/cms:/openedx/edx-platform/cms/envs/tutor:ro
    - ../apps/openedx/config:/openedx/config:ro
    - ../../data/lms:/openedx/data
    {%- for mount in iter_mounts(MOUNTS, "openedx", "lms-worker") %}
    - {{ mount }}
    {%- endfor %}
  depends_on:
    - lms
{% endif %}"""

hooks.Filters.ENV_PATCHES.add_items(
    [
        ("openedx-common-settings", _settings_patch()),
        ("local-docker-compose-prod-services", BEAT_SERVICE),
    ]
)

# Development: `tutor mounts add /path/to/openedx-wikiskills` already bind-mounts a checkout (Tutor
# matches openedx-* names); a checkout named plain "wikiskills" is mounted as well.
hooks.Filters.MOUNTED_DIRECTORIES.add_item(("openedx", r"wikiskills$"))


def _read_task(service):
    return (resources.files("tutorwikiskills") / "templates" / "wikiskills" / "tasks" / service / "init").read_text(
        encoding="utf-8"
    )


hooks.Filters.CLI_DO_INIT_TASKS.add_item(("lms", _read_task("lms")))
hooks.Filters.ENV_TEMPLATE_VARIABLES.add_item(("wikiskills_app_labels", APP_LABELS))


def wiki_problems(key, entry):
    """What is wrong with one WIKISKILLS_WIKIS entry (the rule of wikiskills_core.wikis.wiki_problems)."""
    if not isinstance(entry, dict):
        return [f"WIKISKILLS_WIKIS[{key!r}] must be a mapping with at least 'api_url'."]
    api_url = entry.get("api_url", "")
    parts = urlsplit(api_url if isinstance(api_url, str) else "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return [f"WIKISKILLS_WIKIS[{key!r}]['api_url'] must be an http(s) URL, got {api_url!r}."]
    if not parts.path.endswith("api.php"):
        return [f"WIKISKILLS_WIKIS[{key!r}]['api_url'] must end in api.php, got {api_url!r}."]
    return []


def config_problems(config):
    """Every problem of the WikiSkills settings in a loaded Tutor configuration."""
    problems = []
    wikis = config.get("WIKISKILLS_WIKIS", {})
    if not isinstance(wikis, dict):
        problems.append("WIKISKILLS_WIKIS must be a mapping of wiki key -> {api_url, name, family, image_hosts}.")
    else:
        for key, entry in wikis.items():
            problems += wiki_problems(key, entry)
    for name, default in DJANGO_SETTINGS.items():
        if isinstance(default, int) and (isinstance(config.get(name), bool) or not isinstance(config.get(name), int)):
            problems.append(f"{name} must be a whole number, got {config.get(name)!r}.")
    issuers = config.get("WIKISKILLS_BADGE_ISSUERS", [])
    if not isinstance(issuers, list) or not all(isinstance(slug, str) and SLUG.match(slug) for slug in issuers):
        problems.append(
            f"WIKISKILLS_BADGE_ISSUERS must be a list of issuer slugs (letters, digits, - and _), got {issuers!r}."
        )
    return problems


@hooks.Actions.CONFIG_LOADED.add()
def _check_config(config):
    """Refuse a configuration the LMS would reject (``manage.py lms check``), before anything is rendered."""
    problems = config_problems(config)
    if problems:
        raise exceptions.TutorError(
            "WikiSkills configuration is wrong:\n- "
            + "\n- ".join(problems)
            + "\nFix it with `tutor config save --set NAME=VALUE` (YAML values)."
        )
    requirements = config.get("OPENEDX_EXTRA_PIP_REQUIREMENTS", [])
    ours = [line for line in requirements if isinstance(line, str) and line.startswith(PIP_PACKAGE)]
    if not ours:
        fmt.echo_alert(
            f"OPENEDX_EXTRA_PIP_REQUIREMENTS is set in config.yml without {PIP_PACKAGE}: run "
            f"`tutor config save --append OPENEDX_EXTRA_PIP_REQUIREMENTS={PIP_REQUIREMENT}` (or mount a checkout)."
        )
    elif PIP_REQUIREMENT not in ours:
        fmt.echo_alert(f"OPENEDX_EXTRA_PIP_REQUIREMENTS has {ours}, but this plugin is for {PIP_REQUIREMENT}.")
