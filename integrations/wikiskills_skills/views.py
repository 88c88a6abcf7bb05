"""Thin page adapters: the learner's "My skills" form, a person's profile, and the staff taxonomy page.

Views read the request, call ``api`` and render; problems come back from ``api`` as codes
and are worded here with ``messages.py`` and ``gettext``. A refused form is shown again
with everything the learner typed.
"""

import re
from functools import cache
from pathlib import Path
from zoneinfo import available_timezones

from django.contrib import messages as flash
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import api, evidence, messages, taxonomy
from .models import SkillProfile

AVAILABILITY_ROWS = 6  # blank rows shown without JavaScript
LANGUAGE_ROWS = 4
MAX_AVAILABILITY_ROWS = 7 * 6
MAX_LANGUAGE_ROWS = 20
MIDNIGHT_END = "24:00"  # a window's end at midnight; a time input shows and sends it as 00:00
ROW_FIELD = re.compile(r"^(availability|language)-(\d{1,3})-(day|start|end|code|proficiency)$")
TAXONOMY_FORMATS = {".json": "json", ".csv": "csv"}
MAX_TAXONOMY_BYTES = 1024 * 1024  # thousands of skills fit in far less

# The order fields appear in on the form: the error summary lists problems in this order.
FIELD_ORDER = [
    "territory",
    "affiliate",
    "affiliate_qid",
    "time_zone",
    "availability",
    "mentor_capacity",
    "away_until",
    "visibility",
    "share_email",
    "languages",
    "skills",
]


# Wording


def profile_problem(code):
    return _(messages.PROFILE_PROBLEMS.get(code, messages.PROFILE_PROBLEMS["bad_choice"]))


def taxonomy_problem(error):
    template = messages.TAXONOMY_PROBLEMS.get(error.code, messages.TAXONOMY_PROBLEMS["bad_format"])
    try:
        return _(template).format(**error.details)
    except (KeyError, IndexError):
        return _(template)


def evidence_note(entry):
    """ "Counted at level 3 because of a badge…" when evidence raised the skill above what the learner said."""
    raised = evidence.raised_by(entry)
    if not raised:
        return ""
    level, source = raised
    wording = _(messages.EVIDENCE_SOURCES.get(source, messages.EVIDENCE_OTHER))
    return _(messages.EVIDENCE_RAISED).format(level=level, source=wording)


# The "My skills" form


@cache
def time_zones():
    """IANA time zone names, sorted (read once per process)."""
    return sorted(available_timezones())


def _rows(post, kind):
    """Rows the form sent (``availability-3-day`` …), in index order; rows left blank are dropped."""
    rows = {}
    for key in post:
        match = ROW_FIELD.match(key)
        if match and match.group(1) == kind:
            rows.setdefault(int(match.group(2)), {})[match.group(3)] = post.get(key, "").strip()
    return [row for _index, row in sorted(rows.items()) if any(row.values())]


def profile_from_post(post, skill_nodes):
    """The dict ``api.save_profile`` takes, built from the form exactly as typed."""
    windows = [
        {
            "day": row.get("day", ""),
            "start": row.get("start", ""),
            # A time input cannot say 24:00: an end at 00:00 is the midnight that ends the day.
            "end": MIDNIGHT_END if row.get("end") == "00:00" else row.get("end", ""),
        }
        for row in _rows(post, "availability")
    ]
    languages = [
        {"code": row.get("code", ""), "proficiency": row.get("proficiency", "")} for row in _rows(post, "language")
    ]
    skills = [
        {
            "skill": node.code,
            "self_level": post.get(f"skill-{node.code}-level", ""),
            "wanted": post.get(f"skill-{node.code}-wanted") == "on",
            "offered": post.get(f"skill-{node.code}-offered") == "on",
        }
        for node in skill_nodes
    ]
    return {
        "territory": post.get("territory", ""),
        "affiliate": post.get("affiliate", ""),
        "affiliate_qid": post.get("affiliate_qid", ""),
        "time_zone": post.get("time_zone", ""),
        "availability": windows,
        "mentor_capacity": post.get("mentor_capacity", ""),
        "away_until": post.get("away_until", ""),
        "visibility": post.get("visibility", ""),
        "share_email": post.get("share_email") == "on",
        "languages": languages,
        "skills": skills,
    }


def _text(value):
    return "" if value is None else str(value)


def _padded(rows, minimum, maximum):
    return rows + [None] * max(0, min(maximum, max(minimum, len(rows) + 1)) - len(rows))


