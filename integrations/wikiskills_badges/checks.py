"""System checks: badge settings that would make keys weak or badge ids wrong fail ``manage.py check``."""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

# The keys are derived with one HKDF step, right for a random secret and not for a password: outside
# DEBUG the secret must be long and look random (a generated token, not words).
MIN_SECRET_LENGTH = 32
MIN_DISTINCT_CHARACTERS = 16


def secret_looks_random(secret):
    return len(secret) >= MIN_SECRET_LENGTH and len(set(secret)) >= MIN_DISTINCT_CHARACTERS


@checks.register()
def check_badge_settings(app_configs, **kwargs):
    problems = []
    secret = getattr(settings, "WIKISKILLS_BADGES_KEY_SECRET", "")
    if secret and not settings.DEBUG and not secret_looks_random(secret):
        problems.append(
            checks.Error(
                "WIKISKILLS_BADGES_KEY_SECRET is too short or too guessable to encrypt the issuers' private keys.",
                hint=f"Use at least {MIN_SECRET_LENGTH} random characters, for example the output of: "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))'",
                id="wikiskills_badges.E003",
            )
        )
    if not secret:
        problems.append(
            checks.Warning(
                "WIKISKILLS_BADGES_KEY_SECRET is empty: issuer private keys are encrypted with SECRET_KEY, "
                "so rotating SECRET_KEY would make them unreadable.",
                hint="Set WIKISKILLS_BADGES_KEY_SECRET to a long random value kept apart from the database.",
                id="wikiskills_badges.W001",
            )
        )
    key_dir = getattr(settings, "WIKISKILLS_BADGES_KEY_DIR", "")
    if key_dir and not Path(key_dir).is_dir():
        problems.append(
            checks.Error(
                f"WIKISKILLS_BADGES_KEY_DIR {key_dir!r} is not a directory; create it, readable by the LMS only.",
                id="wikiskills_badges.E002",
            )
        )
    base_url = getattr(settings, "WIKISKILLS_BADGES_BASE_URL", "")
    parts = urlsplit(base_url)
    if base_url and (parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/")):
        problems.append(
            checks.Error(
                f"WIKISKILLS_BADGES_BASE_URL must be an origin like https://learn.example.org, got {base_url!r}.",
                id="wikiskills_badges.E001",
            )
        )
    return problems
