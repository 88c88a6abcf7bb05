"""The peer-review app's public Python API: what the peer-review block and its staff panel call.

The block reads its settings into an ``Item`` and calls these functions. A learner's state is plain
data; what to tell people comes back as ``Message`` codes (with their parameters) that the block words
through its ``messages.py``, and a rubric's problems as ``RubricProblem``. Looking at the state applies
the due "never stuck" checks (ADR 0031, 0035) and announces a new grade (ADR 0032).
"""

from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured

from wikiskills.integrations import openedx_compat
from wikiskills.integrations.mediawiki.errors import WikiUnavailable
from wikiskills.integrations.wikiskills_accounts import linking
from wikiskills.integrations.wikiskills_core import throttle, wikis

from . import allocation, anonymity, fallbacks, grading, moderation, publishing, staff, submitting
from .diffs import readable_diff  # noqa: F401  (re-exported: the diff with its changes marked in words)
from .models import PeerReview, PeerSubmission
from .policy import (  # noqa: F401  (re-exported: the settings' choices)
    FALLBACK_NEIGHBOUR,
    FALLBACK_REDUCE,
    FALLBACK_STAFF,
    MAX_OPEN_REPORTS,
    SCOPE_COHORT,
    SCOPE_COURSE,
    SCOPE_TEAM,
    ReviewPolicy,
    pool_shortfall,
    small_group_warning_due,
)
from .rubric import DEFAULT_RUBRIC, Rubric, RubricProblem, check_feedback_length
from .signals import peer_review_done
from .staff import SHOW_ALL, SHOW_NEEDS_STAFF  # noqa: F401  (re-exported: what the staff table shows)

DATE_FORMAT = "%Y-%m-%d %H:%M"  # how learners and staff see times, in UTC
MAX_REVIEWS = 20  # per learner, given or received: more is a typo, not a plan

# Codes of what to tell people, beside the refusal codes of ``submitting`` and ``allocation``.
SUBMITTED = "submitted"
WIKI_DOWN = "wiki_down"
REVIEWS_CLOSED = "reviews_closed"
NOTHING_TO_REVIEW = "nothing_to_review"
REVIEW_THANKS = "review_thanks"
NOT_SUBMITTED = allocation.ReviewRefused.NOT_SUBMITTED
FLAG_NEEDS_REASON = "flag_needs_reason"
TOO_MANY_REPORTS = "too_many_reports"
FLAG_THANKS = "flag_thanks"
REVIEW_REPORTED = "review_reported"
NO_SUCH_LEARNER = "no_such_learner"
OVERRIDE_NEEDS_REASON = "override_needs_reason"
# Codes of the wiki-account linking step a wiki item shows before its submit form.
LINK_ACCOUNT = "link_account"
LINK_REFUSED = "link_refused"  # kind: the accounts app's ``AccountLinkRefused`` reason
CODE_GIVEN = "code_given"
ACCOUNT_LINKED = "account_linked"
ASKED_RECENTLY = "asked_recently"
LINK_WIKI_DOWN = "link_wiki_down"
# Codes of what staff did, confirmed to them after each action.
STAFF_ASSIGNED = "staff_assigned"
STAFF_REVIEWED = "staff_reviewed"
STAFF_OVERRIDDEN = "staff_overridden"
STAFF_MODERATED = "staff_moderated"  # kind: the action (``SUBMISSION_ACTIONS``, ``REVIEW_ACTIONS``)
# Codes of settings Studio refuses (a rubric's own problems come as ``RubricProblem``).
NO_KIND = "no_kind"
UNKNOWN_WIKI = "unknown_wiki"
REVIEW_COUNT = "review_count"
NO_TEAMSET = "no_teamset"
NOT_POSITIVE = "not_positive"
BAD_DATE = "bad_date"
# Codes of what happens to work its group is too small or too slow to review: each has a ``kind``.
SMALL_POOL_PLAN = "small_pool_plan"  # kind: the fallback
STALL_PLAN = "stall_plan"  # kind: the fallback
STALL_APPLIED = "stall_applied"  # kind: reduced, staff or shared
FALLBACK_APPLIED = "fallback_applied"  # kind: reduced, staff, shared or across

SUBMISSION_ACTIONS = ("restore_submission", "remove_submission")
REVIEW_ACTIONS = ("restore_review", "remove_review")


