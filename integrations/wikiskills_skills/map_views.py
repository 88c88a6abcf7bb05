"""The assets-and-needs map for staff and programme organizers: the page, CSV and JSON (ADR 0029).

Thin adapters: a form reads the filters, ``aggregates.build_map`` counts and protects, and these
views word the result. A suppressed count (``None``) reads "fewer than N" everywhere.
"""

import re
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from ..openedx_compat import skills_api_authentication_classes
from ..wikiskills_core import spreadsheets
from . import aggregates
from .aggregates import AFFILIATE, COURSE, LANGUAGE, MapFilters
from .models import SkillProfile
from .privacy import ALL, MEASURES, SUPPRESSED, UNSPECIFIED

MAP_PERMISSION = "wikiskills_skills.view_map"
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
HEATMAP_MEASURES = ("gap", "wanted", "offered", "known")
PAGE_DEPTH = 1  # the page shows the chosen node and its children; exports show everything under it


def min_cell():
    return int(getattr(settings, "WIKISKILLS_SKILLS_MIN_CELL", 5))


def suppressed_text():
    return _("fewer than %(count)s") % {"count": min_cell()}


def measure_names():
    return {
        "gap": _("Gap (want minus offer)"),
        "wanted": _("Want to learn"),
        "offered": _("Can teach"),
        "known": _("Know"),
    }


