"""Django admin of the leadership app: each part registers its own models."""

from . import admin_evidence, admin_projects, admin_roles  # noqa: F401
