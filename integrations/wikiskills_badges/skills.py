"""The skills taxonomy of the product design, which badge classes align to."""

from django.utils.translation import gettext_lazy as _

SKILL_AREAS = [
    ("editing", _("Editing")),
    ("outreach", _("Outreach")),
    ("volunteer_management", _("Volunteer management")),
    ("advocacy_policy", _("Advocacy and policy")),
    ("conflict_resolution", _("Conflict resolution")),
    ("partnerships", _("Partnerships")),
    ("fundraising", _("Fundraising")),
    ("organizational_development", _("Organizational development")),
    ("project_management", _("Project management")),
    ("communication", _("Communication")),
    ("leadership", _("Leadership")),
]
