"""The tracks pages: thin adapters that read the request, ask ``access`` (through ``api``), call ``api`` and render.

Every action is a POST that redirects back (a reload or a double click never repeats it) with
its result as a flash message the page focuses. Problem codes from ``api`` are worded with
``messages.PROBLEMS`` and ``gettext``. A refused form keeps what was typed: it is kept in the
session for one page view and shown again, and nothing is saved half-way.

Objects a person may not see answer 404 (their existence is not leaked); actions on an object a
person may see but not change answer 403.
"""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import openedx_compat
from ..wikiskills_core import charts, results, spreadsheets
from ..wikiskills_skills import wording as skills_wording
from . import api, rules
from .messages import PROBLEMS
from .models import Membership, Requirement

DONE = {
    "join": gettext_noop("You are in. Your first stage is on “My tracks”."),
    "apply": gettext_noop("Thank you for applying. The facilitators will tell you their answer by email."),
    "nominate": gettext_noop("Thank you. We asked them whether they agree to be nominated."),
    "withdraw": gettext_noop("You left this cohort."),
    "agree": gettext_noop("Thank you. The facilitators can now read this nomination."),
    "refuse": gettext_noop("Understood. The nomination ends here and nobody else sees it."),
    "invitation": gettext_noop("Welcome! You joined the cohort."),
    "accept": gettext_noop("Accepted. They have a seat and were told."),
    "waitlist": gettext_noop("Waitlisted. They were told."),
    "decline": gettext_noop("Declined. They were told."),
    "mentor": gettext_noop("Mentor assigned. Both were told."),
    "invite": gettext_noop("Invitation created. Its link is in the list of unused invitations."),
    "remove": gettext_noop("Removed from the cohort. The reason is kept in the history."),
    "check_in": gettext_noop("Check-in logged."),
    "sign_off": gettext_noop("Stage signed off."),
}
WAITLISTED_ON_JOIN = gettext_noop("Every seat is taken: you are on the waitlist and will be told when a seat frees up.")
DRAFT = "wikiskills_tracks_draft"
LEAVABLE = (Membership.APPLIED, Membership.NOMINATED, Membership.WAITLISTED, Membership.ACTIVE)
BAR_GAP = 4


# Helpers


def _problem(request, code):
    results.say(request, code, PROBLEMS)


def _result(request, problem, action):
    results.say(request, problem, PROBLEMS, DONE.get(action, ""))


def _keep_draft(request, where, fields):
    """What was typed in a refused form, shown again once on the next view of ``where``."""
    request.session[DRAFT] = {"where": where, "fields": fields}


def _take_draft(request, where):
    draft = request.session.pop(DRAFT, None)
    return draft["fields"] if draft and draft.get("where") == where else {}


def _cohort_or_404(cohort_id):
    cohort = api.cohort(cohort_id)
    if cohort is None:
        raise Http404
    return cohort


def _run_cohort_or_404(user, cohort_id):
    cohort = _cohort_or_404(cohort_id)
    if not api.runs(user, cohort):
        raise Http404
    return cohort


def _membership_or_404(user, membership_id):
    membership = api.membership(membership_id)
    if membership is None or not api.may_see(user, membership):
        raise Http404
    return membership


def _invitation_or_404(token):
    invitation = api.invitation(token)
    if invitation is None:
        raise Http404
    return invitation


# Public pages


@require_GET
def catalogue(request):
    return render(request, "wikiskills_tracks/catalogue.html", {"tracks": api.catalogue()})


@require_GET
def cohort_page(request, cohort_id):
    cohort = _cohort_or_404(cohort_id)
    user = request.user
    membership = api.membership_of(user, cohort)
    draft = _take_draft(request, f"cohort-{cohort.pk}") if user.is_authenticated else {}
    answers = draft.get("answers", [])
    questions = [
        (index, question, answers[index] if index < len(answers) else "")
        for index, question in enumerate(cohort.questions)
    ]
    return render(
        request,
        "wikiskills_tracks/cohort.html",
        {
            "cohort": cohort,
            "track": cohort.track,
            "seats_left": api.seats_left(cohort),
            "membership": membership,
            "may_leave": membership is not None
            and membership.role == Membership.MEMBER
            and membership.status in LEAVABLE,
            "taking_people": cohort.status in api.OPEN_STATUSES,
            "runs": api.runs(user, cohort),
            "questions": questions,
            "draft": draft,
            "login_url": openedx_compat.signup_url(request.get_full_path()),
        },
    )


