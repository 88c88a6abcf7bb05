"""Fixtures and helpers for editing-exercise tests: linked learners, attempts, blocks in the workbench."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from workbench.runtime import WorkbenchRuntime
from xblock.fields import ScopeIds
from xblock.runtime import DictKeyValueStore, KvsFieldData

from wikiskills.integrations.mediawiki.client import MediaWikiClient, UserAgent
from wikiskills.integrations.mediawiki.names import normalize_username
from wikiskills.integrations.wikiskills_accounts.models import WikiAccount, WikiUserId
from wikiskills.integrations.wikiskills_exercises.exercise import ExerciseSpec, PageTarget
from wikiskills.integrations.wikiskills_exercises.models import ExerciseAttempt

EXERCISE_AGENT = UserAgent("WikiSkills-Tests", "0.1", "wikiskills-tests@example.org")


def counting_client(api_url):
    """A fresh client whose ``request_count`` starts at 0."""
    return MediaWikiClient(api_url, EXERCISE_AGENT, background=True)


def linked_learner(django_username, wiki_username, family="test", *, user_id=None, wiki="demo"):
    """A Django user with a verified wiki account (as if verified earlier).

    With ``user_id`` the account's id on ``wiki`` is known, as after a verification
    edit (and the central id is that id, as on a wiki without CentralAuth); without
    it, the first check looks the id up by name, as for a "Log in with Wikimedia" link.
    """
    user, _created = get_user_model().objects.get_or_create(username=django_username)
    account, _created = WikiAccount.objects.update_or_create(
        user=user,
        family=family,
        defaults={
            "username": normalize_username(wiki_username),
            "central_id": str(user_id or ""),
            "verified_by": WikiAccount.VERIFICATION_EDIT,
            "verified_at": timezone.now(),
        },
    )
    if user_id:
        WikiUserId.objects.update_or_create(account=account, wiki=wiki, defaults={"user_id": user_id})
    return user


def pending_attempt(
    user, usage_key, criteria, *, target=("any", ""), started_at, combine_edits=False, wiki="demo", draft_may_move=False
):
    """A pending attempt with the exercise settings a learner's "Check my edit" would have stored."""
    spec = ExerciseSpec(
        wiki=wiki,
        target=PageTarget(*target),
        criteria_specs=tuple(criteria),
        combine_edits=combine_edits,
        draft_may_move=draft_may_move,
    )
    return ExerciseAttempt.objects.create(
        user=user,
        usage_key=usage_key,
        wiki=wiki,
        exercise=spec.as_json(),
        started_at=started_at,
        status=ExerciseAttempt.PENDING,
        check_requested_at=started_at,
    )


def make_exercise_block(student, **fields):
    """An exercise block outside any scenario, for Studio validation and state tests."""
    from wikiskills.xblocks.edit_exercise import EditExerciseBlock  # noqa: PLC0415

    runtime = WorkbenchRuntime(student)
    block = EditExerciseBlock(
        runtime,
        KvsFieldData(DictKeyValueStore()),
        ScopeIds(student, "wikiskills_edit_exercise", "def", f"exercise-{student}"),
    )
    for name, value in fields.items():
        setattr(block, name, value)
    return block


class WorkbenchLearner:
    """A person using a scenario in the workbench through Django's test client, CSRF enforced."""

    def __init__(self, client, scenario_url, student):
        self.client = client
        self.student = student
        self.page = client.get(f"{scenario_url}?student={student}").content.decode()
        self.usage_id = re.search(r"data-usage='([^']+)'", self.page).group(1)

    def call(self, handler, data=None):
        token = self.client.cookies["csrftoken"].value
        return self.client.post(
            f"/handler/{self.usage_id}/{handler}/?student={self.student}",
            data=data or {},
            content_type="application/json",
            headers={"X-CSRFToken": token},
        )

    def state(self, handler="current_state", data=None):
        response = self.call(handler, data)
        assert response.status_code == 200, response.content
        return response.json()["state"]


@pytest.fixture
def exercise_settings(settings, wiki):
    """The test wiki family is the one "Log in with Wikimedia" identifies, so that path is testable."""
    settings.WIKISKILLS_WIKIMEDIA_LOGIN_FAMILY = wiki.family
    return settings
