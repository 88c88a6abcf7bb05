"""The health check behind ``manage.py wikiskills_doctor`` and the staff page.

One function per check, each returning ``Finding``s: a status (OK, WARN, FAIL), a stable
problem ``code`` and the ``details`` its words are built from (``doctor_messages.py`` owns
the words). Every check is bounded in time: wiki requests use the configured timeout and
are not retried, the broker gets a short connect timeout, everything else is local.
"""

import logging
import struct
import time
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import polib
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from wikiskills.integrations.mediawiki import errors
from wikiskills.integrations.mediawiki.client import MediaWikiClient, RetryPolicy

from .. import openedx_compat
from . import settings_reference, wikis

log = logging.getLogger(__name__)

OK = "OK"
WARN = "WARN"
FAIL = "FAIL"
# Longest wait for the broker to accept a connection.
BROKER_TIMEOUT_SECONDS = 3
# A wiki answering slower than this share of the configured timeout is reported.
SLOW_SHARE = 0.5


@dataclass(frozen=True)
class Finding:
    """One result: ``name`` says what was checked ("wiki demo"), ``code`` what was found."""

    name: str
    status: str
    code: str
    details: dict = field(default_factory=dict)

    def as_dict(self):
        return asdict(self)


def _our_app_labels():
    return [config.label for config in apps.get_app_configs() if config.name.startswith("wikiskills.")]


# -- wikis -----------------------------------------------------------------


def _doctor_client(api_url):
    """A client of its own (the shared ones stay untouched), trying once with the configured timeout."""
    return MediaWikiClient(
        api_url,
        wikis.user_agent(),
        background=False,
        timeout=settings.WIKISKILLS_HTTP_TIMEOUT_SECONDS,
        retry=RetryPolicy(attempts=1),
    )


