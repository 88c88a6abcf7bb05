"""The peer-review block in the workbench: submit, review peers, median grade, flags, staff, wiki diffs."""

import csv
import io
import json
import math
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from submissions import api as submissions_api
from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import init_scenarios

from tests.support.exercise_fixtures import WorkbenchLearner, linked_learner
from wikiskills.integrations.mediawiki.local_wiki import Edit
from wikiskills.integrations.wikiskills_peer_review import staff
from wikiskills.integrations.wikiskills_peer_review.models import PeerReview, PeerSubmission
from wikiskills.integrations.wikiskills_peer_review.signals import peer_review_done

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SCENARIO = "/scenario/wikiskills_peer_review.0/"  # text; each learner gives 2 reviews and needs 2
WIKI_SCENARIO = "/scenario/wikiskills_peer_review.1/"  # a wiki edit on "demo"; 1 and 1; self-review
UNCONFIGURED_SCENARIO = "/scenario/wikiskills_peer_review.2/"
PASSWORD = "peer review block password 1"
ANA, BEN, ODILE = "Prb Ana", "Prb Ben", "Prb Odile"

# The default rubric: two criteria, 0 to 2 points each (4 points in all).
SOURCES = {0: "Unsourced", 1: "Partly sourced", 2: "Well sourced"}
TONE = {0: "Promotional", 1: "Mostly neutral", 2: "Neutral"}
MAX_POINTS = 4

SUBMITTED = "Your work was submitted."
THANKS = "Thank you, your review was sent."
FLAG_THANKS = "Thank you. Course staff will look at it."
SUBMIT_FIRST = "Submit your own work first; then you can review your peers."
NOT_OFFERED = "That review is not yours to do. Ask for the next one instead."


@pytest.fixture(autouse=True)
def scenarios():
    init_scenarios()


@pytest.fixture(scope="module")
def accounts(local_wiki):
    return local_wiki.create_users([ANA, BEN, ODILE], PASSWORD)


@pytest.fixture
def published(monkeypatch):
    """Every event the blocks publish through the runtime, with the workbench student, in order."""
    events = []
    monkeypatch.setattr(
        WorkbenchRuntime,
        "publish",
        lambda runtime, block, kind, data: events.append((block.scope_ids.user_id, kind, data)),
    )
    return events


def review(submission_id, sources, tone, feedback=""):
    return {
        "submission_id": submission_id,
        "options": {"Sources": SOURCES[sources], "Neutral tone": TONE[tone]},
        "criterion_feedback": {},
        "feedback": feedback,
    }