@dataclass(frozen=True)
class Message:
    """What to tell someone: ``code`` names it, ``params`` fill it in, ``kind`` picks a variant."""

    code: str
    params: dict = field(default_factory=dict)
    kind: str = ""


@dataclass(frozen=True)
class Item:
    """One peer-review item as its author set it, with the block's field names; read lazily, since a
    handler may run on settings Studio has not accepted."""

    item_id: str
    course_key: str = ""
    allow_text: bool = True
    wiki: str = ""
    rubric: list = field(default_factory=lambda: list(DEFAULT_RUBRIC))
    must_grade: int = 3
    must_be_graded_by: int = 3
    self_review: bool = False
    anonymous: bool = True
    submission_due: str = ""
    review_due: str = ""
    review_scope: str = SCOPE_COHORT
    teamset_id: str = ""
    lease_hours: float = 8.0
    grace_days: float = 3.0
    small_pool_fallback: str = FALLBACK_REDUCE
    weight: float = 1.0

    def policy(self):
        return ReviewPolicy(
            must_grade=self.must_grade,
            must_be_graded_by=self.must_be_graded_by,
            lease=timedelta(hours=self.lease_hours),
            grace=timedelta(days=self.grace_days),
            fallback=self.small_pool_fallback,
            scope=self.review_scope,
        )

    def parsed_rubric(self):
        return Rubric.from_json(self.rubric)


SETTINGS = tuple(setting.name for setting in fields(Item))[2:]  # what the block copies from its fields


def parse_due(text):
    """An author's deadline, ``YYYY-MM-DD HH:MM`` in UTC (or just the date); None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _when(moment):
    return f"{moment:{DATE_FORMAT}}"


def _due(due_text):
    """The deadline in ``due_text``, or None when there is none or it cannot be read (see ``_passed``)."""
    try:
        return parse_due(due_text)
    except ValueError:
        return None


def _passed(due_text, now):
    """The deadline in ``due_text`` if ``now`` is past it, else None.

    A date Studio would refuse (an imported course can carry one) is no deadline: Studio shows the
    author the problem; learners are not stopped by a 500.
    """
    due = _due(due_text)
    return due if due and now > due else None


def settings_problems(item):
    """What Studio refuses in ``item``'s settings: ``RubricProblem``s and ``Message``s (``field`` is a setting)."""
    problems = []
    try:
        item.parsed_rubric()
    except RubricProblem as problem:
        problems.append(problem)
    if not item.allow_text and not item.wiki:
        problems.append(Message(NO_KIND))
    if item.wiki:
        try:
            wikis.get_wiki(item.wiki)
        except ImproperlyConfigured:
            problems.append(Message(UNKNOWN_WIKI, {"keys": ", ".join(sorted(wikis.allowed_wikis()))}))
    for name in ("must_grade", "must_be_graded_by"):
        if not 1 <= getattr(item, name) <= MAX_REVIEWS:
            problems.append(Message(REVIEW_COUNT, {"field": name, "maximum": MAX_REVIEWS}))
    if item.review_scope == SCOPE_TEAM and not item.teamset_id.strip():
        problems.append(Message(NO_TEAMSET))
    if item.lease_hours <= 0 or item.grace_days < 0 or item.weight <= 0:
        problems.append(Message(NOT_POSITIVE))
    for name in ("submission_due", "review_due"):
        try:
            parse_due(getattr(item, name))
        except ValueError:
            problems.append(Message(BAD_DATE, {"field": name}))
    return problems


# -- the learner's state ---------------------------------------------------------------------------


