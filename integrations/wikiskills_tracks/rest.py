"""REST endpoints of cohort tracks (``/api/tracks/v1/``): the catalogue, cohorts, memberships, check-ins, mine.

Thin adapters over ``api``: who may do what is asked of ``api.runs``, ``api.may_see`` and
``api.may_log_check_in``; what changes goes through ``api``'s functions, whose problem codes are
answered as ``{"error": code, "message": translated text}``: 400 for bad input, 403 for what the
caller may not do, 404 for what the caller may not see (the same answer as for what does not
exist). Reads never write.
"""

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext
from rest_framework import status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ..openedx_compat import skills_api_authentication_classes
from . import api, serializers
from .messages import PROBLEMS
from .models import Cohort, Membership

# Problems that are the caller's input; the rest are actions not allowed now, and ``not_found``.
BAD_INPUT = {
    "answers_missing",
    "unknown_person",
    "self_nomination",
    "reasons_missing",
    "bad_choice",
    "reason_missing",
    "not_a_mentor",
    "bad_date",
    "bad_minutes",
    "message_missing",
}


def problem(code, answer_status=None):
    """The answer to a problem code: its translated message, with 400, 403 or 404."""
    if answer_status is None:
        if code == "not_found":
            answer_status = status.HTTP_404_NOT_FOUND
        elif code in BAD_INPUT:
            answer_status = status.HTTP_400_BAD_REQUEST
        else:
            answer_status = status.HTTP_403_FORBIDDEN
    return Response({"error": code, "message": gettext(PROBLEMS[code])}, status=answer_status)


def not_found():
    return problem("not_found")


def not_allowed():
    return problem("not_allowed", status.HTTP_403_FORBIDDEN)


def _text(data, name):
    value = data.get(name, "")
    return value if isinstance(value, str) else ""


class TracksAPIView(APIView):
    authentication_classes = skills_api_authentication_classes()
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    def body(self, request):
        """The JSON object sent, or None when something else was sent."""
        return request.data if isinstance(request.data, dict) else None

    def visible_cohort(self, request, cohort_id):
        """The cohort, unless it is still being planned and the caller neither runs it nor is in it."""
        cohort = api.cohort(cohort_id)
        if cohort is None:
            return None
        if cohort.status == Cohort.PLANNED and not (
            api.runs(request.user, cohort) or api.membership_of(request.user, cohort)
        ):
            return None
        return cohort

    def visible_membership(self, request, membership_id):
        """The membership if the caller may see it (the member, their mentor, who runs the cohort), else None."""
        membership = api.membership(membership_id)
        if membership is None or not api.may_see(request.user, membership):
            return None
        return membership


class TrackListView(TracksAPIView):
    """GET: every track with its courses, stages and the cohorts taking people now."""

    def get(self, request):
        catalogue = api.catalogue()
        prefetch_related_objects([track for track, _cohorts in catalogue], "stages__requirements")
        return Response({"tracks": [serializers.track_data(track, cohorts) for track, cohorts in catalogue]})


class TrackView(TracksAPIView):
    """GET one track by its slug."""

    def get(self, request, slug):
        found = api.catalogue(slug)
        if not found:
            return not_found()
        prefetch_related_objects([found[0][0]], "stages__requirements")
        return Response(serializers.track_data(*found[0]))


class CohortView(TracksAPIView):
    """GET a cohort (a planned one only for who runs it or is in it): the caller's membership, and the counts
    for those who run it."""

    def get(self, request, cohort_id):
        cohort = self.visible_cohort(request, cohort_id)
        if cohort is None:
            return not_found()
        data = serializers.cohort_data(cohort, api.seats_left(cohort))
        mine = api.membership_of(request.user, cohort)
        data["membership"] = {"id": mine.pk, "role": mine.role, "status": mine.status} if mine else None
        if api.runs(request.user, cohort):
            data["counts"] = api.cohort_counts(cohort)
        return Response(data)


class RosterPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 500


