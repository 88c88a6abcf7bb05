"""REST endpoints of skills profiles (``/api/skills/v1/``): the taxonomy, my profile, someone's profile.

Thin adapters over ``api``: the profile is the dict ``api.profile_data`` answers and
``api.save_profile`` takes; problems come back as ``{field: [translated message]}`` with 400.
Someone else's profile is answered only to those its owner lets see it; to everyone else it
is the same 404 as a person who does not exist.
"""

from dataclasses import asdict

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ..openedx_compat import skills_api_authentication_classes
from . import api
from .messages import WHOLE_PROFILE
from .views import profile_problem


class SkillsAPIView(APIView):
    authentication_classes = skills_api_authentication_classes()
    permission_classes = [IsAuthenticated]


class TaxonomyView(SkillsAPIView):
    """GET: every active skill, parents before children, in the active language."""

    def get(self, request):
        return Response({"skills": [asdict(node) for node in api.skill_tree()]})


class ProfileView(SkillsAPIView):
    """GET and PUT the signed-in learner's own profile (the whole profile on PUT, as JSON)."""

    parser_classes = [JSONParser]

    def get(self, request):
        return Response(api.profile_data(request.user))

    def put(self, request):
        if not isinstance(request.data, dict):
            return Response(
                {"non_field_errors": [_(WHOLE_PROFILE)]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        problems = api.save_profile(request.user, dict(request.data))
        if problems:
            return Response(
                {field: [profile_problem(code)] for field, code in problems.items()},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(api.profile_data(request.user))


class PersonView(SkillsAPIView):
    """GET someone's profile: their own, a public one, or an accepted match partner's; else 404."""

    def get(self, request, username):
        visible = api.visible_profile(request.user, username)
        if visible is None:
            raise Http404
        return Response(api.shared_profile(*visible))
