"""Django system checks: a misconfigured wiki list fails ``manage.py check`` with a clear message."""

from django.conf import settings
from django.core import checks

from .wikis import wiki_problems


@checks.register()
def check_wikis_setting(app_configs, **kwargs):
    """Every ``WIKISKILLS_WIKIS`` entry must name an http(s) ``api.php`` URL."""
    wikis = getattr(settings, "WIKISKILLS_WIKIS", {})
    if not isinstance(wikis, dict):
        return [checks.Error("WIKISKILLS_WIKIS must be a dict of wiki key -> settings.", id="wikiskills.E001")]
    return [
        checks.Error(problem, id="wikiskills.E002")
        for key, entry in wikis.items()
        for problem in wiki_problems(key, entry)
    ]