def learner_state(item, user, now, *, publish, author_words):
    """Everything the learner view shows, as plain data; ``message`` and ``never_stuck`` are ``Message``s.

    ``publish(fraction)`` tells the runtime a new grade (a fraction of the item's points), once per
    change; ``author_words`` (author's page, author) stand for the author in anonymous wiki work.
    """
    rubric = item.parsed_rubric()
    state = {
        "max_text_characters": submitting.MAX_TEXT_CHARACTERS,
        "text_tags": sorted(submitting.TEXT_TAGS),
        "rubric": rubric.as_json(),
        "allow_text": item.allow_text,
        "wiki_name": wikis.get_wiki(item.wiki).name if item.wiki else "",
        "anonymous": item.anonymous,
        "max_points": rubric.max_points,
    }
    mine = allocation.own_submission(item.item_id, user)
    if mine is None:
        closed = _passed(item.submission_due, now)
        if closed:
            return {**state, **_status("closed", time=_when(closed))}
        if item.wiki:
            state.update(_account_state(item, user))
            if not item.allow_text and not state["wiki_account"]:
                return {**state, **_status(LINK_ACCOUNT, wiki=state["wiki_name"])}
        return {**state, **_status("submit")}
    fallbacks.apply_due_rules(mine, now)
    given = grading.given_count(item.item_id, user)
    result = grading.standing(mine, rubric, given)
    publishing.announce_once(mine, result, rubric.max_points, lambda points: publish(points / rubric.max_points))
    received = len(result.peer_reviews)
    state.update(
        submission=work_data(mine),
        given=given,
        required_given=mine.required_given,
        received=received,
        required_reviews=mine.required_reviews,
        never_stuck=_never_stuck(item, mine, received, now),
        self_review_open=item.self_review and result.self_review is None,
        self_review=_review_data(item, result.self_review, 0) if result.self_review else None,
    )
    lease = allocation.current_lease(item.item_id, user)
    if lease is not None:
        state["task"] = _task_data(item, lease, author_words)
    return {**state, **_review_step(item, mine, given, result, rubric)}


def _status(code, **params):
    return {"status": code, "message": Message(code, params)}


def _review_step(item, mine, given, result, rubric):
    """Where a learner who submitted stands: moderated, graded, still reviewing, or waiting for reviews."""
    if mine.status != PeerSubmission.ACTIVE:
        return _status(mine.status)
    if result.ready:
        return {**_grade_data(item, result, rubric), "status": "graded"}
    if given < mine.required_given:
        return _status("reviewing", given=given, required=mine.required_given)
    return _status("waiting", received=len(result.peer_reviews), needed=mine.required_reviews)


def _never_stuck(item, mine, received, now):
    """What happens if the learner's group is too small or slow to review their work, or what did happen.

    A group still too small is mentioned only once ``small_group_warning_due`` says so: right after the
    first submission it is no news.
    """
    if mine.stalled:
        kind = "staff" if mine.needs_staff else "reduced" if received >= mine.required_reviews else "shared"
        return Message(STALL_APPLIED, {"needed": mine.required_reviews}, kind)
    if mine.grace_checked_at is None:
        needed = max(mine.required_reviews, mine.required_given)
        if pool_shortfall(fallbacks.others_in_pool(mine, needed), mine.required_reviews, mine.required_given):
            if not small_group_warning_due(mine.submitted_at, mine.grace_ends_at, _due(item.submission_due), now):
                return None
            return Message(SMALL_POOL_PLAN, {"needed": needed, "time": _when(mine.grace_ends_at)}, mine.fallback)
    applied = _fallback_applied(item, mine)
    if applied or mine.stall_checked_at is not None or received >= mine.required_reviews:
        return applied
    return Message(STALL_PLAN, {"needed": mine.required_reviews, "time": _when(mine.stall_check_at)}, mine.fallback)


def _fallback_applied(item, mine):
    policy = item.policy()
    applied = (
        (mine.needs_staff, "staff"),
        (mine.shared, "shared"),
        (mine.reviews_other_cohorts, "across"),
        ((mine.required_reviews, mine.required_given) != (policy.must_be_graded_by, policy.must_grade), "reduced"),
    )
    kind = next((kind for happened, kind in applied if happened), None)
    if kind is None:
        return None
    return Message(FALLBACK_APPLIED, {"needed": mine.required_reviews, "to_give": mine.required_given}, kind)


def _account_state(item, user):
    """The learner's verified account on the item's wiki (``wiki_account``, "" if none) and, until it is
    linked, the open verification challenge (``challenge``: where to save which code, until when)."""
    wiki = wikis.get_wiki(item.wiki)
    account = linking.linked_account(user, wiki.family)
    if account is not None:
        return {"wiki_account": account.username, "challenge": None}
    challenge = linking.open_challenge(user, wiki.family)
    if challenge is None:
        return {"wiki_account": "", "challenge": None}
    return {
        "wiki_account": "",
        "challenge": {
            "username": challenge.username,
            "code": challenge.code,
            "page_title": challenge.page_title,
            "page_url": wiki.page_url(challenge.page_title) + "&action=edit",
            "expires_at": _when(challenge.expires_at),
        },
    }


