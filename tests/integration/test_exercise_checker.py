"""The batched checker against a real local MediaWiki: every criterion passing and failing, in few requests."""

import math
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.support.exercise_fixtures import counting_client, linked_learner, pending_attempt
from tests.support.fault_proxy import Fault
from wikiskills.integrations.mediawiki.errors import WikiBusy
from wikiskills.integrations.mediawiki.local_wiki import Edit
from wikiskills.integrations.wikiskills_core import wikis
from wikiskills.integrations.wikiskills_exercises.checker import check_attempts
from wikiskills.integrations.wikiskills_exercises.models import ExerciseAttempt
from wikiskills.integrations.wikiskills_exercises.tasks import check_exercise_attempts

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "exercise password 1"
ANA, EMILIE, BO, OTHER, TALKER, EARLY = (
    "Exr Ana", "Exr Émilie Ünïcode", "Exr Bo", "Exr Other", "Exr Talker", "Exr Early",
)  # fmt: skip
SPACED_PAGE = "Exr page with   spaces"
SHARED_PAGE = "Exr shared page"
ANA_TEXT = """Intro.

== Sources ==
A fact.<ref>Smith, A. (2020). A book.</ref> Another.<ref>Jones, B. (2021). A paper.</ref>
{{Citation needed}} See [[Paris]], [[Lyon]] and [[Help:Contents]].
[[File:Example.jpg|thumb|A picture]]
[[Category:Practice pages]]
"""

# (usage key, criteria, does Ana's sandbox edit pass?)
CRITERIA_CASES = [
    ("bytes-pass", [{"type": "bytes_added", "min": 100}], True),
    ("bytes-fail", [{"type": "bytes_added", "min": 5000}], False),
    ("refs-pass", [{"type": "references_added", "min": 2}], True),
    ("refs-fail", [{"type": "references_added", "min": 3}], False),
    ("template-pass", [{"type": "template_added", "name": "citation needed"}], True),
    ("template-fail", [{"type": "template_added", "name": "Infobox person"}], False),
    ("section-pass", [{"type": "section_added"}], True),
    ("links-pass", [{"type": "wikilinks_added", "min": 3}], True),
    ("links-fail", [{"type": "wikilinks_added", "min": 4}], False),
    ("file-pass", [{"type": "file_added"}], True),
    ("category-pass", [{"type": "category_added"}], True),
    ("summary-pass", [{"type": "edit_summary", "contains": "SOURCES"}], True),
    ("summary-fail", [{"type": "edit_summary", "contains": "copyedit"}], False),
    ("not-minor-pass", [{"type": "not_minor"}], True),
    ("talk-fail", [{"type": "talk_page_section"}], False),
    ("stands-pass", [{"type": "still_stands", "hours": 0}], True),
    ("all-together", [{"type": "references_added", "min": 2}, {"type": "section_added"}, {"type": "not_minor"}], True),
]


@pytest.fixture(scope="module")
def edits(local_wiki):
    """Every learner's edits, saved in one go; the module's names are its own."""
    local_wiki.create_users([ANA, EMILIE, BO, OTHER, TALKER, EARLY], PASSWORD)
    admin = local_wiki.admin_name
    revids = local_wiki.make_edits(
        [
            Edit(EARLY, f"User:{EARLY}/sandbox", "Made before the exercise.<ref>Early source</ref>", "early"),
            Edit(ANA, f"User:{ANA}/sandbox", ANA_TEXT, "Added sources and links"),
            Edit(admin, SPACED_PAGE, "A page whose title has spaces.\n"),
            Edit(EMILIE, SPACED_PAGE, "A page whose title has spaces.\nFact.<ref>Cited</ref>\n", minor=True),
            Edit(OTHER, SPACED_PAGE, "Spaces.\nFact.<ref>1</ref><ref>2</ref><ref>3</ref>\n", "three refs"),
            Edit(admin, SHARED_PAGE, "Shared text.\n"),
            Edit(BO, SHARED_PAGE, "Shared text.\nBo's claim.<ref>Bo's source</ref>\n", "my addition"),
            Edit(admin, SHARED_PAGE, "Shared text.\n", "Reverted: unsourced"),
            Edit(TALKER, f"Talk:{SHARED_PAGE}", "== Why was this reverted? ==\nHello. ~~~~\n", "new section"),
        ]
    )
    return dict(
        zip(["early", "ana", "spaced", "emilie", "other", "shared", "bo", "revert", "talk"], revids, strict=True)
    )


@pytest.fixture
def started():
    """Attempts start a minute before now: the module's edits were saved just before the tests."""
    return timezone.now() - timedelta(minutes=1)


