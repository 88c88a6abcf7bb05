"""Words for leadership evidence: each item's code, its source, problems and results, all translatable.

Items are worded when a page is rendered (``word``), in the reader's language; a fact is stated as
it is, with no judgement ("more", "less", "good") and no number standing for a person.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, pgettext

from ..wikiskills_core import wikis
from . import evidence

PROBLEMS = {
    "not_found": gettext_noop("That is not there, or not yours to change."),
    "not_agreed": gettext_noop("You have not agreed to show your evidence, so there is nothing to withdraw."),
    "wiki_unavailable": gettext_noop(
        "The wiki did not answer. The facts shown are those read earlier; try again later."
    ),
    "bad_choice": gettext_noop("Choose one of the options."),
    "no_email": gettext_noop("This person has no email address here, so no invitation can be sent to them."),
    "not_your_cohort": gettext_noop("Choose one of your cohorts that is taking people."),
}

DONE = {
    "agree": gettext_noop(
        "Thank you. Facilitators and your communities' coordinators can now see the facts below, except those you hide."
    ),
    "withdraw": gettext_noop("Done. Nobody but you sees your evidence any more."),
    "hide": gettext_noop("Hidden. Facilitators and coordinators no longer see this fact."),
    "show": gettext_noop("Shown again to facilitators and coordinators."),
    "refresh": gettext_noop("Your on-wiki facts were read again."),
    "fresh": gettext_noop("The on-wiki facts were read recently; they are current."),
    "invite": gettext_noop("Invitation sent by email."),
}

SOURCES = {
    evidence.PEER_REVIEW: gettext_noop("Peer review"),
    evidence.BADGES: gettext_noop("Badges"),
    evidence.TRACKS: gettext_noop("Leadership tracks"),
    evidence.MENTORING: gettext_noop("Mentoring check-ins"),
    evidence.PROJECTS: gettext_noop("Community projects"),
}

GROUPS = {
    "sysop": gettext_noop("administrator"),
    "bureaucrat": gettext_noop("bureaucrat"),
    "rollbacker": gettext_noop("rollbacker"),
    "patroller": gettext_noop("patroller"),
    "autopatrolled": gettext_noop("autopatrolled"),
    "interface-admin": gettext_noop("interface administrator"),
    "checkuser": gettext_noop("checkuser"),
    "suppress": gettext_noop("oversighter"),
    "bot": gettext_noop("bot"),
    "eventcoordinator": gettext_noop("event coordinator"),
    "event-organizer": gettext_noop("event organizer"),
    "confirmed": gettext_noop("confirmed"),
    "extendedconfirmed": gettext_noop("extended confirmed"),
    "reviewer": gettext_noop("reviewer"),
    "filemover": gettext_noop("file mover"),
    "accountcreator": gettext_noop("account creator"),
    "import": gettext_noop("importer"),
    "massmessage-sender": gettext_noop("mass message sender"),
}


def _wiki_name(key):
    wiki = wikis.allowed_wikis().get(key)
    return wiki.name if wiki else key


def _list(words):
    return pgettext("list separator", ", ").join(words)


def _peer_reviews(values, _wiki):
    text = ngettext("Gave {given} peer review.", "Gave {given} peer reviews.", values["given"]).format(
        given=values["given"]
    )
    if values["flagged"]:
        text += " " + ngettext(
            "The author flagged {flagged} of them as unhelpful.",
            "The authors flagged {flagged} of them as unhelpful.",
            values["flagged"],
        ).format(flagged=values["flagged"])
    return text


def _mentoring(values, _wiki):
    people = ngettext("Mentored {people} person", "Mentored {people} people", values["people"]).format(
        people=values["people"]
    )
    check_ins = ngettext(
        "in {count} check-in of {minutes} minutes in all.",
        "in {count} check-ins of {minutes} minutes in all.",
        values["check_ins"],
    ).format(count=values["check_ins"], minutes=values["minutes"])
    return f"{people} {check_ins}"


def _projects(values, _wiki):
    return ngettext(
        "Organized {count} community project: {titles}.",
        "Organized {count} community projects: {titles}.",
        values["count"],
    ).format(count=values["count"], titles=_list(values["titles"]))


def _namespace_words(singular, plural):
    def words(values, wiki):
        return ngettext(singular, plural, values["edits"]).format(edits=values["edits"], days=values["days"], wiki=wiki)

    return words


WORDS = {
    "peer_reviews": _peer_reviews,
    "badge": lambda values, _wiki: _("Earned the badge “{badge}”.").format(badge=values["badge"]),
    "stage": lambda values, _wiki: _("Finished the stage “{stage}” of the track “{track}”.").format(
        stage=values["stage"], track=values["track"]
    ),
    "mentoring": _mentoring,
    "projects": _projects,
    "wiki_not_read": lambda _values, wiki: _("A verified account on {wiki}; its facts have not been read yet.").format(
        wiki=wiki
    ),
    "wiki_edits": lambda values, wiki: ngettext(
        "{edits} edit on {wiki} in all, as the account {username}.",
        "{edits} edits on {wiki} in all, as the account {username}.",
        values["edits"],
    ).format(edits=values["edits"], wiki=wiki, username=values["username"]),
    "wiki_account": lambda values, wiki: _("Has had the account {username} on {wiki} since this date.").format(
        username=values["username"], wiki=wiki
    ),
    "wiki_groups": lambda values, wiki: _("User groups on {wiki}: {groups}.").format(
        wiki=wiki, groups=_list(_(GROUPS[group]) if group in GROUPS else group for group in values["groups"])
    ),
    "wiki_project": _namespace_words(
        "{edits} edit to project pages or their talk pages on {wiki} in the last {days} days.",
        "{edits} edits to project pages or their talk pages on {wiki} in the last {days} days.",
    ),
    "wiki_talk": _namespace_words(
        "{edits} edit to article talk pages on {wiki} in the last {days} days.",
        "{edits} edits to article talk pages on {wiki} in the last {days} days.",
    ),
    "wiki_user_talk": _namespace_words(
        "{edits} edit to user talk pages on {wiki} in the last {days} days.",
        "{edits} edits to user talk pages on {wiki} in the last {days} days.",
    ),
}


def word(item):
    """An item as a page shows it: ``{"key", "text", "source", "date", "hidden"}``, in the current language."""
    wiki = _wiki_name(item.source) if item.wiki else ""
    return {
        "key": item.key,
        "text": WORDS[item.code](item.values, wiki),
        "source": wiki if item.wiki else _(SOURCES[item.source]),
        "date": date_format(item.date, "DATE_FORMAT") if item.date else "",
        "iso_date": item.date.isoformat() if item.date else "",
        "hidden": item.hidden,
    }


def problem(code):
    return _(PROBLEMS.get(code, PROBLEMS["not_found"]))


def done(action):
    return _(DONE[action])