def _availability_rows(windows):
    rows = []
    for index, given in enumerate(_padded(list(windows or []), AVAILABILITY_ROWS, MAX_AVAILABILITY_ROWS)):
        window = given if isinstance(given, dict) else {}
        end = _text(window.get("end"))
        rows.append(
            {
                "index": index,
                "legend": _("Time {number}").format(number=index + 1),
                "day": _text(window.get("day")),
                "start": _text(window.get("start")),
                "end": "00:00" if end == MIDNIGHT_END else end,
            }
        )
    return rows


def _language_rows(languages):
    rows = []
    for index, given in enumerate(_padded(list(languages or []), LANGUAGE_ROWS, MAX_LANGUAGE_ROWS)):
        language = given if isinstance(given, dict) else {}
        rows.append(
            {
                "index": index,
                "legend": _("Language {number}").format(number=index + 1),
                "code": _text(language.get("code")),
                "proficiency": _text(language.get("proficiency")),
            }
        )
    return rows


def _skill_groups(skill_nodes, entries, stored):
    """Areas with their skills, each with its level radios, check boxes and evidence note."""
    by_code = {entry.get("skill"): entry for entry in entries if isinstance(entry, dict)}
    stored_by_code = {entry["skill"]: entry for entry in stored}
    level_choices = [("", _("Not rated"))] + [(str(level), _(name)) for level, name in messages.LEVEL_NAMES.items()]
    groups = []
    for node in skill_nodes:
        entry = by_code.get(node.code, {})
        level = _text(entry.get("self_level"))
        level = "" if level == "0" else level
        note = evidence_note(stored_by_code.get(node.code, {}))
        described_by = [f"skill-{node.code}-description"] if node.description else []
        described_by += [f"skill-{node.code}-evidence"] if note else []
        skill = {
            "node": node,
            "described_by": " ".join(described_by),
            "wanted": bool(entry.get("wanted")),
            "offered": bool(entry.get("offered")),
            "evidence_note": note,
            "levels": [
                {
                    "value": value,
                    "label": label,
                    "checked": value == level,
                    "id": f"skill-{node.code}-level-{value or 0}",
                }
                for value, label in level_choices
            ],
        }
        if node.depth == 0:
            groups.append({"area": node, "skills": []})
        groups[-1]["skills"].append(skill)
    return groups


def _field_anchor(field, skill_nodes):
    return {
        "availability": "availability-0-day",
        "languages": "language-0-code",
        "visibility": "visibility-0",
        "skills": f"skill-{skill_nodes[0].code}-level-0" if skill_nodes else "skills",
    }.get(field, field)


def _form_context(data, problems, stored):
    skill_nodes = api.skill_tree()
    proficiencies = [(str(level), _(name)) for level, name in messages.PROFICIENCY_NAMES.items()]
    errors = {field: profile_problem(code) for field, code in problems.items()}
    return {
        "fields": {
            key: _text(data.get(key))
            for key in ("territory", "affiliate", "affiliate_qid", "time_zone", "mentor_capacity", "away_until")
        },
        "visibility": _text(data.get("visibility")),
        "share_email": bool(data.get("share_email")),
        "territories": api.territories(),
        "time_zones": time_zones(),
        "weekdays": [(str(day), name) for day, name in WEEKDAYS.items()],
        "visibility_choices": [
            {"value": value, "label": label, "index": index}
            for index, (value, label) in enumerate(SkillProfile.VISIBILITY_CHOICES)
        ],
        "availability_rows": _availability_rows(data.get("availability")),
        "language_rows": _language_rows(data.get("languages")),
        # Row wording for the add and remove buttons of my_skills.js; {number} is the row's number.
        "availability_legend": _("Time {number}"),
        "availability_remove": _("Remove time {number}"),
        "language_legend": _("Language {number}"),
        "language_remove": _("Remove language {number}"),
        "max_availability_rows": MAX_AVAILABILITY_ROWS,
        "max_language_rows": MAX_LANGUAGE_ROWS,
        "proficiencies": proficiencies,
        "skill_groups": _skill_groups(skill_nodes, data.get("skills") or [], stored.get("skills") or []),
        "errors": errors,
        "error_summary": [
            {"anchor": _field_anchor(field, skill_nodes), "message": errors[field]}
            for field in sorted(errors, key=lambda f: FIELD_ORDER.index(f) if f in FIELD_ORDER else len(FIELD_ORDER))
        ],
    }