def ora2_median(values):
    """The median the grade should use, written out independently: even counts round the middle mean up."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return math.ceil((ordered[middle - 1] + ordered[middle]) / 2)


def submitted(person, text):
    state = person.state("submit_work", {"text": text})
    assert state["notice"] == SUBMITTED, state
    return state["submission"]["id"]


# The k-th review any submission receives scores it like this, so two reviews give an even count
# (Sources 2 and 1: the middle mean 1.5 rounds up to 2) and three give an odd one where the
# median is not the mean (Neutral tone 0, 0, 2: median 0, mean 0.67).
SOURCES_BY_TURN = [2, 1, 0]
TONE_BY_TURN = [0, 0, 2]


def test_learners_review_each_other_and_each_gets_the_median_grade_once(published):
    names = ["prb_ama", "prb_bo", "prb_chen", "prb_dara", "prb_eli"]
    people = {name: WorkbenchLearner(Client(), SCENARIO, name) for name in names}
    author_of = {}
    for name, person in people.items():
        author_of[submitted(person, f"Reliable sources let readers check what {name} wrote.")] = name
    scores_received = {name: [] for name in names}
    reviewed = {name: [] for name in names}

    def review_next(reviewer):
        offered = people[reviewer].state("next_review")
        assert offered["notice"] == "" and "task" in offered, offered
        work = offered["task"]["submission"]
        author = author_of[work["id"]]
        assert author != reviewer, "a learner was offered their own work"
        assert work["id"] not in reviewed[reviewer], "a learner was offered the same work twice"
        assert "author" not in work  # reviews are anonymous by default
        turn = len(scores_received[author])
        sent = people[reviewer].state("send_review", review(work["id"], SOURCES_BY_TURN[turn], TONE_BY_TURN[turn]))
        assert sent["notice"] == THANKS and "task" not in sent
        reviewed[reviewer].append(work["id"])
        scores_received[author].append((SOURCES_BY_TURN[turn], TONE_BY_TURN[turn]))
        return author

    for name in names:
        review_next(name)
        review_next(name)
    # The last reviewer found only one submission still in need, so their second review was an
    # extra one; the submission left short gets the optional review of whoever asks next.
    short = [name for name in names if len(scores_received[name]) < 2]
    assert len(short) == 1
    helper = next(
        name for name in names if name != short[0] and all(author_of[work] != short[0] for work in reviewed[name])
    )
    assert review_next(helper) == short[0]

    assert sorted(len(scores) for scores in scores_received.values()) == [2, 2, 2, 2, 3]
    assert all(len(ids) == len(set(ids)) for ids in reviewed.values())
    finals = {name: people[name].state() for name in names}
    for name in names:
        state, scores = finals[name], scores_received[name]
        # Only the first two reviews (the submission's need) make the grade; a third is feedback only.
        sources = ora2_median([sources for sources, _tone in scores[:2]])
        tone = ora2_median([tone for _sources, tone in scores[:2]])
        assert state["status"] == "graded", (name, state)
        assert state["grade"]["source"] == "peers"
        assert state["grade"]["medians"] == [
            {"criterion": "Sources", "median": sources, "max": 2},
            {"criterion": "Neutral tone", "median": tone, "max": 2},
        ]
        assert state["grade"]["points"] == sources + tone
        assert state["message"] == f"Your grade: {sources + tone} of {MAX_POINTS} points."
        assert len(state["grade"]["reviews"]) == len(scores)
        assert [review["counted"] for review in state["grade"]["reviews"]] == [True, True, False][: len(scores)]
        assert all(review["reviewer"] == "" for review in state["grade"]["reviews"])
    # Two reviews (2, 1) and (0, 0): Sources 1.5 rounds up to 2. The third, (0, 2), changes nothing (ADR 0048).
    assert sorted((state["grade"]["points"], len(scores_received[name])) for name, state in finals.items()) == [
        (2, 2),
        (2, 2),
        (2, 2),
        (2, 2),
        (2, 3),
    ]

    for person in people.values():  # looking again publishes nothing new
        person.state()
    grades = [(student, data) for student, kind, data in published if kind == "grade"]
    assert sorted(student for student, _data in grades) == sorted(names)
    assert dict(grades) == {
        name: {"value": finals[name]["grade"]["points"] / MAX_POINTS, "max_value": 1.0} for name in names
    }
    assert sorted(student for student, kind, _data in published if kind == "completion") == sorted(names)
    for name in names:
        submission = PeerSubmission.objects.get(author__username=name)
        score = submissions_api.get_latest_score_for_submission(str(submission.submission_uuid))
        assert (score["points_earned"], score["points_possible"]) == (finals[name]["grade"]["points"], MAX_POINTS)
        student_item = {
            "student_id": name,
            "course_id": "no-course",
            "item_id": people[name].usage_id,
            "item_type": "wikiskills_peer_review",
        }
        assert submissions_api.get_score(student_item)["points_earned"] == finals[name]["grade"]["points"]


def test_the_review_that_completes_a_grade_puts_it_in_edx_submissions_before_the_author_looks(published):
    people = [WorkbenchLearner(Client(), SCENARIO, f"prb_early_{number}") for number in range(3)]
    for person in people:
        submitted(person, f"Work of {person.student}.")
    author, *others = people
    for _turn in range(2):
        task = author.state("next_review")["task"]["submission"]
        author.state("send_review", review(task["id"], 2, 2))
    for person in others:
        for _turn in range(2):
            task = person.state("next_review")["task"]["submission"]
            person.state("send_review", review(task["id"], 1, 2))

    score_before_looking = submissions_api.get_score(_student_item(author.student, author.usage_id))
    told_before_looking = [event for event in published if event[0] == author.student and event[1] == "grade"]
    author.state()
    author.state()

    assert score_before_looking["points_earned"] == 3 and score_before_looking["points_possible"] == MAX_POINTS
    assert told_before_looking == []
    grades = [data for student, kind, data in published if student == author.student and kind == "grade"]
    assert grades == [{"value": 3 / MAX_POINTS, "max_value": 1.0}]


def test_submitted_text_loses_scripts_and_event_handlers():
    author = WorkbenchLearner(Client(), SCENARIO, "prb_html_author")
    reviewer = WorkbenchLearner(Client(), SCENARIO, "prb_html_reviewer")
    text = (
        '<p onclick="steal()">Sources <strong>matter</strong>.</p><script>alert("x")</script>'
        '<a href="https://example.org/" onmouseover="steal()">a source</a><img src=x onerror="steal()">'
    )

    mine = author.state("submit_work", {"text": text})
    submitted(reviewer, "My own work.")
    task = reviewer.state("next_review")["task"]["submission"]
    panel = reviewer.call("current_state").json()["panel_html"]

    stored = PeerSubmission.objects.get(author__username="prb_html_author").text
    for html in (mine["submission"]["text_html"], task["text_html"], stored, panel):
        assert "<strong>matter</strong>" in html and 'href="https://example.org/"' in html
        for unsafe in ("<script", "alert(", "onclick", "onmouseover", "onerror", "<img"):
            assert unsafe not in html


def test_plain_text_becomes_escaped_paragraphs():
    author = WorkbenchLearner(Client(), SCENARIO, "prb_plain")

    state = author.state("submit_work", {"text": "First line\nsecond & last\n\nNew paragraph"})

    assert state["submission"]["text_html"] == "<p>First line<br>second &amp; last</p><p>New paragraph</p>"


def test_an_empty_submission_is_refused_and_nothing_is_stored():
    author = WorkbenchLearner(Client(), SCENARIO, "prb_empty")

    state = author.state("submit_work", {"text": "  <script>only a script</script> "})

    assert state["status"] == "submit"
    assert state["notice"] == "Your submission is empty. Write something first."
    assert not PeerSubmission.objects.filter(author__username="prb_empty").exists()


def test_reviewing_before_submitting_is_refused():
    submitted(WorkbenchLearner(Client(), SCENARIO, "prb_early_author"), "Something to review.")
    eager = WorkbenchLearner(Client(), SCENARIO, "prb_eager")

    state = eager.state("next_review")

    assert state["status"] == "submit" and state["notice"] == SUBMIT_FIRST and "task" not in state
    assert not PeerReview.objects.filter(reviewer__username="prb_eager").exists()


def test_a_review_sent_twice_counts_once():
    author = WorkbenchLearner(Client(), SCENARIO, "prb_twice_author")
    reviewer = WorkbenchLearner(Client(), SCENARIO, "prb_twice_reviewer")
    author_work = submitted(author, "Text to review.")
    submitted(reviewer, "Reviewer's own text.")
    done = []

    def count(sender, review, **kwargs):
        done.append(review.pk)

    peer_review_done.connect(count)
    try:
        assert reviewer.state("next_review")["task"]["submission"]["id"] == author_work
        first = reviewer.state("send_review", review(author_work, 2, 2, "Great"))
        second = reviewer.state("send_review", review(author_work, 0, 0, "Changed my mind"))
    finally:
        peer_review_done.disconnect(count)

    assert first["given"] == 1 and second["given"] == 1
    assert second["notice"] == THANKS
    stored = PeerReview.objects.get(reviewer__username="prb_twice_reviewer")
    assert (stored.state, stored.points, stored.feedback) == (PeerReview.DONE, 4, "Great")
    assert PeerSubmission.objects.get(pk=author_work).load == 1
    assert len(done) == 1
    assert author.state()["received"] == 1


def test_a_review_of_work_not_offered_is_refused():
    author = WorkbenchLearner(Client(), SCENARIO, "prb_unoffered_author")
    sneaky = WorkbenchLearner(Client(), SCENARIO, "prb_sneaky")
    author_work = submitted(author, "Text to review.")
    submitted(sneaky, "Sneaky's text.")

    state = sneaky.state("send_review", review(author_work, 0, 0))

    assert state["notice"] == "That review is not yours to do. Ask for the next one instead."
    assert not PeerReview.objects.filter(reviewer__username="prb_sneaky").exists()


def test_a_review_missing_a_criterion_is_refused_and_the_lease_kept():
    submitted(WorkbenchLearner(Client(), SCENARIO, "prb_partial_author"), "Text.")
    reviewer = WorkbenchLearner(Client(), SCENARIO, "prb_partial")
    submitted(reviewer, "Mine.")
    work = reviewer.state("next_review")["task"]["submission"]["id"]

    state = reviewer.state("send_review", {"submission_id": work, "options": {"Sources": "Well sourced"}})

    assert state["notice"] == 'Choose an option for "Neutral tone".'
    assert state["task"]["submission"]["id"] == work and state["given"] == 0


def test_megabyte_feedback_or_report_reasons_are_refused_and_nothing_is_stored():
    """The author would get a 2 MB review on every view; staff a 2 MB reason: both are capped like submissions."""
    submitted(WorkbenchLearner(Client(), SCENARIO, "prb_big_author"), "Text.")
    reviewer = WorkbenchLearner(Client(), SCENARIO, "prb_big")
    submitted(reviewer, "Mine.")
    work = reviewer.state("next_review")["task"]["submission"]["id"]

    too_long = reviewer.state("send_review", review(work, 2, 2, "x" * 2_000_000))
    long_criterion = reviewer.state(
        "send_review", {**review(work, 2, 2), "criterion_feedback": {"Sources": "y" * 5001}}
    )
    long_reason = reviewer.state("flag_work", {"reason": "z" * 2_000_000})

    assert too_long["notice"] == long_criterion["notice"] == "Your feedback is too long: at most 5000 characters."
    assert long_reason["notice"] == "Say briefly (at most 1000 characters) why you are reporting it."
    assert too_long["task"]["submission"]["id"] == work and long_reason["given"] == 0
    assert not PeerReview.objects.filter(submission_id=work, state=PeerReview.DONE).exists()
    assert PeerSubmission.objects.get(pk=work).status == PeerSubmission.ACTIVE


def test_a_body_that_is_not_what_the_handler_reads_is_a_400_with_words():
    learner = WorkbenchLearner(Client(), SCENARIO, "prb_garbage")
    submitted(learner, "Mine.")
    bad_number = {**review(0, 2, 2), "submission_id": "abc"}
    cases = [(handler, body) for handler in ("send_review", "flag_review", "submit_work", "next_review")
             for body in ("[]", '"text"', "42", "null")]  # fmt: skip
    cases += [("send_review", json.dumps(bad_number)), ("flag_review", '{"review_id": [1], "reason": "Rude"}')]
    for handler, body in cases:
        response = learner.client.post(
            f"/handler/{learner.usage_id}/{handler}/?student=prb_garbage",
            data=body,
            content_type="application/json",
            HTTP_X_CSRFTOKEN=learner.client.cookies["csrftoken"].value,
        )
        assert response.status_code == 400, (handler, body, response.content)
        assert response.json() == {"error": "That request was not understood. Reload the page and try again."}


# -- wiki edits -----------------------------------------------------------------------------------


def test_a_verified_wiki_edit_is_submitted_and_reviewed_as_its_sanitized_diff(wiki, local_wiki, accounts):
    linked_learner("prb_ana", ANA, family=wiki.family)
    linked_learner("prb_ben", BEN, family=wiki.family)
    linked_learner("prb_odile", ODILE, family=wiki.family)
    ana_revid, _odile_revid, ben_revid = local_wiki.make_edits(
        [
            Edit(ANA, f"User:{ANA}/sandbox", "Otters hold hands.<ref>Sea Life, 2020</ref> <script>alert(1)</script>"),
            Edit(ODILE, f"User:{ODILE}/sandbox", "Odile's own sentence."),
            Edit(BEN, f"User:{BEN}/sandbox", "Ben's sourced sentence.<ref>A book</ref>", "added a source"),
        ]
    )
    ana = WorkbenchLearner(Client(), WIKI_SCENARIO, "prb_ana")
    ben = WorkbenchLearner(Client(), WIKI_SCENARIO, "prb_ben")
    assert "Link to your edit on Local test wiki, or its revision number" in ana.page

    stolen = ben.state("submit_work", {"revision_link": f"{local_wiki.index_url}?diff={ana_revid}"})
    assert stolen["status"] == "submit"
    assert stolen["notice"] == (
        f"Revision {ana_revid} was not made by your account {BEN}. Submit an edit you made yourself."
    )
    assert not PeerSubmission.objects.filter(author__username="prb_ben").exists()
    assert submissions_api.get_submissions(_student_item("prb_ben", ben.usage_id)) == []

    text_refused = ana.state("submit_work", {"text": "Not a wiki edit."})
    assert text_refused["notice"] == "This assignment does not accept that kind of work."

    own = ana.state("submit_work", {"revision_link": f"{local_wiki.index_url}?diff={ana_revid}"})
    assert own["notice"] == SUBMITTED and own["status"] == "reviewing"
    assert own["submission"]["kind"] == "wiki" and own["submission"]["page_title"] == f"User:{ANA}/sandbox"
    assert own["submission"]["revision_url"] == wiki.revision_url(ana_revid)
    assert own["self_review_open"] is True
    ben_state = ben.state("submit_work", {"revision_link": f"{local_wiki.index_url}?oldid={ben_revid}"})
    assert ben_state["notice"] == SUBMITTED
    assert PeerSubmission.objects.get(author__username="prb_ben").revid == ben_revid

    offered = ben.state("next_review")
    diff = offered["task"]["submission"]["diff_html"]
    assert offered["task"]["submission"]["kind"] == "wiki"
    assert "Otters hold hands." in diff and "diff-addedline" in diff
    assert "<script" not in diff.lower() and "&lt;script&gt;" in diff  # shown as the wikitext it is, never run
    panel = ben.call("current_state").json()["panel_html"]
    assert "Otters hold hands." in panel
    # Before and after are headed, and each changed line says in words whether it was added (not colour alone).
    assert '<th scope="col" colspan="2">Before the edit</th><th scope="col" colspan="2">After the edit</th>' in panel
    assert '<span aria-hidden="true">+</span><span class="wikiskills-sr-only">Added line:</span>' in panel

    # The self-review is shown to its author but the grade is the peer's.
    ana.state("send_self_review", review(None, 2, 2))
    ana_task = ana.state("next_review")["task"]["submission"]
    assert PeerSubmission.objects.get(pk=ana_task["id"]).author.username == "prb_ben"
    ana.state("send_review", review(ana_task["id"], 1, 1))
    ben.state("send_review", review(offered["task"]["submission"]["id"], 1, 0))
    graded = ana.state()
    assert graded["status"] == "graded" and graded["grade"]["points"] == 1
    assert graded["self_review"]["points"] == 4 and graded["self_review_open"] is False


def test_anonymous_reviewers_of_a_wiki_edit_see_no_user_page_or_name_of_its_author(wiki, local_wiki, accounts):
    linked_learner("prb_anon_ana", ANA, family=wiki.family)
    linked_learner("prb_anon_odile", ODILE, family=wiki.family)
    ana_revid, odile_revid = local_wiki.make_edits(
        [
            Edit(ANA, f"User:{ANA}/sandbox", f"Otters hold hands.<ref>Sea Life</ref> Signed [[User:{ANA}|{ANA}]]."),
            Edit(ODILE, f"User:{ODILE}/sandbox", "Odile's sentence for an anonymous review."),
        ]
    )
    ana = WorkbenchLearner(Client(), WIKI_SCENARIO, "prb_anon_ana")
    odile = WorkbenchLearner(Client(), WIKI_SCENARIO, "prb_anon_odile")
    ana.state("submit_work", {"revision_link": str(ana_revid)})
    odile.state("submit_work", {"revision_link": str(odile_revid)})

    task = odile.state("next_review")["task"]["submission"]
    panel = odile.call("current_state").json()["panel_html"]

    assert task["page_title"] == "the author's page" and not task.get("revision_url")
    assert "Otters hold hands." in task["diff_html"]
    assert "User:" not in json.dumps(task)  # the panel also shows Odile's own work, on her own user page
    for shown in (json.dumps(task), panel):
        assert ANA not in shown and ANA.replace(" ", "_") not in shown
    assert "An edit to the author&#x27;s page" in panel or "An edit to the author's page" in panel
    # The author and staff still see the page and the link.
    assert ana.state()["submission"]["page_title"] == f"User:{ANA}/sandbox"
    get_user_model().objects.create(username="prb_anon_staff", is_staff=True)
    assert f"User:{ANA}/sandbox" in WorkbenchLearner(Client(), WIKI_SCENARIO, "prb_anon_staff").page


def _student_item(student, usage_id):
    return {"student_id": student, "course_id": "no-course", "item_id": usage_id, "item_type": "wikiskills_peer_review"}


def test_a_wiki_edit_sent_again_within_the_window_asks_the_wiki_nothing_and_says_when(
    wiki, local_wiki, accounts, settings
):
    settings.WIKISKILLS_LEARNER_WIKI_REQUEST_SECONDS = 20
    cache.clear()
    linked_learner("prb_quick", BEN, family=wiki.family)
    (revid,) = local_wiki.make_edits([Edit(ODILE, f"User:{ODILE}/sandbox", "Not Ben's edit.")])
    learner = WorkbenchLearner(Client(), WIKI_SCENARIO, "prb_quick")

    first = learner.state("submit_work", {"revision_link": str(revid)})
    again = learner.state("submit_work", {"revision_link": str(revid)})

    assert first["notice"].startswith(f"Revision {revid} was not made by your account")  # the wiki was asked
    assert again["notice"].startswith("You asked a moment ago. You can ask again after ")
    assert again["status"] == "submit"


def test_a_learner_without_a_linked_account_is_refused(wiki, local_wiki, accounts):
    (revid,) = local_wiki.make_edits([Edit(ODILE, f"User:{ODILE}/sandbox", "Unlinked edit.")])
    learner = WorkbenchLearner(Client(), WIKI_SCENARIO, "prb_unlinked")

    state = learner.state("submit_work", {"revision_link": f"{local_wiki.index_url}?diff={revid}"})

    assert state["status"] == "link_account"
    assert state["notice"] == "Link your Local test wiki account first (the step above), so we know your edits."
    assert not PeerSubmission.objects.filter(author__username="prb_unlinked").exists()


def test_a_learner_without_a_linked_account_links_it_in_the_block_before_the_submit_form(wiki, local_wiki, accounts):
    learner = WorkbenchLearner(Client(), WIKI_SCENARIO, "prb_linking")
    assert "Step 1: link your Local test wiki account" in learner.page
    assert "Your username on Local test wiki" in learner.page
    assert "Link to your edit on Local test wiki" not in learner.page  # the submit form comes after linking
    assert learner.state()["message"] == "Link your Local test wiki account first: then submit the link to your edit."

    unknown = learner.state("start_verification", {"username": "Prb Nobody At All"})
    given = learner.state("start_verification", {"username": ODILE})
    challenge = given["challenge"]
    early = learner.state("complete_verification")
    local_wiki.make_edits([Edit(ODILE, f"User:{ODILE}/sandbox", f"My code: {challenge['code']}")])
    linked = learner.state("complete_verification")
    panel = learner.call("current_state").json()["panel_html"]
    (revid,) = local_wiki.make_edits([Edit(ODILE, f"User:{ODILE}/sandbox", "Sourced.<ref>A book</ref>")])
    submitted_edit = learner.state("submit_work", {"revision_link": str(revid)})

    assert unknown["notice"] == (
        "Local test wiki has no account named Prb Nobody At All. Check the spelling, including capital letters."
    )
    assert given["notice"] == (
        f"Your code is ready. Save it on User:{ODILE}/sandbox while logged in as {ODILE}, "
        'then select "I saved the code".'
    )
    assert challenge["page_title"] == f"User:{ODILE}/sandbox" and challenge["code"].startswith("wikiskills-")
    assert early["notice"].startswith(f"We found no edit by {ODILE} to User:{ODILE}/sandbox that adds your code yet.")
    assert linked["notice"] == f"Your account {ODILE} on Local test wiki is linked. Now submit the link to your edit."
    assert linked["status"] == "submit" and linked["wiki_account"] == ODILE
    assert "Link to your edit on Local test wiki" in panel and "Your username on" not in panel
    assert submitted_edit["notice"] == SUBMITTED and submitted_edit["submission"]["kind"] == "wiki"


@pytest.mark.parametrize("link", ["my edit from yesterday", "https://example.org/wiki/Otter", "diff=abc"])
def test_a_garbage_link_is_refused(wiki, local_wiki, accounts, link):
    linked_learner("prb_garbage", ODILE, family=wiki.family)
    learner = WorkbenchLearner(Client(), WIKI_SCENARIO, "prb_garbage")

    state = learner.state("submit_work", {"revision_link": link})

    assert state["notice"] == (
        "Paste a link to your edit (a diff or permanent link from the page history) or its revision number."
    )
    assert not PeerSubmission.objects.filter(author__username="prb_garbage").exists()


def test_a_revision_the_wiki_does_not_have_is_refused(wiki, local_wiki, accounts):
    linked_learner("prb_future", ODILE, family=wiki.family)
    learner = WorkbenchLearner(Client(), WIKI_SCENARIO, "prb_future")

    state = learner.state("submit_work", {"revision_link": "987654321"})

    assert state["notice"] == "The wiki has no revision 987654321. Check the link."


# -- flags -------------------------------------------------------------------------------------------


def test_one_report_keeps_work_in_review_and_a_second_reviewers_report_sends_it_to_staff():
    names = ("prb_fa", "prb_fb", "prb_fc", "prb_fd")
    people = {name: WorkbenchLearner(Client(), SCENARIO, name) for name in names}
    works = {name: submitted(person, f"Work of {name}.") for name, person in people.items()}
    flagger = people["prb_fb"]
    assert flagger.state("next_review")["task"]["submission"]["id"] == works["prb_fa"]

    no_reason = flagger.state("flag_work", {"reason": "  "})
    flagged = flagger.state("flag_work", {"reason": "Copied from a website"})
    next_offer = flagger.state("next_review")

    assert (
        no_reason["notice"] == "Say briefly (at most 1000 characters) why you are reporting it." and "task" in no_reason
    )
    assert flagged["notice"] == FLAG_THANKS and "task" not in flagged
    assert next_offer["task"]["submission"]["id"] == works["prb_fc"]
    submission = PeerSubmission.objects.get(pk=works["prb_fa"])
    assert submission.status == PeerSubmission.ACTIVE and submission.load == 0
    assert [(report.reporter.username, report.reason) for report in submission.reports.all()] == [
        ("prb_fb", "Copied from a website")
    ]
    assert people["prb_fa"].state()["status"] == "reviewing"  # one report takes nothing out of review

    # Another reviewer is offered it and reports it too: now it waits for staff.
    assert people["prb_fc"].state("next_review")["task"]["submission"]["id"] == works["prb_fa"]
    assert people["prb_fc"].state("flag_work", {"reason": "Same as my textbook"})["notice"] == FLAG_THANKS
    author_view = people["prb_fa"].state()
    assert author_view["status"] == "flagged"
    assert author_view["message"] == "Your submission was reported and is waiting for course staff to look at it."
    assert PeerSubmission.objects.get(pk=works["prb_fa"]).status == PeerSubmission.FLAGGED
    # Nobody else is offered flagged work.
    assert people["prb_fd"].state("next_review")["task"]["submission"]["id"] != works["prb_fa"]


def test_a_reviewer_reporting_everything_takes_nothing_out_and_is_stopped_after_three():
    authors = [WorkbenchLearner(Client(), SCENARIO, f"prb_la{number}") for number in range(5)]
    works = [submitted(author, f"Work of {author.student}.") for author in authors]
    looper = WorkbenchLearner(Client(), SCENARIO, "prb_loop")
    submitted(looper, "Mine.")

    notices, reported = [], []
    for _ in range(4):
        reported.append(looper.state("next_review")["task"]["submission"]["id"])
        notices.append(looper.state("flag_work", {"reason": "Spam"})["notice"])

    assert notices[:3] == [FLAG_THANKS] * 3 and len(set(reported)) == 4
    assert notices[3] == (
        "You already have 3 reports waiting for course staff in this assignment. "
        "Review this work, or wait until staff have looked at your reports."
    )
    assert looper.state()["task"]["submission"]["id"] == reported[3]  # refused: the lease is kept
    assert set(PeerSubmission.objects.filter(pk__in=works).values_list("status", flat=True)) == {"active"}


def test_an_authors_report_of_a_review_keeps_it_in_the_grade_until_staff_decide():
    names = ["prb_ra", "prb_rb", "prb_rc", "prb_rd"]
    gives = {"prb_ra": (1, 1), "prb_rb": (2, 2), "prb_rc": (1, 0), "prb_rd": (0, 0)}
    people = {name: WorkbenchLearner(Client(), SCENARIO, name) for name in names}
    for name, person in people.items():
        submitted(person, f"Work of {name}.")
    for name in names:
        for _ in range(2):
            work = people[name].state("next_review")["task"]["submission"]["id"]
            people[name].state("send_review", review(work, *gives[name], f"Feedback from {name}"))
    author = people["prb_ra"]
    submission = PeerSubmission.objects.get(author__username="prb_ra")
    before = author.state()
    # With four learners the last reviewer's second review is an extra one, of the oldest work: feedback only.
    shown = before["grade"]["reviews"]
    counted = [item for item in shown if item["counted"]]
    assert before["status"] == "graded" and len(shown) == 3 and len(counted) == 2 and before["received"] == 2
    assert before["grade"]["points"] == _medians_total(counted)
    lowest = min(counted, key=lambda item: item["points"])
    other = next(item for item in counted if item["id"] != lowest["id"])
    extra = next(item for item in shown if not item["counted"])
    flagged_reviewer = PeerReview.objects.get(pk=lowest["id"]).reviewer.username

    no_reason = author.state("flag_review", {"review_id": lowest["id"], "reason": ""})
    not_theirs = author.state("flag_review", {"review_id": 999999, "reason": "Rude"})
    after = author.state("flag_review", {"review_id": lowest["id"], "reason": "Rude and unhelpful"})
    again = author.state("flag_review", {"review_id": lowest["id"], "reason": "Rude and unhelpful"})

    assert no_reason["notice"] == "Say briefly (at most 1000 characters) why you are reporting it."
    assert not_theirs["notice"] == NOT_OFFERED
    sent = "Thank you. Your report was sent to course staff. The review counts in your grade until they decide."
    assert after["notice"] == again["notice"] == sent
    assert after["status"] == "graded" and after["received"] == 2
    assert after["grade"]["points"] == before["grade"]["points"]  # nothing moves before staff decide
    assert [(item["id"], item["reported"]) for item in after["grade"]["reviews"] if item["counted"]] == [
        (item["id"], item["id"] == lowest["id"]) for item in counted
    ]
    panel = author.call("current_state").json()["panel_html"]
    assert f"Feedback from {flagged_reviewer}" in panel and "You reported this review" in panel
    stored = PeerReview.objects.get(pk=lowest["id"])
    assert (stored.state, stored.flag_reason) == (PeerReview.DONE, "Rude and unhelpful")
    assert PeerSubmission.objects.get(pk=submission.pk).load == submission.load
    assert people[flagged_reviewer].state()["given"] == 2  # the reviewer keeps the credit

    # Reporting the other one too still changes no grade.
    second = author.state("flag_review", {"review_id": other["id"], "reason": "Also unhelpful"})
    assert second["status"] == "graded" and second["grade"]["points"] == before["grade"]["points"]

    # Staff see both reports; they keep the first (twice: nothing more happens) and remove the second.
    get_user_model().objects.create(username="prb_flag_staff", is_staff=True)
    instructor = WorkbenchLearner(Client(), SCENARIO, "prb_flag_staff")
    needing = instructor.call("staff_table", {"show": "staff"}).json()["staff_html"]
    assert "prb_ra" in _table_learners(needing) and "reported: Rude and unhelpful" in needing
    for _ in range(2):
        instructor.call("staff_moderate", {"action": "restore_review", "review_id": lowest["id"]})
    instructor.call("staff_moderate", {"action": "remove_review", "review_id": other["id"]})
    moderated = author.state()
    assert moderated["status"] == "graded" and moderated["received"] == 2
    # The removed review leaves; the extra one, next in completion order, takes its place in the grade.
    assert {item["id"] for item in moderated["grade"]["reviews"]} == {lowest["id"], extra["id"]}
    assert all(item["counted"] and not item["reported"] for item in moderated["grade"]["reviews"])
    assert moderated["grade"]["points"] == _medians_total(moderated["grade"]["reviews"])
    assert PeerSubmission.objects.get(pk=submission.pk).load == 2
    assert PeerReview.objects.get(pk=other["id"]).state == PeerReview.REMOVED


def _medians_total(shown_reviews):
    """The grade the shown reviews should make, from their per-criterion points."""
    by_criterion = {}
    for shown in shown_reviews:
        for score in shown["scores"]:
            by_criterion.setdefault(score["criterion"], []).append(score["points"])
    return sum(ora2_median(points) for points in by_criterion.values())


# -- staff -------------------------------------------------------------------------------------------


def test_learners_cannot_use_the_staff_handlers():
    learner = WorkbenchLearner(Client(), SCENARIO, "prb_not_staff")
    work = submitted(learner, "My text.")

    responses = [
        learner.call("staff_override", {"submission_id": work, "points": 4, "reason": "I deserve it"}),
        learner.call("staff_assign", {"submission_id": work, "username": "prb_not_staff"}),
        learner.call("staff_moderate", {"submission_id": work, "action": "remove_submission"}),
        learner.call("staff_review", review(work, 2, 2)),
        learner.client.get(f"/handler/{learner.usage_id}/export_csv/?student=prb_not_staff"),
    ]

    assert [response.status_code for response in responses] == [403] * 5
    submission = PeerSubmission.objects.get(pk=work)
    assert submission.override_points is None and submission.status == PeerSubmission.ACTIVE
    assert "Submissions and reviews (staff only)" not in learner.page
    assert not PeerReview.objects.filter(submission=submission).exists()


def test_staff_assign_review_override_and_export_every_learner():
    people = {name: WorkbenchLearner(Client(), SCENARIO, name) for name in ("prb_sa", "prb_sb", "prb_sc", "prb_sd")}
    works = {name: submitted(person, f"Work of {name}.") for name, person in people.items()}
    get_user_model().objects.create(username="prb_ivan", is_staff=True)
    instructor = WorkbenchLearner(Client(), SCENARIO, "prb_ivan")
    assert "Submissions and reviews (staff only)" in instructor.page and "prb_sd" in instructor.page

    # Assign: prb_sb reviews prb_sa's work next; unknown learners and the author are refused.
    assigned = instructor.call("staff_assign", {"submission_id": works["prb_sa"], "username": "prb_sb"})
    unknown = instructor.call("staff_assign", {"submission_id": works["prb_sa"], "username": "prb_nobody"})
    own = instructor.call("staff_assign", {"submission_id": works["prb_sa"], "username": "prb_sa"})
    assert assigned.status_code == 200
    assert unknown.json()["staff_notice"] == "No learner named prb_nobody has submitted here."
    assert "That review is not yours to do." in own.json()["staff_notice"] and own.json()["refused"]
    task = people["prb_sb"].state()["task"]["submission"]
    assert task["id"] == works["prb_sa"]
    assert people["prb_sb"].state("send_review", review(task["id"], 1, 1))["given"] == 1

    # A staff review becomes the grade, before any peer review or any review given.
    staff_reviewed = instructor.call("staff_review", {**review(works["prb_sc"], 2, 1), "feedback": "Clear."})
    assert staff_reviewed.status_code == 200
    graded_by_staff = people["prb_sc"].state()
    assert graded_by_staff["status"] == "graded" and graded_by_staff["given"] == 0
    assert graded_by_staff["grade"]["source"] == "staff" and graded_by_staff["grade"]["points"] == 3
    assert graded_by_staff["grade"]["staff_review"]["feedback"] == "Clear."
    assert graded_by_staff["message"] == "Your grade: 3 of 4 points."

    # An override needs a reason and points in range, and wins over everything.
    no_reason = instructor.call("staff_override", {"submission_id": works["prb_sa"], "points": 2, "reason": " "})
    too_many = instructor.call("staff_override", {"submission_id": works["prb_sa"], "points": 5, "reason": "Oral"})
    overridden = instructor.call(
        "staff_override", {"submission_id": works["prb_sa"], "points": 2, "reason": "Presented it orally"}
    )
    message = "Give whole points from 0 to 4 and a reason for the override."
    assert no_reason.json()["staff_notice"] == message and too_many.json()["staff_notice"] == message
    assert overridden.status_code == 200
    overridden_view = people["prb_sa"].state()
    assert overridden_view["grade"]["source"] == "override" and overridden_view["grade"]["points"] == 2
    score = submissions_api.get_latest_score_for_submission(
        str(PeerSubmission.objects.get(pk=works["prb_sa"]).submission_uuid)
    )
    assert score["points_earned"] == 2

    csv_response = instructor.client.get(f"/handler/{instructor.usage_id}/export_csv/?student=prb_ivan")
    assert csv_response.status_code == 200 and csv_response["Content-Type"].startswith("text/csv")
    rows = {row["learner"]: row for row in csv.DictReader(io.StringIO(csv_response.content.decode()))}
    assert sorted(rows) == ["prb_sa", "prb_sb", "prb_sc", "prb_sd"]
    assert {name: row["waiting_on"] for name, row in rows.items()} == {
        "prb_sa": "graded",
        "prb_sb": "reviews",
        "prb_sc": "graded",
        "prb_sd": "reviews",
    }
    assert (rows["prb_sa"]["points"], rows["prb_sa"]["grade_source"]) == ("2.0", "override")
    assert rows["prb_sa"]["override_reason"] == "Presented it orally"
    assert (rows["prb_sc"]["points"], rows["prb_sc"]["grade_source"]) == ("3.0", "staff")
    assert (rows["prb_sa"]["reviews_received"], rows["prb_sb"]["reviews_given"]) == ("1", "1")


def _table_learners(staff_html):
    return re.findall(r'<th scope="row">([^<]+)</th>', staff_html)


def test_staff_page_through_the_table_or_see_only_what_needs_them(monkeypatch):
    monkeypatch.setattr(staff, "PAGE_SIZE", 2)
    names = ("prb_pa", "prb_pb", "prb_pc")
    people = {name: WorkbenchLearner(Client(), SCENARIO, name) for name in names}
    works = {name: submitted(person, f"Work of {name}.") for name, person in people.items()}
    assert people["prb_pb"].state("next_review")["task"]["submission"]["id"] == works["prb_pa"]
    people["prb_pb"].state("flag_work", {"reason": "Copied from a website"})
    get_user_model().objects.create(username="prb_paula", is_staff=True)
    instructor = WorkbenchLearner(Client(), SCENARIO, "prb_paula")

    first = instructor.call("staff_table", {"show": "all", "page": 0}).json()["staff_html"]
    second = instructor.call("staff_table", {"show": "all", "page": 1}).json()["staff_html"]
    needing = instructor.call("staff_table", {"show": "staff", "page": 0}).json()["staff_html"]
    nonsense = instructor.call("staff_table", {"show": "everything", "page": "x"}).json()["staff_html"]

    assert _table_learners(first) == ["prb_pa", "prb_pb"] and "Next page" in first and "Previous page" not in first
    assert _table_learners(second) == ["prb_pc"] and "Previous page" in second and "Next page" not in second
    assert "Showing 3–3, oldest first." in second
    assert _table_learners(needing) == ["prb_pa"] and "Reported: Copied from a website" in needing
    assert _table_learners(nonsense) == _table_learners(first)
    # An action answers with the table where staff were: putting the work back empties "needs staff".
    kept = instructor.call(
        "staff_moderate",
        {"action": "restore_submission", "submission_id": works["prb_pa"], "show": "staff", "page": 0},
    ).json()["staff_html"]
    assert _table_learners(kept) == [] and "Nothing waits for staff." in kept
    assert 'data-show="staff"' in kept
    assert people["prb_pa"].call("staff_table", {"show": "all"}).status_code == 403


def test_a_staff_override_must_be_whole_points_as_edx_submissions_keeps_them():
    learner = WorkbenchLearner(Client(), SCENARIO, "prb_half")
    work = submitted(learner, "My text.")
    get_user_model().objects.create(username="prb_half_staff", is_staff=True)
    instructor = WorkbenchLearner(Client(), SCENARIO, "prb_half_staff")

    refused = instructor.call("staff_override", {"submission_id": work, "points": 2.5, "reason": "Partly done"})
    before = learner.state()
    instructor.call("staff_override", {"submission_id": work, "points": 3, "reason": "Partly done"})
    after = learner.state()

    assert refused.json()["staff_notice"] == "Give whole points from 0 to 4 and a reason for the override."
    assert before["status"] == "reviewing" and "grade" not in before
    assert after["grade"]["points"] == 3 and after["message"] == "Your grade: 3 of 4 points."


def test_staff_remove_flagged_work_and_put_it_back():
    author = WorkbenchLearner(Client(), SCENARIO, "prb_ma")
    reviewer = WorkbenchLearner(Client(), SCENARIO, "prb_mb")
    work = submitted(author, "Work.")
    submitted(reviewer, "Other work.")
    reviewer.state("next_review")
    reviewer.state("flag_work", {"reason": "Spam"})
    get_user_model().objects.create(username="prb_mod", is_staff=True)
    instructor = WorkbenchLearner(Client(), SCENARIO, "prb_mod")
    assert "Reported: Spam" in instructor.page

    instructor.call("staff_moderate", {"submission_id": work, "action": "remove_submission"})
    removed = author.state()
    instructor.call("staff_moderate", {"submission_id": work, "action": "restore_submission"})
    restored = author.state()

    assert removed["status"] == "removed"
    assert removed["message"] == "Course staff removed your submission. Contact them if you have questions."
    assert restored["status"] == "reviewing"
    assert reviewer.state("next_review")["task"]["submission"]["id"] == work


# -- requests and set-up -------------------------------------------------------------------------------


def test_handlers_refuse_posts_without_a_csrf_token():
    learner = WorkbenchLearner(Client(enforce_csrf_checks=True), SCENARIO, "prb_csrf")

    refused = learner.client.post(
        f"/handler/{learner.usage_id}/submit_work/?student=prb_csrf",
        data='{"text": "No token"}',
        content_type="application/json",
    )

    assert refused.status_code == 403
    assert not PeerSubmission.objects.filter(author__username="prb_csrf").exists()
    assert learner.call("submit_work", {"text": "With the token"}).status_code == 200


def test_a_block_not_set_up_says_so():
    learner = WorkbenchLearner(Client(), UNCONFIGURED_SCENARIO, "prb_early_bird")

    state = learner.state("submit_work", {"text": "Anything"})

    assert "This peer review has not been set up yet." in learner.page
    assert state["status"] == "not_configured"
    assert not PeerSubmission.objects.filter(author__username="prb_early_bird").exists()


TEAM_SCENARIO = "/scenario/wikiskills_peer_review.3/"  # review within teams of the "wikiprojects" teamset


def test_learners_review_within_their_team_from_the_teams_service(settings):
    # Open edX's teams service needs edx-platform; the demo's stand-in answers get_team from a setting.
    settings.WIKISKILLS_DEMO_TEAMS = {"wikiprojects": {"medicine": ["tm_ana", "tm_ben"], "art": ["tm_dara"]}}
    learners = {name: WorkbenchLearner(Client(), TEAM_SCENARIO, name) for name in ("tm_ana", "tm_ben", "tm_dara")}
    learners["tm_zoe"] = WorkbenchLearner(Client(), TEAM_SCENARIO, "tm_zoe")  # in no team
    for name, learner in learners.items():
        assert learner.state("submit_work", {"text": f"{name}'s plan."})["notice"] == SUBMITTED

    pools = dict(PeerSubmission.objects.values_list("author__username", "pool"))
    assert pools == {"tm_ana": "team:medicine", "tm_ben": "team:medicine", "tm_dara": "team:art", "tm_zoe": ""}
    task = learners["tm_ana"].state("next_review")["task"]
    assert PeerSubmission.objects.get(pk=task["submission"]["id"]).author.username == "tm_ben"
    assert learners["tm_dara"].state("next_review")["notice"] == (
        "There is no work for you to review right now. Come back later; we keep your place."
    )


def test_work_its_group_does_not_review_in_time_is_graded_on_the_reviews_it_has():
    people = {name: WorkbenchLearner(Client(), SCENARIO, name) for name in ("prb_ta", "prb_tb", "prb_tc")}
    works = {name: submitted(person, f"Work of {name}.") for name, person in people.items()}
    for _ in range(2):
        offered = people["prb_ta"].state("next_review")["task"]["submission"]["id"]
        people["prb_ta"].state("send_review", review(offered, 1, 1))
    assert people["prb_tb"].state("next_review")["task"]["submission"]["id"] == works["prb_ta"]
    people["prb_tb"].state("send_review", review(works["prb_ta"], 2, 1, "Good sources"))
    mine = PeerSubmission.objects.get(pk=works["prb_ta"])

    waiting = people["prb_ta"].state()
    assert waiting["message"] == "You have 1 of the 2 reviews your work needs so far."
    PeerSubmission.objects.filter(pk=mine.pk).update(
        grace_ends_at=mine.grace_ends_at - timedelta(days=30), stall_check_at=mine.stall_check_at - timedelta(days=30)
    )
    graded = people["prb_ta"].state()

    assert waiting["status"] == "waiting" and waiting["received"] == 1
    assert waiting["never_stuck"] == (
        f"If your work still has fewer than 2 reviews on {mine.stall_check_at:%Y-%m-%d %H:%M} UTC, your grade will "
        "use the reviews it has by then (or course staff will review it if it has none)."
    )
    assert graded["status"] == "graded" and graded["grade"]["points"] == 3
    assert graded["never_stuck"] == "Too few reviews of your work came in time, so your grade uses the 1 review it has."
    assert "Too few reviews of your work came in time" in people["prb_ta"].call("current_state").json()["panel_html"]


def test_the_small_group_warning_waits_until_the_learner_has_waited_half_the_grace_period():
    first = WorkbenchLearner(Client(), SCENARIO, "prb_early")  # grace_days=2: half is a day
    just_submitted = first.state("submit_work", {"text": "First in the group."})
    mine = PeerSubmission.objects.get(author__username="prb_early")
    PeerSubmission.objects.filter(pk=mine.pk).update(
        submitted_at=mine.submitted_at - timedelta(days=1, minutes=1),
        grace_ends_at=mine.grace_ends_at - timedelta(days=1, minutes=1),
    )
    mine.refresh_from_db()
    a_day_later = first.state()

    assert just_submitted["never_stuck"] == ""
    assert a_day_later["never_stuck"] == (
        f"Your group is small. If fewer than 2 others have submitted by {mine.grace_ends_at:%Y-%m-%d %H:%M} UTC, "
        "your grade will use the reviews you have by then, and you review only what there is."
    )


def test_staff_are_told_what_each_action_did_and_see_words_reasons_and_times_but_not_staff_as_learners():
    people = {name: WorkbenchLearner(Client(), SCENARIO, name) for name in ("prb_ca", "prb_cb", "prb_cc")}
    works = {name: submitted(person, f"Work of {name}.") for name, person in people.items()}
    get_user_model().objects.create(username="prb_cstaff", is_staff=True)
    instructor = WorkbenchLearner(Client(), SCENARIO, "prb_cstaff")
    submitted(instructor, "Staff trying the assignment.")
    offered = people["prb_cb"].state("next_review")["task"]["submission"]["id"]
    people["prb_cb"].state("send_review", review(offered, 2, 1))

    def act(handler, data):
        answer = instructor.call(handler, data).json()
        return answer["staff_notice"], answer["refused"], answer["staff_html"]

    assigned = act("staff_assign", {"submission_id": works["prb_ca"], "username": "prb_cc"})
    reviewed = act("staff_review", {**review(works["prb_cc"], 1, 1)})
    overridden = act("staff_override", {"submission_id": works["prb_ca"], "points": 3, "reason": "Presented orally"})
    refused = act("staff_override", {"submission_id": works["prb_ca"], "points": 9, "reason": "Too many"})
    removed = act("staff_moderate", {"submission_id": works["prb_cb"], "action": "remove_submission"})
    restored = act("staff_moderate", {"submission_id": works["prb_cb"], "action": "restore_submission"})

    assert assigned[:2] == ("prb_cc will review prb_ca's work next.", False)
    assert reviewed[:2] == ("Your staff review of prb_cc's work was saved: 2 of 4 points.", False)
    assert overridden[:2] == ("prb_ca's grade is now 3 of 4 points. Reason: Presented orally", False)
    assert refused[:2] == ("Give whole points from 0 to 4 and a reason for the override.", True)
    assert removed[:2] == ("prb_cb's work was removed from review.", False)
    assert restored[:2] == ("prb_cb's work is in review again; its reports were dismissed.", False)
    table = restored[2]
    assert _table_learners(table) == ["prb_ca", "prb_cb", "prb_cc"]  # staff's own try is not a learner's row
    assert "3 / 4 (set by staff)" in table and "Reason: Presented orally" in table
    assert "2 / 4 (staff review)" in table
    assert "(peer review, sent, 3 points)" in table and "(override)" not in table
    assert "Submitted (UTC)" in table
    when = PeerSubmission.objects.get(pk=works["prb_ca"]).submitted_at
    assert f"{when:%Y-%m-%d %H:%M} UTC" in table

    csv_response = instructor.client.get(f"/handler/{instructor.usage_id}/export_csv/?student=prb_cstaff")
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode())))
    assert [row["learner"] for row in rows] == ["prb_ca", "prb_cb", "prb_cc"]
    assert rows[0]["submitted_at_utc"] == when.isoformat() and rows[0]["submitted_at_utc"].endswith("+00:00")


def test_staff_see_times_in_their_open_edx_time_zone_named(monkeypatch):
    learner = WorkbenchLearner(Client(), SCENARIO, "prb_tz")
    work = submitted(learner, "Work.")
    get_user_model().objects.create(username="prb_tz_staff", is_staff=True)
    instructor = WorkbenchLearner(Client(), SCENARIO, "prb_tz_staff")
    real_user = WorkbenchRuntime.service

    def with_preference(runtime, block, name):
        service = real_user(runtime, block, name)
        if name != "user":
            return service
        user = service.get_current_user()
        # What Open edX's user service passes: the learner's preferences, ``time_zone`` among them.
        user.opt_attrs["edx-platform.user_preferences"] = {"time_zone": "Asia/Kolkata"}
        service.get_current_user = lambda: user
        return service

    monkeypatch.setattr(WorkbenchRuntime, "service", with_preference)
    table = instructor.call("staff_table", {}).json()["staff_html"]

    when = PeerSubmission.objects.get(pk=work).submitted_at + timedelta(hours=5, minutes=30)
    assert "Submitted (Asia/Kolkata)" in table and f"{when:%Y-%m-%d %H:%M} Asia/Kolkata" in table
