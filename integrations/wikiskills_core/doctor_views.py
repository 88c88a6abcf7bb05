"""The staff-only health check page: the same findings as ``manage.py wikiskills_doctor``."""

from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import doctor as health
from .doctor_messages import describe


@require_GET
@never_cache
@staff_member_required
def doctor(request):
    """Runs every check (a few seconds at most: each is bounded) and shows one table row per finding."""
    findings = health.run_checks()
    rows = []
    for finding in findings:
        summary, action = describe(finding)
        rows.append({"finding": finding, "summary": summary, "action": action})
    context = {"rows": rows, "overall": health.worst(findings), "OK": health.OK, "WARN": health.WARN}
    return render(request, "wikiskills_core/doctor.html", context)
