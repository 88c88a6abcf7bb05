"""Peer review in a real headless Chromium: submit, review two peers with the keyboard and mouse, see the grade."""

import re

import pytest
from django.test import Client
from workbench.scenarios import init_scenarios

from tests.support.exercise_fixtures import WorkbenchLearner
from wikiskills.integrations.wikiskills_peer_review.models import PeerReview, PeerSubmission

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SCENARIO = "/scenario/wikiskills_peer_review.0/"  # each learner gives two reviews and needs two
ANSWERS = {"Sources": "Well sourced", "Neutral tone": "Mostly neutral"}


def review_through_handlers(learner, scores_for_a, a_work):
    """Two reviews through the JSON handlers; the browser learner's work gets ``scores_for_a``."""
    for _ in range(2):
        work = learner.state("next_review")["task"]["submission"]["id"]
        assert PeerSubmission.objects.get(pk=work).author.username != learner.student
        sources, tone = scores_for_a if work == a_work else ("Partly sourced", "Neutral")
        sent = learner.state(
            "send_review", {"submission_id": work, "options": {"Sources": sources, "Neutral tone": tone}}
        )
        assert sent["notice"] == "Thank you, your review was sent."


def test_a_learner_submits_reviews_two_peers_and_sees_the_median_grade(live_server, browser_page):
    init_scenarios()
    page = browser_page
    page.goto(f"{live_server.url}{SCENARIO}?student=prb_browser_a")
    status = page.get_by_role("status")

    page.get_by_label("Your text").fill("Readers must be able to check <em>every</em> claim.")
    page.get_by_role("button", name="Submit my text").click()
    status.filter(has_text="Review your peers' work: 0 of 2 done.").wait_for()
    a_work = PeerSubmission.objects.get(author__username="prb_browser_a").pk
    b = WorkbenchLearner(Client(), SCENARIO, "prb_browser_b")
    c = WorkbenchLearner(Client(), SCENARIO, "prb_browser_c")
    assert b.state("submit_work", {"text": "B's text"})["status"] == "reviewing"
    assert c.state("submit_work", {"text": "C's text"})["status"] == "reviewing"

    for done in (1, 2):
        page.get_by_role("button", name="Review a peer's work").click()
        page.get_by_role("heading", name="Review this work").wait_for()
        # One criterion with the mouse, the other with the keyboard (Space selects the focused radio).
        sources = page.get_by_role("group", name=re.compile(r"^Sources"))
        sources.get_by_role("radio", name=re.compile(rf"^{ANSWERS['Sources']} ")).click()
        tone = page.get_by_role("group", name=re.compile(r"^Neutral tone"))
        tone.get_by_role("radio", name=re.compile(r"^Promotional ")).focus()
        page.keyboard.press("ArrowDown")  # moves the choice to the next option, "Mostly neutral"
        assert tone.get_by_role("radio", name=re.compile(rf"^{ANSWERS['Neutral tone']} ")).is_checked()
        page.get_by_role("button", name="Send my review").click()
        page.get_by_role("alert").filter(has_text="Thank you, your review was sent.").wait_for()
        page.get_by_text(f"Reviews you gave: {done} of 2.").wait_for()

    given = PeerReview.objects.filter(reviewer__username="prb_browser_a", state=PeerReview.DONE)
    assert sorted(review.submission.author.username for review in given) == ["prb_browser_b", "prb_browser_c"]
    assert all(review.scores[0]["option"] == "Well sourced" for review in given)
    assert all(review.scores[1]["option"] == "Mostly neutral" for review in given)
    review_through_handlers(b, ("Well sourced", "Neutral"), a_work)  # (2, 2)
    review_through_handlers(c, ("Partly sourced", "Promotional"), a_work)  # (1, 0)

    page.reload()
    page.get_by_role("heading", name="Your grade").wait_for()
    medians = page.get_by_role("table", name="Median score of your peers, per criterion")
    rows = [re.sub(r"\s+", " ", text).strip() for text in medians.get_by_role("row").all_inner_texts()]
    # Two reviews: the mean of the middle two, rounded up (2 and 1 -> 2; 2 and 0 -> 1).
    assert rows == ["Criterion Median Out of", "Sources 2 2", "Neutral tone 1 2"]
    assert status.inner_text() == "Your grade: 3 of 4 points."
    assert page.get_by_role("heading", name=re.compile(r"^Review \d$")).count() == 2
