"""The health check against the real local wiki, Redis and the test database, each fault made real."""

import json
import os
import shutil
import subprocess
import time
from datetime import timedelta

import polib
import pytest
import redis
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.urls import include, path, reverse
from django.utils import timezone

from tests.support.exercise_fixtures import pending_attempt
from tests.support.peer_review_fixtures import new_item, submitter
from tests.support.services import service_missing
from wikiskills.integrations.mediawiki.local_wiki import (
    INSTALL_HINT,
    LocalWiki,
    free_port,
    mediawiki_unavailable_reason,
)
from wikiskills.integrations.wikiskills_badges import keys
from wikiskills.integrations.wikiskills_core import doctor
from wikiskills.integrations.wikiskills_core.doctor_messages import MESSAGES, describe
from wikiskills.integrations.wikiskills_peer_review import allocation
from wikiskills.integrations.wikiskills_peer_review.policy import ReviewPolicy

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# The page's URLs under their namespace, next to the badge documents the issuer check routes to.
urlpatterns = [
    path("", include("wikiskills.integrations.wikiskills_core.urls")),
    path("", include("wikiskills.integrations.wikiskills_badges.urls")),
    path("admin/", admin.site.urls),  # where staff_member_required sends a learner
]


def by_name(findings):
    return {finding.name: finding for finding in findings}


def failures(findings):
    return [(finding.name, finding.code, finding.details) for finding in findings if finding.status != doctor.OK]


@pytest.fixture(scope="session")
def migration_table(django_db_setup, django_db_blocker):
    """On MariaDB the test tables are built from the models (tests/settings.py), without django_migrations.

    The table is made once, outside any test's transaction (MariaDB cannot roll back DDL).
    """
    with django_db_blocker.unblock():
        if connection.settings_dict["TEST"].get("MIGRATE", True) is False:
            MigrationRecorder(connection).ensure_schema()
            return True
    return False


@pytest.fixture
def applied_migrations(db, migration_table):
    """Every migration recorded as applied (``migrate --fake``) where the tables were built from the models."""
    if migration_table:
        recorder = MigrationRecorder(connection)
        for app_label, name in MigrationLoader(connection).disk_migrations:
            recorder.record_applied(app_label, name)


@pytest.fixture(scope="session")
def bot_login(local_wiki):
    """A bot password of a wiki user, made once per session."""
    (user,) = local_wiki.create_users(["Doctor bot"], "doctor-user-password")
    return local_wiki.create_bot_password(user, "doctor", ["basic"])


@pytest.fixture
def working_services(wiki, redis_url, issuer, applied_migrations):
    """The wiki, Redis, an issuer with keys and a migrated database."""
    return redis_url


@pytest.fixture
def healthy(settings, working_services, bot_login):
    """Every check's subject present and working: wiki with a bot login, Redis broker, an issuer with keys."""
    settings.WIKISKILLS_WIKIS["demo"].update(bot_user=bot_login[0], bot_password=bot_login[1])
    settings.WIKISKILLS_HTTP_TIMEOUT_SECONDS = 10
    settings.CELERY_BROKER_URL = working_services
    settings.CELERY_TASK_ALWAYS_EAGER = False
    return settings


def test_everything_ok_on_a_healthy_installation(healthy, issuer):
    findings = doctor.run_checks()

    assert failures(findings) == []
    named = by_name(findings)
    assert named["wiki demo"].code == "wiki_ok"
    assert named["wiki demo"].details["sitename"] == LocalWiki.site_name
    assert named["wiki demo bot login"].code == "bot_ok"
    assert named["celery broker"].code == "celery_broker_ok"
    assert named["celery beat"].details["count"] == 7  # exercises, peer review, skills, two of tracks and leadership
    assert named[f"badge issuer {issuer.slug}"].details["documents"] == 3
    assert named["translations"].code == "catalogs_ok"
    for finding in findings:
        assert finding.code in MESSAGES
        summary, _action = describe(finding)
        assert summary and finding.code not in summary


def test_command_prints_one_line_per_finding_and_exits_0_when_all_ok(healthy, capsys):
    call_command("wikiskills_doctor")

    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("OK   wiki demo: answers in ") for line in lines)
    assert all(line.startswith("OK   ") for line in lines)


