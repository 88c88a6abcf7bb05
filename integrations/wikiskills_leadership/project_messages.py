"""Wording for people: every problem code and result of the capstone project pages, marked for translation.

Strings are marked with ``gettext_noop``; pages translate them with ``gettext``.
"""

from django.utils.translation import gettext_noop as _

PROBLEMS = {
    "not_found": _("That is not there, or not yours to change."),
    "not_allowed": _("You may not do this for this project."),
    "not_capstone": _("This stage has no community project to register."),
    "not_member": _("Only an active member of the cohort can register a project for its stage."),
    "already_registered": _("You already registered a project for this stage; open it from your projects."),
    "title_missing": _("Give the project a title."),
    "unknown_wiki": _("Choose one of the wikis this site works with."),
    "bad_dates": _("Enter when the project starts and ends, the end after the start and within a year of it."),
    "bad_username": _("A wiki username cannot contain # < > [ ] | { } @ : or =, nor be longer than 85 characters."),
    "too_many_participants": _("A project can list at most 5,000 participants."),
    "username_missing": _("Enter your wiki username."),
    "not_on_wiki": _("There is no account with that username on this wiki. Check the spelling, or create it first."),
    "already_participant": _("That username is already a participant of this project."),
    "signup_closed": _("This project has ended: participants cannot be added any more."),
    "report_missing": _("Write the report first: the facilitator or mentor reads it before signing off."),
    "not_measured": _("The project has not been measured after its end yet. Ask for a measurement, then sign off."),
    "already_signed_off": _("This project was already signed off; its figures are frozen."),
    "not_signed_off": _("This stage cannot be signed off with a project."),
    "wiki_unavailable": _("The wiki did not answer. Try again in a few minutes."),
}

DONE = {
    "register": _("Project registered. Share the sign-up link with the participants."),
    "participants": _("Participants added. Their accounts are looked up on the wiki at the next measurement."),
    "join": _("Thank you! You are a participant: your edits on the project's pages count from now on."),
    "report": _("Report saved."),
    "public": _("Saved: the public page is shown."),
    "private": _("Saved: the public page is hidden."),
    "measure": _("Measurement asked for. The figures are updated in a few minutes."),
    "sign_off": _("Project signed off. Its figures are now the evidence of the stage and its badge."),
}
