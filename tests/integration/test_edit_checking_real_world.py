"""Edit checking as editors really use a wiki: renames, IP edits, moves, automatic summaries, reverts, hidden text.

Every situation is built on the real local MediaWiki through its API (the editing
form's path, so automatic summaries and tags appear) or its maintenance scripts,
then checked the way production checks (``check_attempts``), asserting both the
verdict and the words the learner reads.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.support.exercise_fixtures import counting_client, linked_learner, pending_attempt
from wikiskills.integrations.wikiskills_accounts.identity import ACCOUNT_CHANGED
from wikiskills.integrations.wikiskills_accounts.models import WikiAccount
from wikiskills.integrations.wikiskills_exercises.checker import check_attempts
from wikiskills.integrations.wikiskills_exercises.criteria import criteria_from_specs
from wikiskills.integrations.wikiskills_exercises.edit_facts import TEXT_HIDDEN, TOO_COMPLEX
from wikiskills.integrations.wikiskills_exercises.models import ExerciseAttempt
from wikiskills.xblocks.edit_exercise.messages import PROBLEM_MESSAGES

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "real world password 1"
SANDBOX = ("pattern", "User:{username}/sandbox")
ONE_REF = [{"type": "references_added", "min": 1}]
SOURCED = "A sourced fact.<ref>Real, A. (2024). A book.</ref>\n"


@pytest.fixture
def started():
    return timezone.now() - timedelta(seconds=2)


def _learner(local_wiki, name, *, known_id=True):
    """A wiki account and the Django learner linked to it (by a verification edit: its id is known)."""
    (canonical,) = local_wiki.create_users([name], PASSWORD)
    user_id = local_wiki.user_id(canonical)
    return linked_learner(f"rw-{user_id}", canonical, user_id=user_id if known_id else None), canonical


def _check(wiki, local_wiki, attempt):
    return check_attempts(wiki, [attempt], counting_client(local_wiki.api_url))[attempt.pk]


def _words(criteria, outcome):
    """The learner's words for each criterion's result, in English."""
    words = []
    for criterion, result in zip(criteria_from_specs(criteria), outcome.results, strict=True):
        explanation = criterion.explain(result)
        template = explanation.singular if explanation.count == 1 else explanation.plural
        words.append(template.format(**explanation.params))
    return words


# -- identity: the account, not the name ----------------------------------------------------------


def test_a_renamed_account_keeps_its_credit_and_the_new_name_is_shown(wiki, local_wiki, started):
    learner, name = _learner(local_wiki, "Rw Before Rename")
    local_wiki.save_edit(name, f"User:{name}/sandbox", SOURCED, "cited")
    new_name = local_wiki.rename_user(name, "Rw After Rename")
    attempt = pending_attempt(learner, "renamed", ONE_REF, target=("namespace", "2"), started_at=started)

    outcome = _check(wiki, local_wiki, attempt)

    assert outcome.passed
    assert WikiAccount.objects.get(user=learner).username == new_name


def test_whoever_registers_a_freed_old_name_is_never_graded_as_the_learner(wiki, local_wiki, started):
    learner, name = _learner(local_wiki, "Rw Freed Name", known_id=False)
    original_id = local_wiki.user_id(name)
    WikiAccount.objects.filter(user=learner).update(central_id=str(original_id))  # as from a Wikimedia login
    local_wiki.rename_user(name, "Rw Freed Name Elsewhere")
    (squatter,) = local_wiki.create_users([name], PASSWORD)
    local_wiki.save_edit(squatter, f"User:{squatter}/sandbox", SOURCED, "cited")
    attempt = pending_attempt(learner, "freed", ONE_REF, target=SANDBOX, started_at=started)

    outcome = _check(wiki, local_wiki, attempt)

    assert not outcome.passed and outcome.problem == ACCOUNT_CHANGED
    stored = ExerciseAttempt.objects.get(pk=attempt.pk)
    assert (stored.status, stored.check_problem) == (ExerciseAttempt.NOT_YET, ACCOUNT_CHANGED)
    assert "Link your account again" in PROBLEM_MESSAGES[ACCOUNT_CHANGED]


def test_an_edit_made_while_logged_out_never_counts(wiki, local_wiki, started):
    learner, name = _learner(local_wiki, "Rw Logged Out")
    local_wiki.save_anonymous_edit(f"User:{name}/sandbox", SOURCED, "oops, logged out")
    attempt = pending_attempt(learner, "ip", ONE_REF, target=SANDBOX, started_at=started)

    outcome = _check(wiki, local_wiki, attempt)

    assert not outcome.passed
    assert _words(ONE_REF, outcome) == ["Added 0 references, needs 1."]


# -- pages: the page, not its title today ---------------------------------------------------------


def test_an_exercise_page_that_was_moved_still_counts_edits_to_it(wiki, local_wiki, started):
    learner, name = _learner(local_wiki, "Rw Mover One")
    local_wiki.save_edit(local_wiki.admin_name, "Rw Exercise page", "An article.\n", "start")
    local_wiki.move_page(local_wiki.admin_name, "Rw Exercise page", "Rw Exercise page (renamed)", "better title")
    local_wiki.save_edit(name, "Rw Exercise page (renamed)", "An article.\n" + SOURCED, "cited")
    local_wiki.save_edit(name, "Rw Unrelated page", SOURCED, "cited elsewhere")  # another page: resolve the title
    attempt = pending_attempt(learner, "moved-page", ONE_REF, target=("page", "Rw Exercise page"), started_at=started)

    outcome = _check(wiki, local_wiki, attempt)

    assert outcome.passed and len(outcome.evidence) == 1


def test_a_draft_moved_to_the_articles_keeps_its_credit_only_where_the_exercise_allows_it(wiki, local_wiki, started):
    learner, name = _learner(local_wiki, "Rw Drafter")
    sandbox = f"User:{name}/sandbox"
    two_refs = [{"type": "references_added", "min": 2}]
    local_wiki.save_edit(name, sandbox, "Draft.<ref>One</ref> More.<ref>Two</ref>\n", "draft with sources")
    local_wiki.move_page(name, sandbox, "Rw Published draft", "ready for the encyclopedia")
    local_wiki.save_edit(name, sandbox, "My next draft.\n", "new draft")  # the sandbox is reused
    allowed = pending_attempt(learner, "draft-allowed", two_refs, target=SANDBOX, started_at=started,
                              draft_may_move=True)  # fmt: skip
    strict = pending_attempt(learner, "draft-strict", two_refs, target=SANDBOX, started_at=started)

    outcomes = check_attempts(wiki, [allowed, strict], counting_client(local_wiki.api_url))

    assert outcomes[allowed.pk].passed
    assert not outcomes[strict.pk].passed


def test_a_move_and_the_redirect_it_leaves_add_nothing(wiki, local_wiki, started):
    learner, name = _learner(local_wiki, "Rw Redirector")
    local_wiki.save_edit(local_wiki.admin_name, "Rw Old title", "Text about [[Paris]].\n", "start")
    local_wiki.move_page(name, "Rw Old title", "Rw New title", "clearer")
    local_wiki.save_edit(name, "Rw Shortcut", "#REDIRECT [[Rw New title]]", "shortcut")
    criteria = [{"type": "wikilinks_added", "min": 1}]
    attempt = pending_attempt(learner, "redirects", criteria, started_at=started)

    outcome = _check(wiki, local_wiki, attempt)

    assert not outcome.passed
    assert _words(criteria, outcome) == ["Added 0 links to other wiki pages, needs 1."]


# -- what the learner added, and only that ---------------------------------------------------------


def test_automatic_summaries_are_not_the_learners_summary(wiki, local_wiki, started):
    learner, name = _learner(local_wiki, "Rw No Summary")
    local_wiki.save_edit(name, f"User:{name}/sandbox", "A new page.\n")  # "Created page with …"
    local_wiki.save_edit(name, f"User:{name}/sandbox", "A talk.", section="new", section_title="Plans")
    criteria = [{"type": "edit_summary"}]
    attempt = pending_attempt(learner, "autosummary", criteria, target=SANDBOX, started_at=started)

    outcome = _check(wiki, local_wiki, attempt)

    assert not outcome.passed
    assert _words(criteria, outcome) == ["Describe your edit in the edit summary."]


def test_a_revert_earns_no_added_credit_but_counts_as_reverting(wiki, local_wiki, started):
    learner, name = _learner(local_wiki, "Rw Patroller")
    (vandal,) = local_wiki.create_users(["Rw Vandal"], PASSWORD)
    page = "Rw Patrolled article"
    local_wiki.save_edit(local_wiki.admin_name, page, "Facts.<ref>Good source</ref> [[Paris]]\n", "start")
    vandalism = local_wiki.save_edit(vandal, page, "lol\n", "")
    local_wiki.undo(name, page, vandalism)
    added = pending_attempt(learner, "revert-added", ONE_REF, started_at=started)
    reverting = pending_attempt(learner, "revert-done", [{"type": "reverted_vandalism"}], started_at=started)

    outcomes = check_attempts(wiki, [added, reverting], counting_client(local_wiki.api_url))

    assert not outcomes[added.pk].passed
    assert outcomes[reverting.pk].passed


def test_edits_counted_together_measure_the_net_change_so_a_re_added_reference_counts_once(wiki, local_wiki, started):
    learner, name = _learner(local_wiki, "Rw Fiddler")
    sandbox = f"User:{name}/sandbox"
    for text in ("Fact.<ref>Source</ref>\n", "Fact.\n", "Fact.<ref>Source</ref>\n"):
        local_wiki.save_edit(name, sandbox, text, "fiddling")
    two_refs = [{"type": "references_added", "min": 2}]
    attempt = pending_attempt(learner, "net", two_refs, target=SANDBOX, started_at=started, combine_edits=True)

    outcome = _check(wiki, local_wiki, attempt)

    assert not outcome.passed
    assert _words(two_refs, outcome) == ["Added 1 reference, needs 2."]


def test_a_hidden_revision_is_never_read_as_an_empty_page(wiki, local_wiki, started):
    learner, name = _learner(local_wiki, "Rw Hidden")
    sandbox = f"User:{name}/sandbox"
    local_wiki.save_edit(name, sandbox, "Before.\n", "start")
    revid = local_wiki.save_edit(name, sandbox, "Before.\n" + SOURCED, "cited")
    local_wiki.save_edit(local_wiki.admin_name, sandbox, "Before.\n", "remove copied text")
    local_wiki.hide_revision_text(revid, "copyright violation")  # the wiki never hides the current revision
    attempt = pending_attempt(learner, "hidden", ONE_REF, target=SANDBOX, started_at=started)

    outcome = _check(wiki, local_wiki, attempt)

    assert not outcome.passed and outcome.problem == TEXT_HIDDEN and outcome.results == ()
    stored = ExerciseAttempt.objects.get(pk=attempt.pk)
    assert stored.status == ExerciseAttempt.PENDING and stored.next_check_at > timezone.now()
    assert "cannot be verified right now" in PROBLEM_MESSAGES[TEXT_HIDDEN]


def test_broken_wikitext_is_not_analysed_past_the_time_limit_and_goes_to_staff(settings, wiki, local_wiki, started):
    settings.WIKISKILLS_ANALYSIS_SECONDS = 0.3
    learner, name = _learner(local_wiki, "Rw Breaker")
    local_wiki.save_edit(name, f"User:{name}/sandbox", "<ref>x" * 8000, "stress")
    attempt = pending_attempt(learner, "complex", ONE_REF, target=SANDBOX, started_at=started)

    outcome = _check(wiki, local_wiki, attempt)

    assert not outcome.passed and outcome.problem == TOO_COMPLEX
    assert ExerciseAttempt.objects.get(pk=attempt.pk).status == ExerciseAttempt.PENDING


def test_a_megabyte_hostile_sandbox_is_not_analysed_and_the_rest_of_the_batch_is_checked(
    settings, wiki, local_wiki, started
):
    """Anyone can fill a sandbox with unclosed ``<ref name=``: it must cost the batch nothing but the read."""
    settings.WIKISKILLS_ANALYSIS_MAX_CHARACTERS = 1_000_000
    settings.WIKISKILLS_ANALYSIS_SECONDS = 60  # so only the size cap can make this quick
    hostile_learner, hostile = _learner(local_wiki, "Rw Flooder")
    honest_learner, honest = _learner(local_wiki, "Rw Honest")
    local_wiki.save_edit(hostile, f"User:{hostile}/sandbox", "<ref name=" * 150_000, "my notes")  # 1.5 MB
    local_wiki.save_edit(honest, f"User:{honest}/sandbox", SOURCED, "cited a source")
    attempts = [
        pending_attempt(hostile_learner, "flood", ONE_REF, target=SANDBOX, started_at=started),
        pending_attempt(honest_learner, "honest", ONE_REF, target=SANDBOX, started_at=started),
    ]

    began = time.monotonic()
    outcomes = check_attempts(wiki, attempts, counting_client(local_wiki.api_url))
    took = time.monotonic() - began

    assert outcomes[attempts[0].pk].problem == TOO_COMPLEX and not outcomes[attempts[0].pk].passed
    assert outcomes[attempts[1].pk].passed
    assert took < 20  # the read, not a minute of parsing
    assert "too complex to analyse in time" in PROBLEM_MESSAGES[TOO_COMPLEX]


# -- still standing ----------------------------------------------------------------------------------


def test_a_rollback_of_several_edits_is_seen_before_the_tagging_job_runs(wiki, local_wiki, started):
    learner, name = _learner(local_wiki, "Rw Rolled Back")
    page = "Rw Rollback article"
    local_wiki.save_edit(local_wiki.admin_name, page, "Stable text.\n", "start")
    local_wiki.save_edit(name, page, "Stable text.\nMy claim.\n", "claim")
    local_wiki.save_edit(name, page, "Stable text.\nMy claim." + SOURCED, "source")
    local_wiki.rollback(local_wiki.admin_name, page, name)
    criteria = [*ONE_REF, {"type": "still_stands", "hours": 0}]
    attempt = pending_attempt(learner, "rolled-back", criteria, target=("page", page), started_at=started)

    outcome = _check(wiki, local_wiki, attempt)

    assert not outcome.passed
    assert _words(criteria, outcome)[1].startswith("Your edit was undone on ")


def test_an_edit_undone_and_restored_stands_and_the_learner_is_told_what_happened(wiki, local_wiki, started):
    learner, name = _learner(local_wiki, "Rw Restored")
    (other,) = local_wiki.create_users(["Rw Undoer"], PASSWORD)
    page = "Rw Restored article"
    local_wiki.save_edit(local_wiki.admin_name, page, "Stable text.\n", "start")
    mine = local_wiki.save_edit(name, page, "Stable text.\n" + SOURCED, "cited")
    local_wiki.undo(other, page, mine)
    local_wiki.manual_revert(local_wiki.admin_name, page, mine, "restore the sourced fact")
    criteria = [*ONE_REF, {"type": "still_stands", "hours": 0}]
    attempt = pending_attempt(learner, "restored", criteria, target=("page", page), started_at=started)

    outcome = _check(wiki, local_wiki, attempt)

    assert outcome.passed
    words = _words(criteria, outcome)[1]
    assert words.startswith("Your edit was undone on ") and "it was restored on" in words


# -- non-English wikis -------------------------------------------------------------------------------


def test_on_an_arabic_wiki_the_default_sandbox_localized_categories_files_and_summaries_are_read_right(
    settings, arabic_wiki, started
):
    from wikiskills.integrations.wikiskills_core import wikis  # noqa: PLC0415

    settings.WIKISKILLS_WIKIS = {"ar": {"api_url": arabic_wiki.api_url, "name": "ويكي عربي", "family": "test-ar"}}
    (name,) = arabic_wiki.create_users(["Rw Arabic Learner"], PASSWORD)
    learner = linked_learner("rw-arabic", name, family="test-ar", user_id=arabic_wiki.user_id(name), wiki="ar")
    arabic_wiki.save_edit(name, f"مستخدم:{name}/ملعب", "x")  # another page: the sandbox title is resolved too
    arabic_wiki.save_edit(name, f"User:{name}/sandbox", "نص.\n[[ملف:مثال.jpg|تصغير]]\n[[تصنيف:صفحات تجريبية]]\n")
    criteria = [
        {"type": "category_added"}, {"type": "file_added"}, {"type": "wikilinks_added", "min": 1},
        {"type": "edit_summary"},
    ]  # fmt: skip
    attempt = pending_attempt(learner, "arabic", criteria, target=SANDBOX, started_at=started, wiki="ar")

    outcome = check_attempts(wikis.get_wiki("ar"), [attempt], counting_client(arabic_wiki.api_url))[attempt.pk]

    assert [result.met for result in outcome.results] == [True, True, False, False]
    assert _words(criteria, outcome)[2:] == [
        "Added 0 links to other wiki pages, needs 1.",
        "Describe your edit in the edit summary.",
    ]