def test_each_criterion_passes_or_fails_on_a_real_edit_in_two_requests(wiki, local_wiki, edits, started):
    learner = linked_learner("exr-ana", ANA, user_id=local_wiki.user_id(ANA))  # linked by an edit: id known
    wikis.siteinfo_for(wiki)  # cached per wiki for a day: not part of a check's cost
    attempts = {
        key: pending_attempt(learner, key, criteria, target=("pattern", "User:{username}/sandbox"), started_at=started)
        for key, criteria, _expected in CRITERIA_CASES
    }
    client = counting_client(local_wiki.api_url)

    outcomes = check_attempts(wiki, attempts.values(), client)

    verdicts = {key: outcomes[attempt.pk].passed for key, attempt in attempts.items()}
    assert verdicts == {key: expected for key, _criteria, expected in CRITERIA_CASES}
    assert client.request_count == 2  # one contributions request, one revisions request
    assert outcomes[attempts["refs-pass"].pk].evidence == (edits["ana"],)
    stored = ExerciseAttempt.objects.get(pk=attempts["refs-fail"].pk)
    assert stored.status == ExerciseAttempt.NOT_YET
    assert stored.results == [
        {"kind": "references_added", "met": False, "measured": 2, "required": 3, "waiting_until": None, "notes": {}}
    ]


def test_a_unicode_account_is_graded_on_its_own_minor_edit_to_a_page_with_spaces(wiki, local_wiki, edits, started):
    learner = linked_learner("exr-emilie", "exr_Émilie_Ünïcode")
    page = ("page", "exr_page_with spaces")
    one_ref = pending_attempt(
        learner, "one-ref", [{"type": "references_added", "min": 1}], target=page, started_at=started
    )
    two_refs = pending_attempt(
        learner, "two-refs", [{"type": "references_added", "min": 2}], target=page, started_at=started
    )
    not_minor = pending_attempt(learner, "not-minor", [{"type": "not_minor"}], target=page, started_at=started)

    outcomes = check_attempts(wiki, [one_ref, two_refs, not_minor], counting_client(local_wiki.api_url))

    assert outcomes[one_ref.pk].passed and outcomes[one_ref.pk].evidence == (edits["emilie"],)
    # The other account's edit on the same page added three references: it must not count.
    assert not outcomes[two_refs.pk].passed
    assert outcomes[two_refs.pk].results[0].measured == 1
    assert not outcomes[not_minor.pk].passed


def test_a_reverted_edit_does_not_stand_and_the_talk_page_post_counts(wiki, local_wiki, edits, started):
    bo = linked_learner("exr-bo", BO)
    talker = linked_learner("exr-talker", TALKER)
    stands = pending_attempt(
        bo, "stands", [{"type": "references_added", "min": 1}, {"type": "still_stands", "hours": 0}],
        target=("page", SHARED_PAGE), started_at=started,
    )  # fmt: skip
    refs_only = pending_attempt(bo, "refs-only", [{"type": "references_added", "min": 1}], started_at=started)
    talk = pending_attempt(
        talker, "talk", [{"type": "talk_page_section", "page": f"Talk:{SHARED_PAGE}"}], started_at=started
    )

    outcomes = check_attempts(wiki, [stands, refs_only, talk], counting_client(local_wiki.api_url))

    assert not outcomes[stands.pk].passed
    assert [result.met for result in outcomes[stands.pk].results] == [True, False]
    assert outcomes[refs_only.pk].passed
    assert outcomes[talk.pk].passed and outcomes[talk.pk].evidence == (edits["talk"],)


def test_an_edit_must_stand_for_the_hours_asked_so_the_attempt_waits(wiki, local_wiki, edits, started):
    learner = linked_learner("exr-ana", ANA)
    waiting = pending_attempt(learner, "stands-a-day", [{"type": "still_stands", "hours": 24}], started_at=started)

    outcome = check_attempts(wiki, [waiting], counting_client(local_wiki.api_url))[waiting.pk]
    stored = ExerciseAttempt.objects.get(pk=waiting.pk)
    waited = (stored.status, stored.next_check_at)
    later = check_attempts(
        wiki, [stored], counting_client(local_wiki.api_url),
        now=timezone.now() + timedelta(hours=25),
    )[waiting.pk]  # fmt: skip

    assert not outcome.passed and outcome.waiting_until is not None
    assert waited == (ExerciseAttempt.PENDING, outcome.waiting_until)
    assert later.passed


def test_edits_made_before_the_exercise_started_do_not_count(wiki, local_wiki, edits):
    learner = linked_learner("exr-early", EARLY)
    revision = counting_client(local_wiki.api_url).revisions([edits["early"]])[edits["early"]]
    after_the_edit = revision.timestamp + timedelta(seconds=1)
    attempt = pending_attempt(
        learner, "late-start", [{"type": "references_added", "min": 1}], started_at=after_the_edit
    )

    outcome = check_attempts(wiki, [attempt], counting_client(local_wiki.api_url))[attempt.pk]

    assert not outcome.passed and outcome.evidence == ()