@login_required
@require_http_methods(["GET", "POST"])
def my_skills(request):
    """The signed-in learner's own profile; POST is CSRF-protected by the middleware."""
    stored = api.profile_data(request.user)
    if request.method == "POST":
        data = profile_from_post(request.POST, api.skill_tree())
        problems = api.save_profile(request.user, data)
        if not problems:
            flash.success(request, _("Your skills profile was saved."))
            return redirect("wikiskills_skills:my_skills")
        context = _form_context(data, problems, stored)
        return render(request, "wikiskills_skills/my_skills.html", context, status=400)
    return render(request, "wikiskills_skills/my_skills.html", _form_context(stored, {}, stored))


# A person's profile


def _day_names():
    return {day: str(name) for day, name in WEEKDAYS.items()}


@login_required
@require_GET
def person(request, username):
    """Someone's profile, if they let the viewer see it; otherwise the same 404 as for nobody."""
    visible = api.visible_profile(request.user, username)
    if visible is None:
        raise Http404
    profile, matched = visible
    data = api.profile_data(profile.user)
    shown = api.shared_profile(profile, matched, data)
    labels = {node.code: node for node in api.skill_tree(active_only=False)}
    territory_labels = {qid: label.strip("\u2003") for qid, label, _parent in api.territories()}
    proficiency_names = {level: _(name) for level, name in messages.PROFICIENCY_NAMES.items()}
    level_names = {level: _(name) for level, name in messages.LEVEL_NAMES.items()}
    stored = {entry["skill"]: entry for entry in data["skills"]}
    days = _day_names()
    context = {
        "person": profile.user,
        "is_self": profile.user_id == request.user.pk,
        "visibility_label": dict(SkillProfile.VISIBILITY_CHOICES).get(profile.visibility, ""),
        "shown": shown,
        "territory_label": territory_labels.get(shown["territory"], ""),
        "languages": [
            {"code": language["code"], "level": proficiency_names.get(language["proficiency"], "")}
            for language in shown["languages"]
        ],
        "windows": [
            {
                "day": days.get(window["day"], ""),
                "start": window["start"],
                "end": window["end"],
            }
            for window in shown["availability"]
        ],
        "skills": [
            {
                "label": labels[entry["skill"]].label if entry["skill"] in labels else entry["skill"],
                "qid": labels[entry["skill"]].qid if entry["skill"] in labels else "",
                "level": level_names.get(entry["known_level"], ""),
                "offered": entry["offered"],
                "wanted": entry["wanted"],
                "evidence_note": evidence_note(stored.get(entry["skill"], {})),
            }
            for entry in shown["skills"]
        ],
    }
    return render(request, "wikiskills_skills/person.html", context)


# The taxonomy, for staff


@staff_member_required
@require_http_methods(["GET", "POST"])
def taxonomy_page(request):
    """The skills tree with import (a tagging-format .json or .csv file) and export; staff only."""
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("taxonomy_file")
        if upload is None:
            error = _(messages.TAXONOMY_PROBLEMS["no_file"])
        else:
            file_format = TAXONOMY_FORMATS.get(Path(upload.name).suffix.lower())
            try:
                if file_format is None:
                    raise taxonomy.TaxonomyError("bad_format")
                if upload.size > MAX_TAXONOMY_BYTES:
                    raise taxonomy.TaxonomyError("too_big")
                try:
                    text = upload.read().decode("utf-8-sig")
                except UnicodeDecodeError as decode_error:
                    raise taxonomy.TaxonomyError("not_utf8") from decode_error
                created, updated = api.import_taxonomy(text, file_format)
            except taxonomy.TaxonomyError as problem:
                error = taxonomy_problem(problem)
            else:
                flash.success(
                    request,
                    _("The taxonomy was imported. New skills: {created}. Skills updated: {updated}.").format(
                        created=created, updated=updated
                    ),
                )
                return redirect("wikiskills_skills:taxonomy")
    context = {"skills": api.skill_tree(active_only=False), "error": error}
    return render(request, "wikiskills_skills/taxonomy.html", context, status=400 if error else 200)


def _export(file_format, content_type):
    response = HttpResponse(api.export_taxonomy(file_format), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="wikiskills-taxonomy.{file_format}"'
    return response


@login_required
@require_GET
def taxonomy_json(request):
    return _export("json", "application/json; charset=utf-8")


@login_required
@require_GET
def taxonomy_csv(request):
    return _export("csv", "text/csv; charset=utf-8")


@login_required
@require_GET
def skill_page(request, code):
    """One skill: what it is, and what teaches it (content tagged in Studio, badges aligned to it)."""
    node = next((node for node in api.skill_tree() if node.code == code), None)
    if node is None:
        raise Http404
    return render(request, "wikiskills_skills/skill.html", {"skill": node, "teaches": api.what_teaches(code)})