def _host(url):
    return (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()


def check_wiki(key):
    """The wiki answers siteinfo within the timeout, as the wiki its api_url names."""
    name = f"wiki {key}"
    try:
        wiki = wikis.get_wiki(key)
    except ImproperlyConfigured as exc:
        return Finding(name, FAIL, "wiki_misconfigured", {"error": str(exc)})
    timeout = settings.WIKISKILLS_HTTP_TIMEOUT_SECONDS
    started = time.monotonic()
    try:
        answer = _doctor_client(wiki.api_url).call({"action": "query", "meta": "siteinfo", "siprop": "general"})
        general = answer["query"]["general"]
    except errors.WikiUnavailable as exc:
        return Finding(name, FAIL, "wiki_unreachable", {"api_url": wiki.api_url, "error": str(exc)})
    except (errors.MediaWikiError, KeyError, TypeError) as exc:
        return Finding(name, FAIL, "wiki_bad_answer", {"api_url": wiki.api_url, "error": str(exc)})
    seconds = round(time.monotonic() - started, 3)
    details = {
        "api_url": wiki.api_url,
        "seconds": seconds,
        "timeout": timeout,
        "sitename": general.get("sitename", ""),
        "server": general.get("server", ""),
        "server_host": _host(general.get("server", "")),
        "wikiid": general.get("wikiid", ""),
    }
    if details["server_host"] != _host(wiki.api_url) or not str(general.get("generator", "")).startswith("MediaWiki"):
        return Finding(name, WARN, "wiki_unexpected_identity", details)
    if _timeout_seconds(timeout) and seconds > SLOW_SHARE * _timeout_seconds(timeout):
        return Finding(name, WARN, "wiki_slow", details)
    return Finding(name, OK, "wiki_ok", details)


def _timeout_seconds(timeout):
    """The read part of a ``requests`` timeout (a number or a (connect, read) pair)."""
    return timeout[-1] if isinstance(timeout, (tuple, list)) else timeout


def check_bot_login(key):
    """The wiki entry's ``bot_user`` / ``bot_password`` (a Special:BotPasswords login), if set, log in."""
    name = f"wiki {key} bot login"
    entry = settings.WIKISKILLS_WIKIS.get(key) or {}
    user, password = entry.get("bot_user"), entry.get("bot_password")
    if not user and not password:
        return Finding(name, OK, "bot_not_configured")
    if not (user and password):
        return Finding(name, FAIL, "bot_incomplete")
    try:
        client = _doctor_client(wikis.get_wiki(key).api_url)
        client.login(user, password)
    except errors.LoginFailed as exc:
        return Finding(name, FAIL, "bot_login_failed", {"error": str(exc)})
    except (errors.MediaWikiError, ImproperlyConfigured, KeyError) as exc:
        return Finding(name, WARN, "bot_unchecked", {"error": str(exc)})
    return Finding(name, OK, "bot_ok", {"username": user})


def check_wikis():
    keys = list(getattr(settings, "WIKISKILLS_WIKIS", {}) or {})
    if not keys:
        return [Finding("wikis", WARN, "no_wikis")]
    return [finding for key in keys for finding in (check_wiki(key), check_bot_login(key))]


def check_user_agent():
    contact = settings.WIKISKILLS_USER_AGENT_CONTACT
    if contact:
        return Finding("user agent", OK, "user_agent_ok", {"contact": contact})
    fallback = openedx_compat.lms_root_url()
    if fallback:
        return Finding("user agent", WARN, "user_agent_default_contact", {"contact": fallback})
    return Finding("user agent", FAIL, "user_agent_no_contact")


# -- Celery ----------------------------------------------------------------


def _redacted(url):
    """The broker URL without its password."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def check_broker():
    """The broker accepts a connection (and answers a ping) within a few seconds."""
    from celery import current_app  # noqa: PLC0415
    from kombu import Connection  # noqa: PLC0415

    url = getattr(settings, "CELERY_BROKER_URL", None) or current_app.conf.broker_url
    eager = getattr(settings, "CELERY_TASK_ALWAYS_EAGER", current_app.conf.task_always_eager)
    if eager or not url:
        return Finding("celery broker", OK, "celery_eager")
    options = {
        **(getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {}),
        "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
        "socket_timeout": BROKER_TIMEOUT_SECONDS,
        "max_retries": 0,
    }
    started = time.monotonic()
    try:
        with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS, transport_options=options) as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_SECONDS)
            client = getattr(connection.default_channel, "client", None)
            if client is not None and hasattr(client, "ping"):
                client.ping()
    except Exception as exc:  # any transport's error means the broker cannot be used
        return Finding("celery broker", FAIL, "celery_broker_down", {"broker": _redacted(url), "error": str(exc)})
    seconds = round(time.monotonic() - started, 3)
    return Finding("celery broker", OK, "celery_broker_ok", {"broker": _redacted(url), "seconds": seconds})


def expected_beat_entries():
    """``{name: task}`` each installed app of ours adds to Celery beat, from its own plugin settings."""
    from importlib import import_module  # noqa: PLC0415

    expected = {}
    for label in settings_reference.APPS:
        if not apps.is_installed(f"wikiskills.integrations.{label}"):
            continue
        blank = SimpleNamespace()
        import_module(f"wikiskills.integrations.{label}.settings.common").plugin_settings(blank)
        schedule = getattr(blank, "CELERY_BEAT_SCHEDULE", {})
        expected.update({name: entry["task"] for name, entry in schedule.items()})
    return expected


def beat_schedule_setting():
    """The setting this process's Celery app reads its beat schedule from (see ``plugins.BEAT_SCHEDULE_SETTINGS``)."""
    from celery import current_app  # noqa: PLC0415

    return "CELERY_BEAT_SCHEDULE" if getattr(current_app, "namespace", None) == "CELERY" else "CELERYBEAT_SCHEDULE"


def check_beat_schedule():
    """Every periodic task of ours is in the beat schedule Celery reads (under its name or another)."""
    schedule = getattr(settings, beat_schedule_setting(), None) or {}
    scheduled_tasks = {entry.get("task") for entry in schedule.values() if isinstance(entry, dict)}
    expected = expected_beat_entries()
    missing = sorted(name for name, task in expected.items() if task not in scheduled_tasks)
    if missing:
        return Finding("celery beat", FAIL, "beat_missing", {"missing": ", ".join(missing)})
    return Finding("celery beat", OK, "beat_ok", {"count": len(expected)})


# -- stuck work --------------------------------------------------------------


def _stuck_limit():
    return timedelta(minutes=getattr(settings, "WIKISKILLS_DOCTOR_STUCK_MINUTES", 60))


def _minutes(delta):
    return int(delta.total_seconds() // 60)


def check_pending_checks():
    """The oldest edit check waiting for a worker is younger than the limit."""
    from django.db.models import Count, Min  # noqa: PLC0415

    from ..wikiskills_exercises.models import ExerciseAttempt  # noqa: PLC0415

    name = "pending edit checks"
    pending = ExerciseAttempt.objects.filter(status=ExerciseAttempt.PENDING).aggregate(
        count=Count("pk"), oldest=Min("check_requested_at")
    )
    if not pending["count"]:
        return Finding(name, OK, "no_pending_checks")
    limit = _stuck_limit()
    age = timezone.now() - pending["oldest"] if pending["oldest"] else timedelta(0)
    details = {"count": pending["count"], "minutes": _minutes(age), "limit": _minutes(limit)}
    if age > limit:
        return Finding(name, FAIL, "pending_checks_stuck", details)
    return Finding(name, OK, "pending_checks_ok", details)


def check_expired_leases():
    """No peer-review lease ended longer ago than the limit without the sweep releasing it."""
    from django.db.models import Count, Min  # noqa: PLC0415

    from ..wikiskills_peer_review.models import PeerReview  # noqa: PLC0415

    name = "peer-review leases"
    limit = _stuck_limit()
    now = timezone.now()
    expired = PeerReview.objects.filter(state=PeerReview.LEASED, expires_at__lt=now).aggregate(
        count=Count("pk"), oldest=Min("expires_at")
    )
    if not expired["count"] or now - expired["oldest"] <= limit:
        return Finding(name, OK, "no_expired_leases", {"count": expired["count"]})
    details = {"count": expired["count"], "minutes": _minutes(now - expired["oldest"]), "limit": _minutes(limit)}
    return Finding(name, FAIL, "expired_leases_stuck", details)


# -- badges ----------------------------------------------------------------


def _check_key(issuer_name, signing_key):
    """A finding when the key cannot be used, else None."""
    from cryptography.fernet import InvalidToken  # noqa: PLC0415
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415

    from ..wikiskills_badges import keys  # noqa: PLC0415

    details = {"key_id": signing_key.key_id}
    try:
        encrypted = bytes(signing_key.encrypted_private_key) or keys.key_file_path(signing_key.key_id).read_bytes()
    except OSError:
        return Finding(issuer_name, FAIL, "issuer_key_file_missing", details)
    try:
        private = keys.decrypt_private_key(encrypted)
    except (InvalidToken, ValueError):
        return Finding(issuer_name, FAIL, "issuer_key_undecryptable", details)
    spki = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if private.public_key().public_bytes(*spki) != keys.public_key(signing_key).public_bytes(*spki):
        return Finding(issuer_name, FAIL, "issuer_key_mismatch", details)
    return None


def _serve(path):
    """Route ``path`` through the URL configuration and call its view in-process; the response."""
    from django.test import RequestFactory  # noqa: PLC0415
    from django.urls import resolve  # noqa: PLC0415

    from ..wikiskills_badges import links  # noqa: PLC0415

    host = urlsplit(links.base_url()).netloc or "localhost"
    request = RequestFactory(SERVER_NAME=host.split(":")[0]).get(path, HTTP_HOST=host)
    match = resolve(path)
    return match.func(request, *match.args, **match.kwargs)


def _check_documents(issuer_name, issuer, current):
    """Each public key document is routed, answers 200 and names the issuer's current key."""
    from django.urls import NoReverseMatch, Resolver404, reverse  # noqa: PLC0415

    from ..wikiskills_badges.models import SigningKey  # noqa: PLC0415

    documents = [("did_document", issuer.slug, current.get(SigningKey.ED25519))]
    documents.append(("jwks", issuer.slug, current.get(SigningKey.RSA)))
    if current.get(SigningKey.RSA):
        documents.append(("public_key", current[SigningKey.RSA].key_id, current[SigningKey.RSA]))
    for view_name, argument, expected_key in documents:
        path = view_name
        try:
            path = reverse(f"wikiskills_badges:{view_name}", args=[argument])
            response = _serve(path)
        except (NoReverseMatch, Resolver404) as exc:
            return None, Finding(issuer_name, FAIL, "issuer_document_failed", {"path": path, "error": str(exc)})
        except Exception as exc:  # a broken view is what this check reports
            log.exception("Serving %s failed", path)
            return None, Finding(issuer_name, FAIL, "issuer_document_failed", {"path": path, "error": repr(exc)})
        if response.status_code != 200:  # noqa: PLR2004
            error = f"HTTP {response.status_code}"
            return None, Finding(issuer_name, FAIL, "issuer_document_failed", {"path": path, "error": error})
        if expected_key is not None and expected_key.key_id not in response.content.decode():
            error = f"does not name key {expected_key.key_id}"
            return None, Finding(issuer_name, FAIL, "issuer_document_failed", {"path": path, "error": error})
    return len(documents), None


def check_issuer(issuer):
    from ..wikiskills_badges.models import SigningKey  # noqa: PLC0415

    name = f"badge issuer {issuer.slug}"
    current = {}
    for algorithm, _label in SigningKey.ALGORITHMS:
        key = (
            SigningKey.objects.filter(issuer=issuer, algorithm=algorithm, retired_at=None)
            .order_by("-created_at")
            .first()
        )
        if key is None:
            return Finding(name, FAIL, "issuer_key_missing", {"algorithm": algorithm})
        current[algorithm] = key
    for key in current.values():
        problem = _check_key(name, key)
        if problem:
            return problem
    count, problem = _check_documents(name, issuer, current)
    return problem or Finding(name, OK, "issuer_keys_ok", {"documents": count})


def check_issuers():
    from ..wikiskills_badges.models import Issuer  # noqa: PLC0415

    issuers = list(Issuer.objects.order_by("slug"))
    if not issuers:
        return [Finding("badge issuers", OK, "no_issuers")]
    return [check_issuer(issuer) for issuer in issuers]


def check_badge_base_url():
    from ..wikiskills_badges import links  # noqa: PLC0415

    base_url = links.base_url()
    if urlsplit(base_url).scheme == "https" or settings.DEBUG:
        return Finding("badge base URL", OK, "badge_base_url_ok", {"base_url": base_url})
    return Finding("badge base URL", FAIL, "badge_base_url_insecure", {"base_url": base_url})


# -- database and translations -------------------------------------------


def check_migrations(database=DEFAULT_DB_ALIAS):
    """Every migration of our apps is applied to the database."""
    from django.db.migrations.executor import MigrationExecutor  # noqa: PLC0415

    ours = set(_our_app_labels())
    executor = MigrationExecutor(connections[database])
    targets = [node for node in executor.loader.graph.leaf_nodes() if node[0] in ours]
    plan = executor.migration_plan(targets)
    unapplied = [f"{migration.app_label}.{migration.name}" for migration, backwards in plan if not backwards]
    if unapplied:
        shown = ", ".join(unapplied[:5]) + (", …" if len(unapplied) > 5 else "")  # noqa: PLR2004
        return Finding("migrations", FAIL, "migrations_unapplied", {"count": len(unapplied), "migrations": shown})
    return Finding("migrations", OK, "migrations_ok")


def package_roots():
    """The folders our installed packages live in (integrations and XBlocks)."""
    import wikiskills.integrations  # noqa: PLC0415

    roots = [Path(wikiskills.integrations.__file__).parent]
    try:
        import wikiskills.xblocks  # noqa: PLC0415
    except ImportError:
        return roots
    return [*roots, Path(wikiskills.xblocks.__file__).parent]


def check_catalogs(roots=None):
    """Every ``locale/<lang>/LC_MESSAGES/*.po`` has a ``.mo`` that holds all its translations.

    Contents, not file times: a git checkout or a wheel gives both files whatever times it likes.
    """
    roots = package_roots() if roots is None else roots
    sources = sorted(po for root in roots for po in Path(root).rglob("locale/*/LC_MESSAGES/*.po"))
    if not sources:
        return Finding("translations", OK, "no_catalogs")
    missing, stale = [], []
    for po in sources:
        mo = po.with_suffix(".mo")
        if not mo.exists():
            missing.append(po)
        elif not _compiled_from(po, mo):
            stale.append(po)

    def shown(paths):
        return ", ".join(str(path.relative_to(path.parents[4])) for path in paths)

    if missing:
        return Finding("translations", FAIL, "catalogs_not_compiled", {"catalogs": shown(missing)})
    if stale:
        return Finding("translations", WARN, "catalogs_stale", {"catalogs": shown(stale)})
    return Finding("translations", OK, "catalogs_ok", {"count": len(sources)})


def _compiled_from(po, mo):
    """Whether ``mo`` holds every translation ``po`` has (what gettext would otherwise miss)."""
    try:
        compiled = {(entry.msgctxt, entry.msgid) for entry in polib.mofile(str(mo)) if entry.msgid}
    except (OSError, ValueError, struct.error):  # not a catalog at all (polib reads the header with struct)
        return False
    return all((entry.msgctxt, entry.msgid) in compiled for entry in polib.pofile(str(po)).translated_entries())


# -- all -----------------------------------------------------------------------


def _installed(label):
    return apps.is_installed(f"wikiskills.integrations.{label}")


def _checks():
    """``(name, check)`` in the order they run: the database's schema before what reads it."""
    yield "wikis", check_wikis
    yield "user agent", check_user_agent
    yield "celery broker", check_broker
    yield "celery beat", check_beat_schedule
    yield "migrations", check_migrations
    if _installed("wikiskills_exercises"):
        yield "pending edit checks", check_pending_checks
    if _installed("wikiskills_peer_review"):
        yield "peer-review leases", check_expired_leases
    if _installed("wikiskills_badges"):
        yield "badge issuers", check_issuers
        yield "badge base URL", check_badge_base_url
    yield "translations", check_catalogs


def run_checks():
    """Every finding, in a stable order; a check that crashes is itself a FAIL, not a crash."""
    findings = []
    for name, check in _checks():
        try:
            result = check()
        except Exception as exc:  # the check's own failure (a missing table, say) is a finding too
            log.exception("Health check %r crashed", name)
            result = Finding(name, FAIL, "check_crashed", {"error": repr(exc)})
        findings.extend(result if isinstance(result, list) else [result])
    return findings


def worst(findings):
    """FAIL if any finding failed, else WARN if any warned, else OK."""
    statuses = {finding.status for finding in findings}
    return FAIL if FAIL in statuses else WARN if WARN in statuses else OK
