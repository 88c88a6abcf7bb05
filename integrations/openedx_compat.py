"""The only module allowed to import edx-platform code.

Everything else imports these small functions, so the package imports and runs
(in tests, in the workbench) without edx-platform, and a platform refactor
touches one file. Each function degrades to a documented fallback outside the
platform.
"""

from django.conf import settings


def lms_root_url():
    """Public root URL of the LMS: the default contact in our wiki User-Agent."""
    try:
        from openedx.core.djangoapps.site_configuration import helpers  # noqa: PLC0415
    except ImportError:
        return getattr(settings, "LMS_ROOT_URL", "http://127.0.0.1:8000")
    return helpers.get_value("LMS_ROOT_URL", settings.LMS_ROOT_URL)
