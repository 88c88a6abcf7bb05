"""Test settings: the workbench settings the demo uses, with the wiki pointed at each test's own wiki."""

from demo.settings import *  # noqa: F403

WIKISKILLS_USER_AGENT_CONTACT = "wikiskills-tests@example.org"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
