"""The workbench's stand-in for Open edX's teams service, which needs edx-platform to run.

The LMS gives XBlocks ``lms.djangoapps.teams.services.TeamsService``; its ``get_team(user,
course_id, teamset_id)`` answers the learner's team in a teamset, or None. Here the teams
come from the ``WIKISKILLS_DEMO_TEAMS`` setting: ``{teamset_id: {team_id: [usernames]}}``.
"""

from types import SimpleNamespace

from django.conf import settings


class DemoTeamsService:
    """Answers ``get_team`` as the LMS's teams service does, from the demo setting."""

    def get_team(self, user, course_id, teamset_id):
        for team_id, usernames in settings.WIKISKILLS_DEMO_TEAMS.get(teamset_id, {}).items():
            if user.username in usernames:
                return SimpleNamespace(team_id=team_id, topic_id=teamset_id, course_id=course_id)
        return None
