"""Wording the survey block adds to the skills app's (``integrations/wikiskills_skills/messages.py``)."""

from ..common import _

NOT_CONFIGURED = _("This self-assessment has not been set up yet.")
SAVED = _("Your answers are saved in your skills profile.")
NOT_SENT = _('Your answers could not be sent. Check your connection, then select "Save my answers" again.')
CHOOSE_SKILLS = _("Choose at least one skill for learners to rate.")
UNKNOWN_SKILLS = _("These skills are not in the skills taxonomy: {codes}. Choose skills from the list.")