@login_required
@require_POST
def cohort_action(request, cohort_id):
    cohort = _cohort_or_404(cohort_id)
    user, action = request.user, request.POST.get("action", "")
    if action == "join":
        problem = api.join(cohort, user)
        membership = api.membership_of(user, cohort)
        if problem is None and membership is not None and membership.status == Membership.WAITLISTED:
            flash.success(request, _(WAITLISTED_ON_JOIN))
            return redirect("wikiskills_tracks:cohort", cohort.pk)
    elif action == "apply":
        answers = [request.POST.get(f"answer-{index}", "") for index in range(len(cohort.questions))]
        problem = api.apply(cohort, user, answers)
        if problem:
            _keep_draft(request, f"cohort-{cohort.pk}", {"answers": answers})
    elif action == "nominate":
        username, reasons = request.POST.get("username", ""), request.POST.get("reasons", "")
        problem = api.nominate(cohort, user, api.find_user(username), reasons)
        if problem:
            _keep_draft(request, f"cohort-{cohort.pk}", {"username": username, "reasons": reasons})
    elif action == "withdraw":
        membership = api.membership_of(user, cohort)
        problem = "not_found" if membership is None else api.withdraw(membership, user)
    else:
        action, problem = "", "bad_choice"
    _result(request, problem, action)
    return redirect("wikiskills_tracks:cohort", cohort.pk)


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    invitation_row = _invitation_or_404(token)
    user = request.user
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(openedx_compat.signup_url(request.get_full_path()))
        problem = api.use_invitation(token, user)
        _result(request, problem, "invitation")
        if problem is None:
            return redirect("wikiskills_tracks:my_tracks")
        return redirect("wikiskills_tracks:invitation", token)
    used_by_someone_else = invitation_row.used_by_id is not None and invitation_row.used_by_id != user.pk
    return render(
        request,
        "wikiskills_tracks/invitation.html",
        {
            "invitation": invitation_row,
            "cohort": invitation_row.cohort,
            "track": invitation_row.cohort.track,
            "used": used_by_someone_else,
            "signup_url": openedx_compat.signup_url(request.get_full_path()),
        },
    )


# The learner's pages


@login_required
@require_http_methods(["GET", "POST"])
def nomination(request, nomination_id):
    nomination_row = api.nomination_for(request.user, nomination_id)
    if nomination_row is None:
        raise Http404
    if request.method == "POST":
        agree = request.POST.get("answer") == "yes"
        problem = api.answer_nomination(nomination_row, request.user, agree)
        _result(request, problem, "agree" if agree else "refuse")
        return redirect("wikiskills_tracks:nomination", nomination_row.pk)
    return render(
        request, "wikiskills_tracks/nomination.html", {"nomination": nomination_row, "cohort": nomination_row.cohort}
    )


@login_required
@require_GET
def my_tracks(request):
    return render(
        request,
        "wikiskills_tracks/my_tracks.html",
        {"entries": api.my_tracks(request.user), "nominations": api.pending_nominations(request.user)},
    )


@login_required
@require_GET
def mentoring(request):
    mentees = []
    for membership in api.mentees(request.user):
        stages = api.stages_with_states(membership)
        done = sum(1 for _stage, state, _requirements in stages if state.status == rules.DONE)
        mentees.append({"membership": membership, "done": done, "total": len(stages)})
    return render(request, "wikiskills_tracks/mentoring.html", {"mentees": mentees})


# The member page: member, mentor and facilitators


@login_required
@require_GET
def member(request, membership_id):
    membership = _membership_or_404(request.user, membership_id)
    detail = api.member_detail(membership)
    runs = api.runs(request.user, membership.cohort)
    sign_off_stages = [
        (stage, state)
        for stage, state, requirements in detail["stages"]
        if any(requirement.kind == Requirement.SIGN_OFF for requirement, _met in requirements)
    ]
    suggestions = []
    if runs and membership.mentor_id is None:
        suggestions = [
            (mentor, skills_wording.explain(items, mentor.username))
            for mentor, items in api.mentor_suggestions(membership)
        ]
    return render(
        request,
        "wikiskills_tracks/member.html",
        {
            **detail,
            "suggestions": suggestions,
            "cohort": membership.cohort,
            "runs": runs,
            "may_log": api.may_log_check_in(request.user, membership),
            "sign_off_stages": sign_off_stages if runs else [],
            "draft": _take_draft(request, f"member-{membership.pk}"),
        },
    )