def work_data(submission, show_author=False):
    """The work as stored (sanitized when it was submitted), with a link to the wiki revision."""
    work = {
        "id": submission.pk,
        "kind": submission.kind,
        "text_html": submission.text,
        "diff_html": submission.diff_html,
        "page_title": submission.page_title,
        "submitted_at": _when(submission.submitted_at),
    }
    if submission.revid:
        work["revision_url"] = wikis.get_wiki(submission.wiki).revision_url(submission.revid)
    if show_author:
        work["author"] = submission.author.username
    return work


def _task_data(item, lease, author_words):
    """The leased work; an anonymous reviewer of a wiki edit sees no user page title or link, and no link
    to the revision on the wiki (its history names the author)."""
    submission = lease.submission
    work = work_data(submission, show_author=not item.anonymous)
    if item.anonymous and work["kind"] == PeerSubmission.WIKI:
        author_page, author = author_words
        work.update(
            page_title=anonymity.neutral_title(submission.page_title, author_page),
            diff_html=anonymity.neutral_diff(submission.diff_html, submission.page_title, author_page, author),
            revision_url="",
        )
    return {"submission": work, "expires_at": _when(lease.expires_at)}


def _review_data(item, review, number, counted=True):
    return {
        "counted": counted,
        "reported": bool(review.flag_reason),
        "id": review.pk,
        "number": number,
        "reviewer": "" if item.anonymous or review.kind == PeerReview.SELF else review.reviewer.username,
        "kind": review.kind,
        "scores": review.scores,
        "feedback": review.feedback,
        "points": review.points,
    }


def _grade_data(item, result, rubric):
    medians = [
        {"criterion": criterion.name, "median": result.medians.get(criterion.name), "max": criterion.max_points}
        for criterion in rubric.criteria
    ]
    reviews = [_review_data(item, review, number) for number, review in enumerate(result.peer_reviews, start=1)]
    reviews += [
        _review_data(item, review, number, counted=False)
        for number, review in enumerate(result.extra_reviews, start=len(reviews) + 1)
    ]
    return {
        "grade": {
            "points": result.points,
            "source": result.source,
            "medians": medians,
            "reviews": reviews,
            "staff_review": _review_data(item, result.staff_review, 0) if result.staff_review else None,
        },
        "message": Message("graded", {"points": f"{result.points:g}", "max_points": rubric.max_points}),
    }


# -- what learners do --------------------------------------------------------------------------------


def own_submission(item, user):
    """The learner's submission in the item, or None."""
    return allocation.own_submission(item.item_id, user)


def submissions_closed(item, now):
    return _passed(item.submission_due, now) is not None


def work_from(item, user, text, revision_link):
    """``(work, None)`` ready for ``submit``, or ``(None, message)`` saying why it cannot be submitted.

    A revision link asks the wiki, so it is throttled per learner as linking is (a script resubmitting in a
    loop must not get the platform's User-Agent blocked).
    """
    link = str(revision_link).strip()
    try:
        if link:
            if not item.wiki:
                raise submitting.SubmissionRefused(submitting.SubmissionRefused.KIND_NOT_ALLOWED)
            again_at = throttle.claim("peer_submit_edit", user.pk)
            if again_at:
                return None, Message(ASKED_RECENTLY, {"time": f"{again_at:%H:%M:%S}"})
            wiki = wikis.get_wiki(item.wiki)
            revision, diff = submitting.verified_revision(user, wiki, link, wikis.client_for(wiki, background=False))
            return {"wiki": wiki, "revision": revision, "diff_html": diff}, None
        if not item.allow_text:
            raise submitting.SubmissionRefused(submitting.SubmissionRefused.KIND_NOT_ALLOWED)
        return {"text": submitting.clean_text(text)}, None
    except submitting.SubmissionRefused as refusal:
        return None, Message(refusal.code, refusal.params)
    except WikiUnavailable:
        return None, Message(WIKI_DOWN)


def submit(item, user, work, *, anonymous_id, group, now):
    """Store the learner's work (from ``work_from``) in the pool of their ``group`` (None: the course's)."""
    policy = item.policy()
    submission = submitting.submit(
        item=item.item_id,
        author=user,
        anonymous_id=anonymous_id,
        course_key=item.course_key,
        pool=policy.pool_for(group),
        policy=policy,
        now=now,
        **work,
    )
    openedx_compat.emit_tracking_event(
        "wikiskills.peer_review.submitted",
        {"item": item.item_id, "submission_uuid": str(submission.submission_uuid), "kind": submission.kind},
    )
    return Message(SUBMITTED)


