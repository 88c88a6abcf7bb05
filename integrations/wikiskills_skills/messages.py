"""Wording for people: every problem code and explanation the skills app returns, marked for translation.

Strings are marked with ``gettext_noop`` so both kinds of adapters can translate them:
Django pages and the REST API with ``gettext``, XBlocks with the runtime's i18n service.
"""

from django.utils.translation import gettext_noop as _

PROFILE_PROBLEMS = {
    "unknown_territory": _("Choose your country or region from the list."),
    "bad_qid": _("A Wikidata item looks like Q followed by digits, for example Q18602249."),
    "unknown_time_zone": _("Choose your time zone from the list."),
    "bad_availability": _("Each time you are available needs a day, a start and an end after the start."),
    "bad_capacity": _("The number of people you can mentor at once is between 0 and 20."),
    "bad_date": _("Enter the date as year-month-day, for example 2027-01-31."),
    "bad_choice": _("Choose one of the options."),
    "bad_language": _("Each language needs a code (such as pt or ar) and a level from 0 to 5, or native."),
    "bad_skill": _("Choose skills from the list, with a level from 1 to 5."),
}

TAXONOMY_PROBLEMS = {
    "bad_json": _("The file is not valid JSON (line {line})."),
    "no_tags": _('The JSON file needs a "tags" list.'),
    "missing_columns": _("The CSV file needs the columns id and value; missing: {columns}."),
    "bad_format": _("Upload a .json or .csv file."),
    "bad_row": _("Row {row} is not a tag."),
    "empty_field": _("Row {row} needs both an id and a value."),
    "duplicate_id": _("The id {id} appears twice."),
    "duplicate_code": _("Two tags would get the code {code}; give them distinct ids or codes."),
    "unknown_parent": _("The tag {id} names a parent, {parent}, that is not in the file."),
    "too_deep": _("The tag {id} is deeper than three levels."),
    "no_file": _("Choose a .json or .csv file to import."),
    "not_utf8": _("Save the file as UTF-8 text, then import it again."),
    "too_big": _("The file is larger than 1 MB; a taxonomy file is much smaller."),
}
WHOLE_PROFILE = _("Send the whole profile as a JSON object.")

MATCHING_PROBLEMS = {
    "no_profile": _("Fill in your skills profile first: we match on your skills, languages and availability."),
    "no_skills": _("Choose at least one skill you want help with."),
    "bad_kind": _("Choose whether you are looking for a mentor or a peer."),
    "not_found": _("That suggestion is no longer available."),
    "not_yours": _("Only the person it was offered to can answer this."),
    "already_answered": _("This has already been answered."),
    "one_at_a_time": _("You already asked someone for this request: wait for their answer first."),
    "too_early": _("You can say whether it was a good fit once you have been introduced."),
}

# Why a partner was suggested; every item carries the points it adds to the score.
EXPLANATIONS = {
    "mentor_skill": _("{name} offers {skill} at level {their_level} (you: {your_level})."),
    "peer_skill": _("You both want to learn {skill}."),
    "peer_level": _("{name} knows {skill} about as well as you (level {their_level}; you: {your_level})."),
    "language": _("You both speak {language}."),
    "availability": _("You are both free {hours} hours a week at the same time, for example {example}."),
    "same_territory": _("You are both in {territory}."),
    "across_regions": _("{name} is in {territory}, another region, as you asked."),
}
# The same reasons as the person asked sees them.
EXPLANATIONS_FOR_PARTNER = {
    "mentor_skill": _("{name} wants to learn {skill} (level {their_level}); you know it at level {your_level}."),
    "peer_level": _("You know {skill} about as well as {name} (you: {your_level}; {name}: {their_level})."),
    "across_regions": _("{name} asked to connect with someone from another region."),
}

LEVEL_NAMES = {
    1: _("1: beginner"),
    2: _("2: some experience"),
    3: _("3: can do it alone"),
    4: _("4: experienced"),
    5: _("5: can teach it"),
}

PROFICIENCY_NAMES = {
    0: _("0: none"),
    1: _("1: basic"),
    2: _("2: elementary"),
    3: _("3: intermediate"),
    4: _("4: advanced"),
    5: _("5: professional"),
    6: _("native"),
}

EVIDENCE_SOURCES = {
    "badge": _("a badge aligned to this skill"),
    "exercise": _("a passed editing exercise"),
    "track_stage": _("a completed track stage"),
}
EVIDENCE_OTHER = _("what the platform saw you do")
EVIDENCE_RAISED = _("Counted at level {level} because of {source}.")
