"""The edx-django-utils plugin configuration every WikiSkills app shares."""

from edx_django_utils.plugins import PluginSettings


def plugin_settings_config(relative_path="settings.common"):
    """The LMS and the CMS both load the app's ``plugin_settings`` from ``relative_path``.

    Project and settings type names are edx-platform's own
    (openedx/core/djangoapps/plugins/constants.py), written as plain strings so
    that nothing here imports the platform.
    """
    files = {"common": {PluginSettings.RELATIVE_PATH: relative_path}}
    return {"lms.djangoapp": files, "cms.djangoapp": files}


def add_setting_defaults(settings, defaults):
    """Set each default the operator has not set; the operator's own values always win."""
    for name, value in defaults.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)


def add_periodic_task(settings, name, task, every):
    """Add ``task`` to Celery beat's schedule every ``every`` (a timedelta), unless the operator scheduled ``name``."""
    schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
    if schedule is None:
        schedule = settings.CELERY_BEAT_SCHEDULE = {}
    schedule.setdefault(name, {"task": task, "schedule": every})
