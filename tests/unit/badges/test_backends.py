"""Outward platforms (Badgr / Canvas Credentials API v2, Credly) against recorded answers.

Their servers cannot be reached from here: a replaying session stands in for the network,
answering with the JSON in ``recorded/`` (shaped from each platform's public API docs) and
keeping every request so the tests can check what would have been sent.
"""

from pathlib import Path

import pytest
import requests

from wikiskills.integrations.wikiskills_badges import backends, outward
from wikiskills.integrations.wikiskills_badges.awarding import announce_award, revoke_badge
from wikiskills.integrations.wikiskills_badges.models import ExternalAward

RECORDED = Path(__file__).parent / "recorded"


class ReplayingSession:
    """Answers each request with the next recorded (status, file); records what was asked."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests = []

    def request(self, method, url, **kwargs):
        self.requests.append({"method": method, "url": url, **kwargs})
        status, name = self.answers.pop(0)
        response = requests.Response()
        response.status_code = status
        response._content = (RECORDED / name).read_bytes() if name else b""
        return response


BADGR = {"api_url": "https://api.badgr.io", "token": "badgr-token", "badge_classes": {"first-citation": "T6yPq8"}}
CREDLY = {
    "api_url": "https://api.credly.com",
    "organization_id": "org-1",
    "token": "credly-token",
    "badge_templates": {"first-citation": "cfaf2910-ea5f-46f1-89a5-db525dad6e58"},
}


def test_badgr_copy_and_revocation(award):
    session = ReplayingSession((201, "badgr_assertion_created.json"), (200, "badgr_assertion_revoked.json"))
    badgr = backends.BadgrBackend("badgr", BADGR, session)

    outward.push_award(award, [badgr])
    outward.push_award(award, [badgr])  # a second run does not copy it again

    copy = ExternalAward.objects.get(award=award)
    assert (copy.backend, copy.external_id) == ("badgr", "Xk2mR9tQSbyVh3cQ0nYkZw")
    (sent,) = session.requests
    assert sent["method"] == "POST" and sent["url"] == "https://api.badgr.io/v2/badgeclasses/T6yPq8/assertions"
    assert sent["headers"] == {"Authorization": "Bearer badgr-token"}
    assert sent["json"]["recipient"] == {"identity": "Lucia@example.org", "type": "email", "hashed": True}
    assert sent["json"]["evidence"][0]["url"] == "https://en.wikipedia.org/w/index.php?diff=123"

    award.revocation_reason = "Copied text"
    outward.withdraw_award(award, [badgr])
    revoked = session.requests[-1]
    assert revoked["method"] == "DELETE" and revoked["url"].endswith("/v2/assertions/Xk2mR9tQSbyVh3cQ0nYkZw")
    assert revoked["json"] == {"revocation_reason": "Copied text"}
    copy.refresh_from_db()
    assert copy.revoked_at is not None


def test_credly_copy_and_revocation(award):
    session = ReplayingSession((201, "credly_badge_issued.json"), (200, "credly_badge_revoked.json"))
    credly = backends.CredlyBackend("credly", CREDLY, session)

    outward.push_award(award, [credly])

    copy = ExternalAward.objects.get(award=award)
    assert copy.external_id == "a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
    sent = session.requests[0]
    assert sent["url"] == "https://api.credly.com/v1/organizations/org-1/badges"
    assert sent["auth"] == ("credly-token", "")
    body = sent["json"]
    assert body["badge_template_id"] == "cfaf2910-ea5f-46f1-89a5-db525dad6e58"
    assert (body["issued_to_first_name"], body["issued_to_last_name"]) == ("Lucía", "Pérez")
    assert body["issued_at"].endswith("+0000")

    award.revocation_reason = "Copied text"
    outward.withdraw_award(award, [credly])
    assert session.requests[-1]["method"] == "PUT"
    assert session.requests[-1]["url"].endswith(f"/badges/{copy.external_id}/revoke")


def test_unmapped_badge_classes_are_not_copied(award):
    session = ReplayingSession()
    outward.push_award(award, [backends.BadgrBackend("badgr", {**BADGR, "badge_classes": {}}, session)])
    assert session.requests == [] and not ExternalAward.objects.exists()


@pytest.mark.parametrize(("status", "retryable"), [(422, False), (429, True), (503, True)])
def test_platform_errors_say_whether_to_retry(award, status, retryable):
    session = ReplayingSession((status, "credly_duplicate_refused.json"))
    with pytest.raises(backends.BackendError) as caught:
        outward.push_award(award, [backends.CredlyBackend("credly", CREDLY, session)])
    assert caught.value.retryable is retryable
    assert "credly-token" not in str(caught.value)
    assert not ExternalAward.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_awarding_and_revoking_hand_platform_work_to_celery(settings, award, monkeypatch):
    settings.WIKISKILLS_BADGES_BACKENDS = {"badgr": BADGR}
    session = ReplayingSession((201, "badgr_assertion_created.json"), (200, "badgr_assertion_revoked.json"))
    monkeypatch.setattr(backends, "configured_backends", lambda: [backends.BadgrBackend("badgr", BADGR, session)])

    announce_award(award)
    revoke_badge(award, "Copied text")

    assert [request["method"] for request in session.requests] == ["POST", "DELETE"]
    assert ExternalAward.objects.get(award=award).revoked_at is not None


def test_configured_backends_follow_the_setting(settings):
    settings.WIKISKILLS_BADGES_BACKENDS = {"badgr": BADGR, "credly": CREDLY}
    assert [type(backend) for backend in backends.configured_backends()] == [
        backends.BadgrBackend,
        backends.CredlyBackend,
    ]
