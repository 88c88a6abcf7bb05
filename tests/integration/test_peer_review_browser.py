"""Peer review in headless Chromium: write in the editor, review two peers with keyboard and mouse, see the grade."""

import json
import re

import pytest
from django.test import Client
from workbench.scenarios import init_scenarios

from tests.support.exercise_fixtures import WorkbenchLearner
from wikiskills.integrations.wikiskills_peer_review.models import PeerReview, PeerSubmission
from wikiskills.integrations.wikiskills_peer_review.submitting import MAX_TEXT_CHARACTERS

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


def focused(page, attribute=None):
    """The focused element's text, or one of its attributes."""
    if attribute:
        return page.evaluate("name => document.activeElement.getAttribute(name)", attribute)
    return page.evaluate("document.activeElement.textContent.trim()")


def write_with_the_editor(page):
    """Types two paragraphs, one word bold with the mouse and one italic with the toolbar's keyboard."""
    editor = page.get_by_role("textbox", name="Your text")
    toolbar = page.get_by_role("toolbar", name="Text formatting")
    bold, italic = toolbar.get_by_role("button", name="Bold"), toolbar.get_by_role("button", name="Italic")
    editor.click()
    page.keyboard.type("Readers must be able to check ")
    bold.click()  # with the mouse: the focus stays in the text, and what follows is bold
    assert bold.get_attribute("aria-pressed") == "true"
    page.keyboard.type("every")
    bold.click()
    assert bold.get_attribute("aria-pressed") == "false"
    page.keyboard.type(" claim.")
    page.keyboard.press("Enter")
    page.keyboard.type("Sources let them ")
    # With the keyboard: the toolbar is one tab stop, on the button used last; arrows, Home and End move in it.
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "Bold"
    keys_and_focus = [
        ("ArrowRight", "Italic"),
        ("End", "Numbered list"),
        ("ArrowRight", "Bold"),
        ("ArrowLeft", "Numbered list"),
        ("Home", "Bold"),
        ("ArrowRight", "Italic"),
    ]
    for key, name in keys_and_focus:
        page.keyboard.press(key)
        assert focused(page) == name, key
    tab_stops = [button.get_attribute("tabindex") for button in toolbar.get_by_role("button").all()]
    assert tab_stops == ["-1", "0", "-1", "-1", "-1"]
    page.keyboard.press("Enter")  # italic on; the focus goes back to the text
    assert focused(page, "role") == "textbox"
    assert italic.get_attribute("aria-pressed") == "true"
    page.keyboard.type("verify")
    page.keyboard.press("ControlOrMeta+i")
    page.keyboard.type(" it.")


def test_a_learner_submits_reviews_two_peers_and_sees_the_median_grade(live_server, browser_page):
    init_scenarios()
    page = browser_page
    page.goto(f"{live_server.url}{SCENARIO}?student=prb_browser_a")
    status = page.get_by_role("status")

    write_with_the_editor(page)
    page.get_by_role("button", name="Submit my text").click()
    status.filter(has_text="Review your peers' work: 0 of 2 done.").wait_for()
    a_submission = PeerSubmission.objects.get(author__username="prb_browser_a")
    assert (
        a_submission.text
        == "<p>Readers must be able to check <b>every</b> claim.</p><p>Sources let them <i>verify</i> it.</p>"
    )
    a_work = a_submission.pk
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


def test_a_refused_text_comes_back_in_the_editor_which_still_works(live_server, browser_page):
    init_scenarios()
    page = browser_page
    page.goto(f"{live_server.url}{SCENARIO}?student=prb_browser_d")
    editor = page.get_by_role("textbox", name="Your text")
    toolbar = page.get_by_role("toolbar", name="Text formatting")
    submit = page.get_by_role("button", name="Submit my text")
    too_long = page.get_by_role("alert").filter(has_text="Your text is too long")

    editor.click()
    page.keyboard.type("Too long to ")
    page.keyboard.press("ControlOrMeta+b")
    page.keyboard.type("review")
    page.keyboard.press("ControlOrMeta+b")
    page.keyboard.type(": ")
    page.keyboard.insert_text("x" * MAX_TEXT_CHARACTERS)  # as if pasted; nothing cuts it short
    submit.click()
    too_long.wait_for()
    assert not PeerSubmission.objects.filter(author__username="prb_browser_d").exists()
    # The whole panel was rendered again: the draft is back, in a new editor, with its formatting.
    assert editor.text_content() == "Too long to review: " + "x" * MAX_TEXT_CHARACTERS
    assert editor.locator("b").all_text_contents() == ["review"]

    # A draft is HTML from the learner: the editor keeps only what the server keeps, and runs nothing.
    hostile = (
        '<p>Kept <a href="javascript:window.pwned = 3">text</a><img src="x" onerror="window.pwned = 1">'
        f"<script>window.pwned = 2</script></p><p>{'y' * MAX_TEXT_CHARACTERS}</p>"
    )
    page.route(
        re.compile(r"/submit_work/"),
        lambda route: route.continue_(post_data=json.dumps({"text": hostile})),
        times=1,
    )
    submit.click()
    editor.filter(has_text="Kept text").wait_for()
    too_long.wait_for()
    assert editor.evaluate("region => region.querySelectorAll('a, img, script').length") == 0
    assert page.evaluate("window.pwned") is None

    # The new editor works: select all, type, link a word (a javascript: address is refused), submit.
    dialogs, addresses = [], iter(["javascript:alert(1)", "https://en.wikipedia.org/wiki/Wikipedia:Verifiability"])

    def answer(dialog):
        dialogs.append((dialog.type, dialog.message))
        if dialog.type == "prompt":
            dialog.accept(next(addresses))
        else:
            dialog.accept()

    page.on("dialog", answer)
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Short, with a source")
    page.keyboard.press("Shift+Control+ArrowLeft")  # selects "source"
    link = toolbar.get_by_role("button", name="Link")
    link.click()
    link.click()
    page.keyboard.press("End")
    page.keyboard.type(".")
    submit.click()
    page.get_by_role("status").filter(has_text="Review your peers' work: 0 of 2 done.").wait_for()
    assert dialogs == [
        ("prompt", "Address of the link (starting with https://):"),
        ("alert", "Only web addresses starting with http:// or https:// can be linked."),
        ("prompt", "Address of the link (starting with https://):"),
    ]
    assert PeerSubmission.objects.get(author__username="prb_browser_d").text == (
        '<p>Short, with a <a href="https://en.wikipedia.org/wiki/Wikipedia:Verifiability"'
        ' rel="noopener noreferrer nofollow">source</a>.</p>'
    )