def start_linking(item, user, username, now):
    """Give the learner a one-time code to save on their sandbox as ``username`` (the accounts app's
    verification edit); a ``Message`` says what to do next, or why not."""

    def step(wiki, client):
        challenge = linking.start_verification(user, wiki, username, client, now)
        return Message(CODE_GIVEN, {"page": challenge.page_title, "username": challenge.username})

    return _linking_step(item, user, step, now)


def complete_linking(item, user, now):
    """Link the learner's account once its edit with the code is on the wiki; a ``Message`` either way."""

    def step(wiki, client):
        account = linking.complete_verification(user, wiki, client, now)
        return Message(ACCOUNT_LINKED, {"username": account.username, "wiki": wiki.name})

    return _linking_step(item, user, step, now)


def _linking_step(item, user, step, now):
    """Run ``step(wiki, client)`` at most once every few seconds per learner (each asks the wiki)."""
    wiki = wikis.get_wiki(item.wiki)
    again_at = throttle.claim("link", user.pk, now)
    if again_at:
        return Message(ASKED_RECENTLY, {"time": f"{again_at:%H:%M:%S}"})
    try:
        return step(wiki, wikis.client_for(wiki, background=False))
    except linking.AccountLinkRefused as refusal:
        return Message(LINK_REFUSED, {"wiki": wiki.name, **refusal.params}, refusal.reason)
    except WikiUnavailable:
        return Message(LINK_WIKI_DOWN)


def next_review(item, user, now):
    """Lease the peer work that most needs a review (or keep the one leased); a ``Message`` if none is given."""
    closed = _passed(item.review_due, now)
    if closed:
        return Message(REVIEWS_CLOSED, {"time": _when(closed)})
    try:
        lease = allocation.next_for_review(item.item_id, user, item.policy().lease, now)
    except allocation.ReviewRefused as refusal:
        return Message(refusal.code)
    return None if lease is not None else Message(NOTHING_TO_REVIEW)


def score_review(item, chosen, criterion_feedback, feedback):
    """``(scores, overall feedback)`` of a review against the rubric; ``RubricProblem`` says what to fix."""
    rubric = item.parsed_rubric()
    overall = str(feedback).strip()
    check_feedback_length(overall)
    return rubric.score_review(chosen, criterion_feedback), overall


def send_review(item, user, submission_id, *, scores, feedback, now):
    """Record the learner's peer review of work they were given; sending twice counts once."""
    try:
        review, first = allocation.submit_review(
            item.item_id, user, submission_id, scores=scores, feedback=feedback, now=now
        )
    except allocation.ReviewRefused as refusal:
        return Message(refusal.code)
    if first:
        publishing.record_score_of(review.submission_id, item.parsed_rubric())
        peer_review_done.send(sender=PeerReview, review=review, course_key=item.course_key)
        openedx_compat.emit_tracking_event(
            "wikiskills.peer_review.review_sent",
            {"item": item.item_id, "submission_id": review.submission_id, "points": review.points},
        )
    return Message(REVIEW_THANKS)


def send_self_review(mine, user, *, scores, feedback, now):
    moderation.record_review(mine, user, PeerReview.SELF, scores=scores, feedback=feedback, now=now)
    return Message(REVIEW_THANKS)


def report_refused(reason, reported):
    """Why a report cannot be made (no usable reason, or nothing ``reported``), or None."""
    if moderation.usable_reason(reason) and reported is not None:
        return None
    return Message(FLAG_NEEDS_REASON, {"limit": moderation.MAX_REASON_CHARACTERS})


def flag_work(item, user, reason, now):
    """The reviewer reports the work they were given; they get other work next."""
    lease = allocation.current_lease(item.item_id, user)
    refusal = report_refused(reason, lease)
    if refusal:
        return refusal
    try:
        moderation.flag_submission(lease, reason, now)
    except moderation.TooManyReports:
        return Message(TOO_MANY_REPORTS, {"limit": MAX_OPEN_REPORTS})
    return Message(FLAG_THANKS)


