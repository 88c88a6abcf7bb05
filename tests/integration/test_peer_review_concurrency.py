"""Reviewers asking at the same instant, as real concurrent HTTP requests to the workbench on MariaDB.

Each request runs in its own server thread with its own database connection, as in the LMS.
All reviewers first see the same neediest submission; the conditional UPDATE must spread them
so that no submission holds more leases than it still needs. Learners who submit but never
review keep needy work available to every reviewer in every round, so any lease past a
submission's need would be a race lost, not an extra review the allocator may hand out.
"""

import os
import re
import threading
from collections import Counter

import pytest
import requests
from workbench.scenarios import init_scenarios

from wikiskills.integrations.wikiskills_peer_review.models import PeerReview, PeerSubmission

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("WIKISKILLS_DB") != "mariadb",
        reason="row locking is tested on MariaDB, as Open edX runs it (tox's -mariadb environments)",
    ),
]

SCENARIO = "/scenario/wikiskills_peer_review.0/"  # each submission needs 2 reviews
REVIEWERS = 8
SILENT_AUTHORS = 8
ROUNDS = 3


class HttpLearner:
    """A learner's browser session: the scenario page for the CSRF cookie, then JSON handler calls."""

    def __init__(self, base_url, student):
        self.base_url, self.student = base_url, student
        self.session = requests.Session()
        page = self.session.get(f"{base_url}{SCENARIO}?student={student}", timeout=30).text
        self.usage_id = re.search(r"data-usage='([^']+)'", page).group(1)

    def call(self, handler, data=None):
        response = self.session.post(
            f"{self.base_url}/handler/{self.usage_id}/{handler}/?student={self.student}",
            json=data or {},
            headers={"X-CSRFToken": self.session.cookies["csrftoken"], "Referer": self.base_url},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()["state"]


def _all_at_once(learners, handler):
    barrier = threading.Barrier(len(learners))
    answers, failures = {}, []

    def ask(learner):
        barrier.wait()
        try:
            answers[learner.student] = learner.call(handler)
        except Exception as failure:
            failures.append((learner.student, failure))

    threads = [threading.Thread(target=ask, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    return answers


def test_simultaneous_requests_never_lease_a_submission_past_its_need(live_server):
    init_scenarios()
    learners = [HttpLearner(live_server.url, f"race_{number}") for number in range(SILENT_AUTHORS + REVIEWERS)]
    for learner in learners:
        assert learner.call("submit_work", {"text": f"Work of {learner.student}."})["status"] == "reviewing"
    reviewers = learners[SILENT_AUTHORS:]

    for round_number in range(ROUNDS):
        answers = _all_at_once(reviewers, "next_review")
        taken = Counter(
            PeerReview.objects.filter(state__in=[PeerReview.LEASED, PeerReview.DONE]).values_list(
                "submission_id", flat=True
            )
        )
        needs = dict(PeerSubmission.objects.values_list("pk", "required_reviews"))
        assert all(answer.get("task") for answer in answers.values())
        assert all(count <= needs[pk] for pk, count in taken.items()), (round_number, taken)
        for learner in reviewers:
            task = answers[learner.student]["task"]["submission"]
            done = learner.call(
                "send_review",
                {"submission_id": task["id"], "options": {"Sources": "Well sourced", "Neutral tone": "Neutral"}},
            )
            assert done["notice"] == "Thank you, your review was sent."

    loads = dict(PeerSubmission.objects.values_list("pk", "load"))
    done = Counter(PeerReview.objects.filter(state=PeerReview.DONE).values_list("submission_id", flat=True))
    assert loads == {pk: done.get(pk, 0) for pk in loads}
    assert sum(done.values()) == REVIEWERS * ROUNDS
