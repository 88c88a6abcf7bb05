"""What a page's POST leaves for the next view: its result as a flash message, in words.

The domain answers a problem code or None; each app keeps the words for its codes and for what
each action did (``gettext_noop`` strings). This is the one way the pages say them.
"""

from django.contrib import messages as flash
from django.utils.translation import gettext as _


def say(request, problem, problems, done=""):
    """Flash ``problems[problem]`` as an error (an unknown code as "not found"), else ``done`` as success."""
    if problem:
        flash.error(request, _(problems.get(problem, problems["not_found"])))
    elif done:
        flash.success(request, _(done))


def number(value):
    """A whole number from a form field or query parameter, or None."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
