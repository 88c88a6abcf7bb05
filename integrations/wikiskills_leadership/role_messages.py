"""Wording for people: every problem code and result of the roles pages, and the words of a version's changes.

Strings are marked with ``gettext_noop``; pages translate them with ``gettext``.
"""

from django.utils.translation import gettext_noop as _

PROBLEMS = {
    "not_allowed": _("Only this community's coordinators may change its version of the role."),
    "not_found": _("That is not there, or not yours to change."),
    "reason_missing": _("Say why you make this change: it is kept in the role's history."),
    "name_missing": _("Give the role a name."),
    "unknown_skill": _("Choose skills from the list."),
    "bad_level": _("Choose a level from 1 to 5 for every skill."),
    "duplicate_skill": _("Each skill can be listed once; change its level instead of adding it again."),
    "no_skills": _("A role needs at least one skill."),
    "too_many_skills": _("A role can list at most 20 skills."),
    "no_change": _("Nothing changed: this is the version your community already has."),
    "nothing_to_copy": _("That community has not adapted this role: there is nothing to copy."),
    "same_community": _("Choose another community to copy from."),
    "bad_choice": _("Choose one of the options."),
}

DONE = {
    "adapt": _("Saved as a new version. The history says who changed what and why."),
    "copy": _("Copied as a new version of your community's role."),
}

CHANGES = {
    "renamed": _("Renamed from “{old}” to “{new}”."),
    "names": _("Translated names changed: {languages}."),
    "responsibilities": _("Responsibilities rewritten."),
    "added": _("Added {skill} at level {level}."),
    "dropped": _("Dropped {skill} (was level {level})."),
    "level": _("{skill}: level {old} → {new}."),
    "copied": _("Copied from {community}, version {number}."),
}
SHIPPED = _("Shipped with WikiSkills")
GLOBAL_NAME = _("Global (every community)")