def test_command_exits_1_on_a_failure_and_says_what_to_do(healthy, capsys):
    healthy.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"

    with pytest.raises(SystemExit) as exit_info:
        call_command("wikiskills_doctor")

    assert exit_info.value.code == 1
    line = next(line for line in capsys.readouterr().out.splitlines() if "celery broker" in line)
    assert line.startswith("FAIL celery broker: the broker redis://127.0.0.1:")
    assert "What to do: Start the broker" in line


def test_command_json(healthy, capsys):
    healthy.CELERY_BEAT_SCHEDULE = {}

    with pytest.raises(SystemExit):
        call_command("wikiskills_doctor", "--json")

    findings = json.loads(capsys.readouterr().out)
    beat = next(finding for finding in findings if finding["name"] == "celery beat")
    assert beat["status"] == "FAIL"
    assert beat["code"] == "beat_missing"
    assert "wikiskills-sweep-peer-review" in beat["details"]["missing"]
    assert beat["what_to_do"]


def test_a_stopped_wiki_fails_within_the_timeout(settings, tmp_path, applied_migrations):
    reason = mediawiki_unavailable_reason()
    if reason:
        service_missing("MediaWiki", reason, INSTALL_HINT)
    throwaway = LocalWiki(tmp_path / "throwaway").start()
    settings.WIKISKILLS_WIKIS = {"spare": {"api_url": throwaway.api_url, "name": "Spare"}}
    settings.WIKISKILLS_HTTP_TIMEOUT_SECONDS = 5
    try:
        assert doctor.check_wiki("spare").code == "wiki_ok"
    finally:
        throwaway.stop()

    started = time.monotonic()
    finding = doctor.check_wiki("spare")

    assert time.monotonic() - started < 5
    assert (finding.status, finding.code) == (doctor.FAIL, "wiki_unreachable")
    assert describe(finding)[1].startswith("Check that the wiki is up")


def test_a_wiki_behind_another_host_name_is_a_warning(settings, local_wiki):
    # "localhost" reaches the same wiki, which says it is served as 127.0.0.1: not the wiki the setting names.
    settings.WIKISKILLS_WIKIS = {"alias": {"api_url": local_wiki.api_url.replace("127.0.0.1", "localhost")}}

    finding = doctor.check_wiki("alias")

    assert (finding.status, finding.code) == (doctor.WARN, "wiki_unexpected_identity")
    assert finding.details["server_host"] == "127.0.0.1"


def test_a_refused_bot_password_fails(settings, wiki, bot_login):
    settings.WIKISKILLS_WIKIS["demo"].update(bot_user=bot_login[0], bot_password="not-the-password")

    finding = doctor.check_bot_login("demo")

    assert (finding.status, finding.code) == (doctor.FAIL, "bot_login_failed")


def test_no_bot_credentials_is_fine(wiki):
    assert doctor.check_bot_login("demo").code == "bot_not_configured"