class CohortMembershipsView(TracksAPIView):
    """GET the members (for those who run the cohort), paged; POST join, apply or nominate."""

    def get(self, request, cohort_id):
        cohort = api.cohort(cohort_id)
        if cohort is None or not api.runs(request.user, cohort):
            return not_found()
        members = api.roster(cohort)
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in dict(Membership.STATUS_CHOICES):
                return problem("bad_choice")
            members = members.filter(status=wanted)
        paginator = RosterPagination()
        page = paginator.paginate_queryset(members, request, view=self)
        return paginator.get_paginated_response([serializers.roster_row(membership) for membership in page])

    def post(self, request, cohort_id):
        cohort = self.visible_cohort(request, cohort_id)
        if cohort is None:
            return not_found()
        data = self.body(request)
        action = data.get("action") if data is not None else None
        if action == "join":
            found = api.join(cohort, request.user)
        elif action == "apply":
            answers = data.get("answers")
            if not isinstance(answers, list):
                return problem("answers_missing")
            found = api.apply(cohort, request.user, answers)
        elif action == "nominate":
            nominee = api.find_user(_text(data, "username"))
            found = api.nominate(cohort, request.user, nominee, _text(data, "reasons"))
            if found is None:
                return Response({"nominee": nominee.username, "status": "asked"}, status=status.HTTP_201_CREATED)
        else:
            return problem("bad_choice")
        if found:
            return problem(found)
        membership = api.membership(api.membership_of(request.user, cohort).pk)
        return Response(serializers.membership_data(membership), status=status.HTTP_201_CREATED)


def membership_detail(request, membership):
    data = {
        **serializers.membership_data(membership),
        "cohort_name": membership.cohort.name,
        "track": membership.cohort.track.slug,
        "stages": serializers.stages_with_states_data(api.stages_with_states(membership)),
    }
    if api.runs(request.user, membership.cohort):
        data["answers"] = membership.answers
    return data


class MembershipView(TracksAPIView):
    """GET a membership with its stages: for the member, their mentor and who runs the cohort."""

    def get(self, request, membership_id):
        membership = self.visible_membership(request, membership_id)
        if membership is None:
            return not_found()
        return Response(membership_detail(request, membership))


class DecisionView(TracksAPIView):
    """POST ``{"decision": "accept"|"waitlist"|"decline", "message": ...}``: who runs the cohort decides."""

    def post(self, request, membership_id):
        membership = self.visible_membership(request, membership_id)
        if membership is None:
            return not_found()
        if not api.runs(request.user, membership.cohort):
            return not_allowed()
        data = self.body(request) or {}
        decision = data.get("decision")
        if decision not in (api.ACCEPT, api.WAITLIST, api.DECLINE):
            return problem("bad_choice")
        found = api.decide(membership, request.user, decision, _text(data, "message"))
        if found:
            return problem(found)
        return Response(membership_detail(request, api.membership(membership.pk)))


class WithdrawView(TracksAPIView):
    """POST: the member leaves the cohort (or stops waiting)."""

    def post(self, request, membership_id):
        membership = self.visible_membership(request, membership_id)
        if membership is None:
            return not_found()
        if membership.user_id != request.user.pk:
            return not_allowed()
        found = api.withdraw(membership, request.user)
        if found:
            return problem(found)
        return Response(serializers.membership_data(api.membership(membership.pk)))


class RemoveView(TracksAPIView):
    """POST ``{"reason": ...}``: who runs the cohort removes a member, with a reason kept in the history."""

    def post(self, request, membership_id):
        membership = self.visible_membership(request, membership_id)
        if membership is None:
            return not_found()
        if not api.runs(request.user, membership.cohort):
            return not_allowed()
        found = api.remove(membership, request.user, _text(self.body(request) or {}, "reason"))
        if found:
            return problem(found)
        return Response(serializers.membership_data(api.membership(membership.pk)))


class CheckInsView(TracksAPIView):
    """GET the check-ins of a member and their mentor; POST one (the pair, or who runs the cohort)."""

    def get(self, request, membership_id):
        membership = self.visible_membership(request, membership_id)
        if membership is None:
            return not_found()
        return Response({"check_ins": [serializers.check_in_data(row) for row in api.check_ins(membership)]})

    def post(self, request, membership_id):
        membership = self.visible_membership(request, membership_id)
        if membership is None:
            return not_found()
        if not api.may_log_check_in(request.user, membership):
            return not_allowed()
        data = self.body(request) or {}
        check_in, found = api.log_check_in(
            membership,
            request.user,
            data.get("met_on"),
            data.get("minutes"),
            notes=_text(data, "notes"),
            next_step=_text(data, "next_step"),
        )
        if found:
            return problem(found)
        return Response(serializers.check_in_data(check_in), status=status.HTTP_201_CREATED)


class MineView(TracksAPIView):
    """GET the caller's cohorts with their progress, next stage, check-ins and badges."""

    def get(self, request):
        return Response({"memberships": [serializers.my_track_data(entry) for entry in api.my_tracks(request.user)]})
