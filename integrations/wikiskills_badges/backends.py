"""Outward badge platforms behind one interface: Badgr / Canvas Credentials (API v2) and Credly.

``WIKISKILLS_BADGES_BACKENDS`` names the platforms and maps our badge class slugs to theirs::

    {"badgr": {"api_url": "https://api.badgr.io", "token": "...", "badge_classes": {"first-citation": "ENTITY_ID"}},
     "credly": {"api_url": "https://api.credly.com", "organization_id": "...", "token": "...",
                "badge_templates": {"first-citation": "TEMPLATE_UUID"}}}

Badge classes a platform does not map are not copied there. Tokens go in headers only, never in logs.
"""

from dataclasses import dataclass, field
from http import HTTPStatus

import requests
from django.conf import settings

TIMEOUT_SECONDS = 30


class BackendError(Exception):
    """The platform answered with an error; ``retryable`` when trying later may help (5xx, 429)."""

    def __init__(self, backend, status, retryable):
        super().__init__(f"{backend} answered HTTP {status}")
        self.retryable = retryable


@dataclass
class BadgeBackend:
    """One platform: ``award`` returns the id the platform gave the copy; ``revoke`` withdraws it."""

    name: str
    options: dict
    session: requests.Session = field(default_factory=requests.Session)

    def external_badge(self, badge_class):
        """The platform's id of our badge class, or None when it is not copied there."""
        raise NotImplementedError

    def award(self, award):
        raise NotImplementedError

    def revoke(self, external_id, reason):
        raise NotImplementedError

    def _call(self, method, path, json, auth=None, headers=None):
        response = self.session.request(
            method,
            self.options["api_url"].rstrip("/") + path,
            json=json,
            auth=auth,
            headers=headers,
            timeout=TIMEOUT_SECONDS,
        )
        status = response.status_code
        if status >= HTTPStatus.BAD_REQUEST:
            retryable = status == HTTPStatus.TOO_MANY_REQUESTS or status >= HTTPStatus.INTERNAL_SERVER_ERROR
            raise BackendError(self.name, status, retryable=retryable)
        return response.json() if response.content else {}


class BadgrBackend(BadgeBackend):
    """Badgr / Canvas Credentials API v2: assertions under a badge class's ``entityId``, Bearer token."""

    def external_badge(self, badge_class):
        return self.options.get("badge_classes", {}).get(badge_class.slug)

    def _headers(self):
        return {"Authorization": f"Bearer {self.options['token']}"}

    def award(self, award):
        body = {
            "recipient": {"identity": award.recipient.email, "type": "email", "hashed": True},
            "issuedOn": award.issued_on.isoformat(),
            "evidence": [{"url": item["url"], "narrative": item.get("narrative", "")} for item in award.evidence],
            "narrative": award.narrative,
            "notify": True,
        }
        if award.expires_on:
            body["expires"] = award.expires_on.isoformat()
        path = f"/v2/badgeclasses/{self.external_badge(award.badge_class)}/assertions"
        answer = self._call("POST", path, body, headers=self._headers())
        return answer["result"][0]["entityId"]

    def revoke(self, external_id, reason):
        self._call("DELETE", f"/v2/assertions/{external_id}", {"revocation_reason": reason}, headers=self._headers())


class CredlyBackend(BadgeBackend):
    """Credly: badges issued under an organization from a badge template; HTTP Basic with the token."""

    def external_badge(self, badge_class):
        return self.options.get("badge_templates", {}).get(badge_class.slug)

    def _path(self, suffix=""):
        return f"/v1/organizations/{self.options['organization_id']}/badges{suffix}"

    def award(self, award):
        user = award.recipient
        body = {
            "recipient_email": user.email,
            "badge_template_id": self.external_badge(award.badge_class),
            "issued_at": award.issued_on.strftime("%Y-%m-%d %H:%M:%S %z"),
            "issued_to_first_name": user.first_name or user.username,
            "issued_to_last_name": user.last_name or user.username,
            "issuer_earner_id": str(user.pk),
            "evidence": [
                {"type": "UrlEvidence", "title": item.get("narrative") or item["url"], "url": item["url"]}
                for item in award.evidence
            ],
        }
        if award.expires_on:
            body["expires_at"] = award.expires_on.strftime("%Y-%m-%d %H:%M:%S %z")
        answer = self._call("POST", self._path(), body, auth=(self.options["token"], ""))
        return answer["data"]["id"]

    def revoke(self, external_id, reason):
        body = {"reason": reason, "suppress_revoke_notification_email": False}
        self._call("PUT", self._path(f"/{external_id}/revoke"), body, auth=(self.options["token"], ""))


BACKEND_CLASSES = {"badgr": BadgrBackend, "credly": CredlyBackend}


def configured_backends():
    """The platforms ``WIKISKILLS_BADGES_BACKENDS`` names, ready to call."""
    return [BACKEND_CLASSES[name](name, options) for name, options in settings.WIKISKILLS_BADGES_BACKENDS.items()]