def test_several_edits_may_count_together_when_the_author_allows_it(wiki, local_wiki, started):
    name = "Exr Combiner"
    local_wiki.create_users([name], PASSWORD)
    page = f"User:{name}/sandbox"
    local_wiki.make_edits(
        [
            Edit(name, page, "First.<ref>One</ref>\n", "first"),
            Edit(name, page, "First.<ref>One</ref>\nSecond.<ref>Two</ref>\n", "second"),
        ]
    )
    learner = linked_learner("exr-combiner", name)
    criteria = [{"type": "references_added", "min": 2}]
    alone = pending_attempt(learner, "alone", criteria, started_at=started)
    together = pending_attempt(learner, "together", criteria, started_at=started, combine_edits=True)

    outcomes = check_attempts(wiki, [alone, together], counting_client(local_wiki.api_url))

    assert not outcomes[alone.pk].passed
    assert outcomes[together.pk].passed and len(outcomes[together.pk].evidence) == 2


def test_a_pass_is_never_undone_by_a_later_check(wiki, local_wiki, edits, started):
    learner = linked_learner("exr-ana", ANA)
    attempt = pending_attempt(learner, "kept-pass", [{"type": "references_added", "min": 1}], started_at=started)
    check_attempts(wiki, [attempt], counting_client(local_wiki.api_url))
    attempt.exercise = {**attempt.exercise, "criteria": [{"type": "references_added", "min": 50}]}

    check_attempts(wiki, [attempt], counting_client(local_wiki.api_url))

    assert ExerciseAttempt.objects.get(pk=attempt.pk).status == ExerciseAttempt.PASSED


def test_many_learners_take_one_contributions_request_per_fifty(wiki, local_wiki, started):
    names = [f"Exr Batch {number:02d}" for number in range(60)]
    local_wiki.create_users(names, PASSWORD)
    local_wiki.make_edits(Edit(name, f"User:{name}/sandbox", f"Text.<ref>{name}</ref>", "cited") for name in names)
    attempts = [
        pending_attempt(linked_learner(f"exr-batch-{index}", name), "batch", [{"type": "references_added", "min": 1}],
                        started_at=started)
        for index, name in enumerate(names)
    ]  # fmt: skip
    wikis.siteinfo_for(wiki)
    client = counting_client(local_wiki.api_url)

    outcomes = check_attempts(wiki, attempts, client)

    assert all(outcome.passed for outcome in outcomes.values())
    # Contributions by account id, 50 per request; 60 edits that created pages have no parent revision
    # to fetch: 60 ids, 2 requests; and, this once, the accounts' ids looked up by name, 50 per request.
    assert client.request_count == math.ceil(60 / 50) + math.ceil(60 / 50) + math.ceil(60 / 50)


def test_on_a_worker_other_learners_requested_checks_join_the_batch(wiki, local_wiki, edits, started):
    ana = pending_attempt(linked_learner("exr-ana", ANA), "joined", [{"type": "section_added"}], started_at=started)
    bo = pending_attempt(linked_learner("exr-bo", BO), "joined", [{"type": "edit_summary"}], started_at=started)

    checked = check_exercise_attempts.run("demo", [ana.pk])  # as a worker runs it (not in-process)
    checked_again = check_exercise_attempts.run("demo", [bo.pk])  # Bo's own message: nothing left to do

    assert (checked, checked_again) == (2, 0)
    assert set(ExerciseAttempt.objects.filter(usage_key="joined").values_list("status", flat=True)) == {"passed"}


def test_a_lagged_wiki_leaves_the_attempts_pending_for_a_later_try(settings, wiki, local_wiki, fault_proxy, started):
    settings.WIKISKILLS_WIKIS = {"demo": {"api_url": fault_proxy.api_url, "name": "Lagged", "family": "test"}}
    settings.WIKISKILLS_HTTP_ATTEMPTS = 1
    fault_proxy.inject(Fault.MAXLAG, times=3)
    attempt = pending_attempt(linked_learner("exr-ana", ANA), "lagged", [{"type": "section_added"}], started_at=started)

    # Called directly, Celery's retry re-raises the wiki's error; on a worker it reschedules the task.
    with pytest.raises(WikiBusy):
        check_exercise_attempts.run("demo", [attempt.pk])

    stored = ExerciseAttempt.objects.get(pk=attempt.pk)
    assert (stored.status, stored.check_count, stored.results) == (ExerciseAttempt.PENDING, 0, [])
