"""Celery tasks of the leadership app (workers only know tasks imported here)."""

from .evidence_tasks import *  # noqa: F403
from .project_tasks import *  # noqa: F403
