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


# edx-platform's Celery app reads Django settings without a namespace (``config_from_object(
# "django.conf:settings")``), so its beat reads ``CELERYBEAT_SCHEDULE``; apps configured with the
# ``CELERY`` namespace (ours in the demo, most Django projects) read ``CELERY_BEAT_SCHEDULE``.
BEAT_SCHEDULE_SETTINGS = ("CELERYBEAT_SCHEDULE", "CELERY_BEAT_SCHEDULE")


def add_periodic_task(settings, name, task, every):
    """Add ``task`` to Celery beat's schedule every ``every`` (a timedelta), unless the operator scheduled ``name``.

    It goes into both names a beat schedule is read from, so it runs whichever way Celery is configured.
    """
    for setting in BEAT_SCHEDULE_SETTINGS:
        schedule = getattr(settings, setting, None)
        if schedule is None:
            schedule = {}
            setattr(settings, setting, schedule)
        schedule.setdefault(name, {"task": task, "schedule": every})
