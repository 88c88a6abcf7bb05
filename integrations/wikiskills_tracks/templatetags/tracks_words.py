"""Words for the tracks pages: requirements, stage states and flash messages, all translatable."""

from django import template
from django.contrib import messages as flash
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import rules
from ..models import Membership, Requirement

register = template.Library()


def _percent(threshold):
    """ "70%": the number and its sign outside the message, so no msgid holds a "%" gettext would read as a format."""
    return f"{round(threshold * 100)}%"


def _hours(threshold):
    return int(threshold) if float(threshold).is_integer() else threshold


def _mentoring_words(requirement):
    hours = _hours(requirement.threshold)
    count = hours if isinstance(hours, int) else 2
    return ngettext(
        "Complete {hours} hour of mentoring check-ins", "Complete {hours} hours of mentoring check-ins", count
    ).format(hours=hours)


WORDS = {
    Requirement.COURSE_PASSED: lambda r: _("Pass the course {course}").format(course=r.key),
    Requirement.COURSE_GRADE: lambda r: _("Reach a grade of {percent} in {course}").format(
        percent=_percent(r.threshold), course=r.key
    ),
    Requirement.COURSE_COMPLETION: lambda r: _("Complete {percent} of the course {course}").format(
        percent=_percent(r.threshold), course=r.key
    ),
    Requirement.BLOCK_DONE: lambda r: _("Finish the activity {activity}").format(activity=r.key),
    Requirement.BLOCK_SCORE: lambda r: _("Score at least {percent} in the activity {activity}").format(
        percent=_percent(r.threshold), activity=r.key
    ),
    Requirement.BADGE_HELD: lambda r: _("Hold the badge {badge}").format(badge=r.key),
    Requirement.MENTORING_MINUTES: _mentoring_words,
    Requirement.SIGN_OFF: lambda r: _("A facilitator signs this stage off"),
    Requirement.CAPSTONE: lambda r: _("Run a community project; a facilitator signs it off with its measured impact"),
}


@register.filter
def requirement_words(requirement):
    """What a member must do for this requirement, in words ("Pass the course X"); its label when it has one."""
    if requirement.label:
        return requirement.label
    words = WORDS.get(requirement.kind)
    return words(requirement) if words else str(requirement)


@register.filter
def stage_words(state):
    """A member's stage state in words: done on a date, open, or locked."""
    if state.status == rules.DONE:
        return (
            _("Done on {date}").format(date=date_format(state.done_at, "DATE_FORMAT")) if state.done_at else _("Done")
        )
    if state.status == rules.LOCKED:
        return _("Locked until the previous stage is done")
    return _("Open")


@register.filter
def cell_words(cell):
    """A grid cell in words: "Done 3 Feb", "In progress" or "Locked"."""
    if cell.status == rules.DONE:
        return _("Done {date}").format(date=date_format(cell.done_at, "j M")) if cell.done_at else _("Done")
    if cell.status == rules.LOCKED:
        return _("Locked")
    return _("In progress")


@register.simple_tag(takes_context=True)
def result_messages(context):
    """``(role, texts)`` of the flash messages: "alert" when any is an error, else "status"; None without any."""
    stored = context.get("messages")
    texts, role = [], "status"
    for message in stored or ():
        texts.append((message.tags, str(message)))
        if message.level >= flash.ERROR:
            role = "alert"
    return (role, texts) if texts else None


STATUS_WORDS = dict(Membership.STATUS_CHOICES)


@register.filter
def status_words(code):
    """A membership status code (as the history keeps it) in words."""
    return STATUS_WORDS.get(code, code or "–")