def flag_review(mine, review_id, reason):
    """The author reports a review of ``mine``; it counts until staff remove it."""
    try:
        moderation.flag_review(mine, review_id, reason)
    except allocation.ReviewRefused as refusal:
        return Message(refusal.code)
    return Message(REVIEW_REPORTED)


# -- what staff see and do ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffPage:
    """One page of the staff table: its rows, the first row's number, and the pages either side (or None)."""

    rows: list
    first: int
    previous_page: int | None
    next_page: int | None


MAX_TABLE_PAGE = 100_000  # 5,000,000 submissions; a larger page number would overflow the database's OFFSET


def table_position(show, page):
    """``(show, page)`` of the staff table a request asks for, or the first page of all."""
    show = show if show in staff.SHOWS else staff.SHOW_ALL
    try:
        number = min(max(int(page), 0), MAX_TABLE_PAGE)
    except (TypeError, ValueError, OverflowError):
        number = 0
    return show, number


def staff_page(item, rubric, show, number):
    submissions, more = staff.page(item.item_id, show, number)
    return StaffPage(
        rows=staff.rows(item.item_id, rubric, submissions),
        first=number * staff.PAGE_SIZE + 1,
        previous_page=number - 1 if number else None,
        next_page=number + 1 if more else None,
    )


def staff_csv(item):
    """Every submission's standing, as the CSV staff download."""
    return staff.csv_text(staff.rows(item.item_id, item.parsed_rubric()))


def item_submission(item, submission_id):
    return PeerSubmission.objects.filter(item_id=item.item_id, pk=submission_id).first()


def item_review(item, review_id):
    return PeerReview.objects.filter(item_id=item.item_id, pk=review_id).first()


def submitted_learner(item, username):
    """The user named ``username`` if they have submitted work in the item, else None."""
    learner = get_user_model().objects.filter(username=username).first()
    if learner is None or allocation.own_submission(item.item_id, learner) is None:
        return None
    return learner


def assign_reviewer(item, submission, reviewer, staff_user, now):
    """Staff hand ``submission`` to ``reviewer`` as their next review; a ``Message`` says it is done, or why not."""
    try:
        allocation.assign_reviewer(submission, reviewer, staff_user, item.policy().lease, now)
    except allocation.ReviewRefused as refusal:
        return Message(refusal.code)
    return Message(STAFF_ASSIGNED, {"reviewer": reviewer.username, "author": submission.author.username})


def staff_review(item, submission, staff_user, *, scores, feedback, now):
    """Review as staff: its points become the grade (an override still wins); the confirmation to show."""
    review = moderation.record_review(
        submission, staff_user, PeerReview.STAFF, scores=scores, feedback=feedback, now=now
    )
    rubric = item.parsed_rubric()
    publishing.record_score_of(submission.pk, rubric)
    params = {"author": submission.author.username, "points": review.points, "max_points": rubric.max_points}
    return Message(STAFF_REVIEWED, params)


def override_refused(max_points, points, reason):
    """Why an override cannot be set (whole points from 0 to ``max_points``, and a reason), or None."""
    if not reason or not points.is_integer() or not 0 <= points <= max_points:
        return Message(OVERRIDE_NEEDS_REASON, {"max_points": max_points})
    return None


def override(item, submission, points, reason, staff_user):
    """Set the grade with a reason; the confirmation to show staff."""
    moderation.override(submission.pk, points, reason, staff_user)
    rubric = item.parsed_rubric()
    publishing.record_score_of(submission.pk, rubric)
    params = {"author": submission.author.username, "points": f"{points:g}", "max_points": rubric.max_points}
    return Message(STAFF_OVERRIDDEN, {**params, "reason": reason})


def moderate_submission(submission, action, now):
    """Keep reported work in review (dismissing its reports) or remove it (``SUBMISSION_ACTIONS``)."""
    status = PeerSubmission.ACTIVE if action == "restore_submission" else PeerSubmission.REMOVED
    moderation.set_submission_status(submission.pk, status, now)
    return Message(STAFF_MODERATED, {"author": submission.author.username}, action)


def moderate_review(review, action):
    """Keep a reported review or remove it (``REVIEW_ACTIONS``)."""
    (moderation.restore_review if action == "restore_review" else moderation.remove_review)(review.pk)
    return Message(STAFF_MODERATED, {"author": review.submission.author.username}, action)