def map_staff_required(view):
    """Staff, or people given the ``view_map`` permission (programme organizers); others get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_staff or request.user.has_perm(MAP_PERMISSION)):
            return HttpResponseForbidden(_("Only staff and programme organizers can see the skills map."))
        return view(request, *args, **kwargs)

    return wrapped


class MapFilterForm(forms.Form):
    """The map's filters from the query string; at most one of language, affiliate and course."""

    territory = forms.ChoiceField(label=gettext_lazy("Territory"), required=False)
    language = forms.CharField(
        label=gettext_lazy("Language (spoken at level 3 or more)"),
        required=False,
        max_length=16,
        help_text=gettext_lazy("A language code such as pt or ar."),
    )
    affiliate = forms.ChoiceField(label=gettext_lazy("Affiliate or community"), required=False)
    course = forms.CharField(
        label=gettext_lazy("Course"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("A course id, for example course-v1:Wikimedia+Edit101+2027."),
    )
    measure = forms.ChoiceField(label=gettext_lazy("Heatmap shows"), required=False)

    def __init__(self, data, territories, affiliates):
        super().__init__(data)
        self.fields["territory"].choices = [("", _("All territories"))] + [
            (qid, label) for qid, label, _parent in territories
        ]
        self.fields["affiliate"].choices = [("", _("Any affiliate"))] + [(name, name) for name in affiliates]
        self.fields["measure"].choices = list(measure_names().items())
        for name, field in self.fields.items():
            if field.help_text:  # as Django 5 does by itself; Django 4.2 does not
                field.widget.attrs.setdefault("aria-describedby", f"id_{name}_helptext")

    def clean_language(self):
        code = self.cleaned_data["language"].strip().lower()
        if code and not LANGUAGE_CODE.match(code):
            raise forms.ValidationError(_("Enter a language code such as pt, ar or zh-hans."))
        return code

    def clean_course(self):
        return self.cleaned_data["course"].strip()

    def clean(self):
        data = super().clean()
        chosen = [name for name in (LANGUAGE, AFFILIATE, COURSE) if data.get(name)]
        if len(chosen) > 1:
            # More than one filter at a time could single people out by differencing (ADR 0029).
            raise forms.ValidationError(
                _("Choose at most one of language, affiliate and course: combining them could identify people.")
            )
        return data

    def filters(self):
        """The chosen filters, or no filter at all when the form is not valid."""
        if not self.is_valid():
            return MapFilters()
        data = self.cleaned_data
        return MapFilters(
            language=data["language"],
            affiliate=data["affiliate"],
            course=data["course"],
            territory=data["territory"] or ALL,
        )

    def heatmap_measure(self):
        return (self.cleaned_data.get("measure") if self.is_bound and self.is_valid() else "") or "gap"


def _form(request):
    from .api import territories  # noqa: PLC0415  (the public API lists territories in tree order)

    affiliates = (
        SkillProfile.objects.exclude(affiliate="").order_by("affiliate").values_list("affiliate", flat=True).distinct()
    )
    return MapFilterForm(request.GET or None, territories(), list(affiliates))


def _column_label(column):
    if column.key == ALL:
        return _("All territories")
    if column.key == UNSPECIFIED:
        return _("Territory not given")
    return column.label


def _shown(value):
    return suppressed_text() if value is SUPPRESSED else value


def _chosen_territory_label(skills_map):
    return _column_label(skills_map.columns[0])


def _filter_description(filters):
    if filters.kind == LANGUAGE:
        return _("People who speak %(language)s at level 3 or more") % {"language": filters.language}
    if filters.kind == AFFILIATE:
        return _("People of %(affiliate)s") % {"affiliate": filters.affiliate}
    if filters.kind == COURSE:
        return _("People who answered the survey of %(course)s") % {"course": filters.course}
    return _("Everyone")


def _heat_level(value, highest):
    """0..5 for the cell's colour; the number is always written too."""
    if value is SUPPRESSED or not highest or value <= 0:
        return 0
    return max(1, min(5, round(5 * value / highest)))


@require_GET
@map_staff_required
def skills_map(request):
    form = _form(request)
    filters = form.filters()
    measure = form.heatmap_measure()
    full = aggregates.build_map(filters, min_cell())
    page_map = full.limited(PAGE_DEPTH)
    values = [cell.value(measure) for row in page_map.rows for cell in row.cells]
    highest = max((value for value in values if value is not SUPPRESSED and value > 0), default=0)
    columns = [
        {"key": column.key, "label": _column_label(column), "depth": column.depth} for column in page_map.columns
    ]
    rows = [
        {
            "code": row.code,
            "label": row.label,
            "depth": row.depth,
            "cells": [
                {
                    "column": columns[index]["label"],
                    "shown": _shown(cell.value(measure)),
                    "suppressed": cell.value(measure) is SUPPRESSED,
                    "level": _heat_level(cell.value(measure), highest),
                    "negative": cell.value(measure) is not SUPPRESSED and cell.value(measure) < 0,
                    "known": _shown(cell.known),
                    "offered": _shown(cell.offered),
                    "wanted": _shown(cell.wanted),
                    "gap": _shown(cell.gap),
                }
                for index, cell in enumerate(row.cells)
            ],
        }
        for row in page_map.rows
    ]
    largest_gap = max((need.gap for need in page_map.needs), default=0)
    needs = [
        {
            "label": need.label,
            "gap": need.gap,
            "wanted": need.wanted,
            "offered": need.offered,
            "percent": round(100 * need.gap / largest_gap) if largest_gap else 0,
        }
        for need in page_map.needs
    ]
    query = request.GET.urlencode()
    context = {
        "form": form,
        "measure_name": measure_names()[measure],
        "columns": columns,
        "rows": rows,
        "needs": needs,
        "territory_label": _chosen_territory_label(page_map),
        "population": _filter_description(filters),
        "min_cell": min_cell(),
        "suppressed_text": suppressed_text(),
        "query": f"?{query}" if query else "",
        # Beside the page whatever prefix the LMS mounts it under: …/skills/map/ -> …/skills/map.csv
        "csv_url": request.path.rstrip("/") + ".csv",
        "json_url": request.path.rstrip("/") + ".json",
    }
    return render(request, "wikiskills_skills/map.html", context)


def _export_map(request):
    """The map for an export, or the form's errors."""
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return None, form
    return aggregates.build_map(form.filters(), min_cell()), form


def _flat_rows(skills_map):
    for row in skills_map.rows:
        for column, cell in zip(skills_map.columns, row.cells, strict=True):
            yield row, column, cell


@require_GET
@map_staff_required
def skills_map_csv(request):
    """One line per skill and territory node, suppressed counts worded as on the page."""
    skills_map, form = _export_map(request)
    if skills_map is None:
        return HttpResponse(
            "\n".join(str(error) for errors in form.errors.values() for error in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="skills-map.csv"'
    writer = spreadsheets.writer(response)
    writer.writerow(
        [
            _("skill code"),
            _("skill"),
            _("territory"),
            _("territory name"),
            _("parent territory"),
            *(measure_names()[measure] for measure in (*MEASURES, "gap")),
        ]
    )
    for row, column, cell in _flat_rows(skills_map):
        writer.writerow(
            [
                row.code,
                row.label,
                column.key,
                _column_label(column),
                column.parent or "",
                *(_shown(cell.value(measure)) for measure in (*MEASURES, "gap")),
            ]
        )
    return response


def _form_errors(form):
    return {"errors": {name: [str(e) for e in errors] for name, errors in form.errors.items()}}


def map_document(skills_map):
    """The map as JSON-ready data; a suppressed count is the text ``suppressed`` names."""
    filters = skills_map.filters
    return {
        "min_cell": skills_map.min_cell,
        "suppressed": suppressed_text(),
        "filters": {
            "territory": filters.territory,
            "language": filters.language,
            "affiliate": filters.affiliate,
            "course": filters.course,
        },
        "territories": [
            {"key": column.key, "label": _column_label(column), "parent": column.parent, "depth": column.depth}
            for column in skills_map.columns
        ],
        "skills": [
            {
                "code": row.code,
                "label": row.label,
                "parent": row.parent,
                "cells": {
                    column.key: {measure: _shown(cell.value(measure)) for measure in (*MEASURES, "gap")}
                    for column, cell in zip(skills_map.columns, row.cells, strict=True)
                },
            }
            for row in skills_map.rows
        ],
        "largest_unmet_needs": [
            {"skill": need.code, "label": need.label, "wanted": need.wanted, "offered": need.offered, "gap": need.gap}
            for need in skills_map.needs
        ],
    }


@require_GET
@map_staff_required
def skills_map_json(request):
    """The same numbers as JSON."""
    skills_map, form = _export_map(request)
    if skills_map is None:
        return JsonResponse(_form_errors(form), status=400)
    return JsonResponse(map_document(skills_map), json_dumps_params={"ensure_ascii": False})


class CanViewMap(BasePermission):
    """Staff, or programme organizers with the ``view_map`` permission."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.is_staff or user.has_perm(MAP_PERMISSION)))


class MapAPIView(APIView):
    """``GET /api/skills/v1/map/``: the map as on the JSON export, with the LMS's API authentication."""

    authentication_classes = skills_api_authentication_classes()
    permission_classes = [CanViewMap]

    def get(self, request):
        skills_map, form = _export_map(request)
        if skills_map is None:
            return Response(_form_errors(form), status=400)
        return Response(map_document(skills_map))
