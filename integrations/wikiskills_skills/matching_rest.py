"""REST endpoints for matching (``/api/skills/v1/matching/``): the signed-in learner's own requests only.

Each step answers 200 with the new overview, or 400 with ``{"detail": <translated message>,
"code": <problem code>}``; nobody can act on someone else's request or match.
"""

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ..openedx_compat import skills_api_authentication_classes
from . import api
from .messages import MATCHING_PROBLEMS
from .wording import explained_overview


def _answer(user, problem):
    if problem:
        return Response({"detail": _(MATCHING_PROBLEMS[problem]), "code": problem}, status=status.HTTP_400_BAD_REQUEST)
    return Response(explained_overview(user))


class MatchingView(APIView):
    """GET: my requests with explained suggestions, who asks for me, and who I am connected with."""

    authentication_classes = skills_api_authentication_classes()
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response(explained_overview(request.user))


class MatchRequestView(APIView):
    """POST ``{"kind": "mentor"|"peer", "skills": [codes], "across_regions": bool}``: ask, with suggestions made."""

    authentication_classes = skills_api_authentication_classes()
    permission_classes = [IsAuthenticated]

    def post(self, request):
        data = request.data if isinstance(request.data, dict) else {}
        skills = data.get("skills") if isinstance(data.get("skills"), list) else []
        _request_id, problem = api.request_match(
            request.user, str(data.get("kind", "")), [str(code) for code in skills], bool(data.get("across_regions"))
        )
        return _answer(request.user, problem)


class MatchStepView(APIView):
    """POST ``{"step": "choose"|"accept"|"decline"|"good_fit"|"not_a_fit"}`` on one match."""

    authentication_classes = skills_api_authentication_classes()
    permission_classes = [IsAuthenticated]

    def post(self, request, match_id):
        step = str((request.data if isinstance(request.data, dict) else {}).get("step", ""))
        user = request.user
        steps = {
            "choose": lambda: api.choose_suggestion(user, match_id),
            "accept": lambda: api.answer_match(user, match_id, True),
            "decline": lambda: api.answer_match(user, match_id, False),
            "good_fit": lambda: api.rate_fit(user, match_id, True),
            "not_a_fit": lambda: api.rate_fit(user, match_id, False),
        }
        return _answer(user, steps[step]() if step in steps else "not_found")