def test_a_stopped_broker_fails_quickly(settings, tmp_path):
    if not shutil.which("redis-server"):
        service_missing("redis-server", "not on PATH", "install the redis-server package")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(port=port, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{port}/0"
        settings.CELERY_TASK_ALWAYS_EAGER = False
        assert doctor.check_broker().code == "celery_broker_ok"
    finally:
        server.terminate()
        server.wait(timeout=10)

    started = time.monotonic()
    finding = doctor.check_broker()

    assert time.monotonic() - started < doctor.BROKER_TIMEOUT_SECONDS + 1
    assert (finding.status, finding.code) == (doctor.FAIL, "celery_broker_down")


def test_a_changed_key_secret_fails_the_issuer(settings, issuer):
    rsa_key = keys.current_key(issuer, "rsa")
    keys.private_key(rsa_key)  # decrypted and kept by this process, as a running LMS would have it
    assert doctor.check_issuer(issuer).code == "issuer_keys_ok"

    settings.WIKISKILLS_BADGES_KEY_SECRET = "a different secret"
    finding = doctor.check_issuer(issuer)

    assert (finding.status, finding.code) == (doctor.FAIL, "issuer_key_undecryptable")
    assert "WIKISKILLS_BADGES_KEY_SECRET" in describe(finding)[1]


def test_an_issuer_without_keys_fails(issuer):
    from wikiskills.integrations.wikiskills_badges.models import SigningKey  # noqa: PLC0415

    SigningKey.objects.filter(issuer=issuer, algorithm=SigningKey.ED25519).update(retired_at=timezone.now())

    finding = doctor.check_issuer(issuer)

    assert (finding.code, finding.details) == ("issuer_key_missing", {"algorithm": "ed25519"})


def test_badge_base_url_must_be_https_outside_debug(settings):
    settings.WIKISKILLS_BADGES_BASE_URL = "http://learn.example.org"
    settings.DEBUG = False
    assert doctor.check_badge_base_url().code == "badge_base_url_insecure"
    settings.DEBUG = True
    assert doctor.check_badge_base_url().status == doctor.OK


def test_a_check_stuck_longer_than_the_limit_fails(settings, django_user_model):
    settings.WIKISKILLS_DOCTOR_STUCK_MINUTES = 60
    now = timezone.now()
    learner = django_user_model.objects.create(username="waiting")
    pending_attempt(learner, "block-a", [], started_at=now - timedelta(minutes=5))
    assert doctor.check_pending_checks().code == "pending_checks_ok"

    other = django_user_model.objects.create(username="stuck")
    pending_attempt(other, "block-b", [], started_at=now - timedelta(hours=2))
    finding = doctor.check_pending_checks()

    assert (finding.status, finding.code) == (doctor.FAIL, "pending_checks_stuck")
    assert finding.details["count"] == 2
    assert finding.details["minutes"] >= 119


def test_an_expired_lease_nobody_released_fails(settings):
    settings.WIKISKILLS_DOCTOR_STUCK_MINUTES = 60
    item, policy = new_item(), ReviewPolicy()
    leased_at = timezone.now() - timedelta(hours=3)
    submitter(item, policy, leased_at, name="author")
    reviewer = submitter(item, policy, leased_at, name="reviewer").author
    lease = allocation.next_for_review(item, reviewer, timedelta(hours=1), leased_at)
    assert lease is not None

    finding = doctor.check_expired_leases()

    assert (finding.status, finding.code) == (doctor.FAIL, "expired_leases_stuck")
    assert finding.details["minutes"] >= 119

    lease.expires_at = timezone.now() + timedelta(hours=1)
    lease.save()
    assert doctor.check_expired_leases().code == "no_expired_leases"


def test_a_missing_beat_entry_fails(settings):
    settings.CELERY_BEAT_SCHEDULE = {
        name: entry for name, entry in settings.CELERY_BEAT_SCHEDULE.items() if "exercise" not in name
    }

    finding = doctor.check_beat_schedule()

    assert (finding.status, finding.code) == (doctor.FAIL, "beat_missing")
    assert finding.details["missing"] == "wikiskills-sweep-pending-exercise-attempts"


def test_an_unapplied_migration_fails(applied_migrations):
    MigrationRecorder.Migration.objects.filter(app="wikiskills_core").delete()

    finding = doctor.check_migrations()

    assert (finding.status, finding.code) == (doctor.FAIL, "migrations_unapplied")
    assert "wikiskills_core.0001" in finding.details["migrations"]


def test_catalogs_must_be_compiled(tmp_path):
    messages = tmp_path / "app" / "locale" / "fr" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    assert doctor.check_catalogs([tmp_path]).code == "no_catalogs"

    source = polib.POFile()
    source.append(polib.POEntry(msgid="Badge", msgstr="Insigne"))
    source.save(str(messages / "django.po"))
    assert doctor.check_catalogs([tmp_path]).code == "catalogs_not_compiled"

    (messages / "django.mo").write_bytes(b"")  # not a catalog
    assert doctor.check_catalogs([tmp_path]).code == "catalogs_stale"
    polib.POFile().save_as_mofile(str(messages / "django.mo"))  # compiled before the translation was added
    os.utime(messages / "django.mo", (time.time() + 60, time.time() + 60))  # however new the file looks
    assert doctor.check_catalogs([tmp_path]).code == "catalogs_stale"

    source.save_as_mofile(str(messages / "django.mo"))
    os.utime(messages / "django.mo", (time.time() - 60, time.time() - 60))  # however old the file looks
    assert doctor.check_catalogs([tmp_path]).code == "catalogs_ok"


@pytest.mark.urls(__name__)
def test_the_page_is_for_staff_only(client, django_user_model, settings, applied_migrations):
    url = reverse("wikiskills_core:doctor")
    learner = django_user_model.objects.create_user("learner", password="pw")
    client.force_login(learner)
    assert client.get(url).status_code in (302, 403)

    settings.CELERY_BEAT_SCHEDULE = {}
    staff = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(staff)
    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<table>" in page
    assert "Failed" in page  # the status in words, not only a colour
    assert "wikiskills-sweep-pending-exercise-attempts" in page
    assert "border-inline-start" in page