@login_required
@require_POST
def member_action(request, membership_id):
    membership = _membership_or_404(request.user, membership_id)
    user, action = request.user, request.POST.get("action", "")
    if action == "check_in":
        if not api.may_log_check_in(user, membership):
            raise PermissionDenied
        fields = {name: request.POST.get(name, "") for name in ("met_on", "minutes", "notes", "next_step")}
        _check_in, problem = api.log_check_in(
            membership,
            user,
            fields["met_on"],
            fields["minutes"],
            notes=fields["notes"],
            next_step=fields["next_step"],
        )
        if problem:
            _keep_draft(request, f"member-{membership.pk}", fields)
    elif action in ("sign_off", "mentor"):
        if not api.runs(user, membership.cohort):
            raise PermissionDenied
        if action == "sign_off":
            stage_id = results.number(request.POST.get("stage"))
            problem = (
                api.sign_off(membership, user, stage_id, request.POST.get("note", "")) if stage_id else "bad_choice"
            )
        else:
            problem = api.assign_mentor(membership, user, request.POST.get("username", "").strip())
    else:
        action, problem = "", "bad_choice"
    _result(request, problem, action)
    return redirect("wikiskills_tracks:member", membership.pk)


# The facilitator's dashboard


@login_required
@require_GET
def dashboard(request, cohort_id):
    cohort = _run_cohort_or_404(request.user, cohort_id)
    data = api.facilitator_dashboard(cohort, request.GET.get("page", 1))
    # Suggestions are worked out on each member's page: the matching is too heavy for every row.
    unassigned = [row.membership for row in data["rows"] if row.membership.mentor_id is None]
    counts = data["counts"]
    funnel_bars = charts.rows([(stage.display_title, count) for stage, count in data["funnel"]], BAR_GAP)
    weekly_bars = charts.columns([(week, total) for week, _finished, total in data["weekly"]], BAR_GAP)
    invitation_links = [
        (row, request.build_absolute_uri(reverse("wikiskills_tracks:invitation", args=[row.token])))
        for row in data["invitations"]
    ]
    return render(
        request,
        "wikiskills_tracks/dashboard.html",
        {
            **data,
            "waiting": counts["pending"] + counts["waitlisted"],
            "unassigned": unassigned,
            "funnel_bars": funnel_bars,
            "funnel_height": charts.rows_height(funnel_bars, BAR_GAP),
            "weekly_bars": weekly_bars,
            "chart_width": charts.CHART_WIDTH,
            "chart_height": charts.CHART_HEIGHT,
            "invitation_links": invitation_links,
            "draft": _take_draft(request, f"dashboard-{cohort.pk}"),
        },
    )


def _cohort_member(cohort, membership_id):
    membership = api.membership(results.number(membership_id))
    return membership if membership is not None and membership.cohort_id == cohort.pk else None


@login_required
@require_POST
def dashboard_action(request, cohort_id):
    cohort = _run_cohort_or_404(request.user, cohort_id)
    user, action, post = request.user, request.POST.get("action", ""), request.POST
    if action == "decide":
        membership = _cohort_member(cohort, post.get("membership"))
        decision = post.get("decision", "")
        problem = api.decide(membership, user, decision, post.get("message", "")) if membership else "not_found"
        action = decision if decision in (api.ACCEPT, api.WAITLIST, api.DECLINE) else ""
    elif action == "mentor":
        membership = _cohort_member(cohort, post.get("membership"))
        problem = api.assign_mentor(membership, user, post.get("username", "").strip()) if membership else "not_found"
    elif action == "remove":
        membership = _cohort_member(cohort, post.get("membership"))
        problem = api.remove(membership, user, post.get("reason", "")) if membership else "not_found"
    elif action == "message":
        sent, problem = api.message_cohort(cohort, post.get("subject", ""), post.get("text", ""))
        if problem:
            _keep_draft(request, f"dashboard-{cohort.pk}", {"subject": post.get("subject"), "text": post.get("text")})
        else:
            flash.success(
                request, ngettext("Sent to {count} member.", "Sent to {count} members.", sent).format(count=sent)
            )
            return _back_to_dashboard(request, cohort)
    elif action == "invite":
        api.create_invitation(cohort, user, post.get("note", ""), post.get("email", ""))
        problem = None
    else:
        action, problem = "", "bad_choice"
    _result(request, problem, action)
    return _back_to_dashboard(request, cohort)


def _back_to_dashboard(request, cohort):
    url = reverse("wikiskills_tracks:dashboard", args=[cohort.pk])
    page = results.number(request.POST.get("page"))
    return redirect(f"{url}?page={page}" if page and page > 1 else url)


class _Echo:
    def write(self, value):
        return value


@login_required
@require_GET
def dashboard_csv(request, cohort_id):
    cohort = _run_cohort_or_404(request.user, cohort_id)
    writer = spreadsheets.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in api.csv_rows(cohort)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="cohort-{cohort.pk}-members.csv"'
    return response
