"""The learner view's database work does not grow with the number of learners or attempts."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tests.support.exercise_fixtures import linked_learner, make_exercise_block
from wikiskills.integrations.wikiskills_exercises.models import ExerciseAttempt

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def offline_wiki(settings):
    """The view reads no wiki: any URL will do."""
    settings.WIKISKILLS_WIKIS = {"demo": {"api_url": "http://127.0.0.1:9/api.php", "name": "Offline", "family": "test"}}


def other_learners(count, start):
    users = get_user_model()
    created = users.objects.bulk_create(users(username=f"crowd-{start + n}") for n in range(count))
    ExerciseAttempt.objects.bulk_create(
        ExerciseAttempt(user=user, usage_key="exercise-viewer", wiki="demo", started_at=timezone.now(),
                        status=ExerciseAttempt.NOT_YET)
        for user in get_user_model().objects.filter(pk__in=[u.pk for u in created])
    )  # fmt: skip


def queries_of_a_view(block):
    with CaptureQueriesContext(connection) as queries:
        block.student_view()
    return len(queries)


def test_the_learner_view_costs_the_same_queries_with_10_or_1000_attempts():
    linked_learner("viewer", "Viewer")
    block = make_exercise_block("viewer", wiki="demo")
    block.student_view()  # the first view starts the attempt
    other_learners(10, 0)
    with_ten = queries_of_a_view(block)
    other_learners(990, 10)

    assert queries_of_a_view(block) == with_ten == 3


@pytest.mark.parametrize(
    "required, words",
    [
        (1, "{required} مصدر (مرجع)"),  # one
        (2, "بمصدرين ({required})"),  # two: the dual
        (3, "{required} مصادر (مراجع)"),  # 3 to 10: the plural
        (11, "{required} مصدرًا (مرجعًا)"),  # 11 to 99: the singular, accusative
    ],
)
def test_an_arabic_learner_reads_a_criterion_in_the_form_its_number_takes(required, words):
    """A criterion's two English forms are one plural entry, so Arabic gets each of its six forms."""
    linked_learner("plural-reader", "PluralReader")
    block = make_exercise_block("plural-reader", wiki="demo", criteria=[{"type": "references_added", "min": required}])

    with translation.override("ar"):
        (criterion,) = block.learner_state()["criteria"]

    assert words.format(required=required) in criterion
