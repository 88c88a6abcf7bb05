"""XBlock adapter for peer review; allocation, grading and moderation live in ``wikiskills_peer_review``."""

from datetime import UTC, datetime, timedelta

import nh3
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Boolean, Float, Integer, List, Scope, String
from xblock.utils.resources import ResourceLoader
from xblock.utils.studio_editable import StudioEditableXBlockMixin
from xblock.validation import ValidationMessage

from wikiskills.integrations import openedx_compat
from wikiskills.integrations.mediawiki.errors import WikiUnavailable
from wikiskills.integrations.wikiskills_core import wikis
from wikiskills.integrations.wikiskills_peer_review import (
    allocation,
    anonymity,
    fallbacks,
    grading,
    moderation,
    publishing,
    submitting,
)
from wikiskills.integrations.wikiskills_peer_review.models import PeerReview, PeerSubmission
from wikiskills.integrations.wikiskills_peer_review.policy import (
    FALLBACK_NEIGHBOUR,
    FALLBACK_REDUCE,
    FALLBACK_STAFF,
    MAX_OPEN_REPORTS,
    SCOPE_COHORT,
    SCOPE_COURSE,
    SCOPE_TEAM,
    ReviewPolicy,
    pool_shortfall,
)
from wikiskills.integrations.wikiskills_peer_review.rubric import (
    DEFAULT_RUBRIC,
    Rubric,
    RubricProblem,
    check_feedback_length,
)
from wikiskills.integrations.wikiskills_peer_review.signals import peer_review_done

from ..common import HANDLERS_JS, WikiSkillsBlockMixin, _, json_handler
from . import messages
from .staff_panel import PeerReviewStaffMixin

loader = ResourceLoader(__name__)
DATE_FORMAT = "%Y-%m-%d %H:%M"
MAX_REVIEWS = 20  # per learner, given or received: more is a typo, not a plan


def _wiki_choices(block):
    return [{"display_name": _("(no wiki work)"), "value": ""}] + [
        {"display_name": wiki.name, "value": key} for key, wiki in sorted(wikis.allowed_wikis().items())
    ]


def _parse_due(text):
    """An author's deadline, ``YYYY-MM-DD HH:MM`` in UTC (or just the date); None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@XBlock.needs("i18n")
@XBlock.needs("user")
@XBlock.wants("teams")  # Open edX's teams service, for review within teams
class PeerReviewBlock(PeerReviewStaffMixin, WikiSkillsBlockMixin, StudioEditableXBlockMixin, XBlock):
    """Learners submit written work or a wiki edit, review each other with a rubric, and get the median grade."""

    has_score = True

    display_name = String(display_name=_("Display name"), default=_("Peer review"), scope=Scope.settings)
    prompt = String(
        display_name=_("Assignment"),
        help=_("What learners should produce and why. Basic HTML is kept."),
        default="",
        multiline_editor="html",
        scope=Scope.settings,
    )
    allow_text = Boolean(display_name=_("Accept written text"), default=True, scope=Scope.settings)
    wiki = String(
        display_name=_("Accept an edit on this wiki"),
        help=_("Learners submit a revision they made with their verified account; leave empty for text only."),
        default="",
        values_provider=_wiki_choices,
        scope=Scope.settings,
    )
    rubric = List(
        display_name=_("Rubric"),
        help=_(
            'A JSON list of criteria: {"name", "prompt", "feedback": "none"|"optional"|"required", '
            '"options": [{"label", "points", "explanation"}, ...]}.'
        ),
        default=DEFAULT_RUBRIC,
        scope=Scope.settings,
    )
    must_grade = Integer(display_name=_("Reviews each learner gives"), default=3, scope=Scope.settings)
    must_be_graded_by = Integer(display_name=_("Reviews each submission needs"), default=3, scope=Scope.settings)
    self_review = Boolean(
        display_name=_("Ask for a self-review"),
        help=_("Learners also review their own work with the rubric; it is shown, not graded."),
        default=False,
        scope=Scope.settings,
    )
    anonymous = Boolean(
        display_name=_("Anonymous reviews"),
        help=_("If true, reviewers and authors never see each other's names."),
        default=True,
        scope=Scope.settings,
    )
    submission_due = String(
        display_name=_("Submissions due"),
        help=_("YYYY-MM-DD HH:MM in UTC; empty for none."),
        default="",
        scope=Scope.settings,
    )
    review_due = String(
        display_name=_("Reviews due"),
        help=_("YYYY-MM-DD HH:MM in UTC; empty for none."),
        default="",
        scope=Scope.settings,
    )
    review_scope = String(
        display_name=_("Who reviews whom"),
        default=SCOPE_COHORT,
        values=[
            {"display_name": _("Learners in the same cohort"), "value": SCOPE_COHORT},
            {"display_name": _("Learners in the same team"), "value": SCOPE_TEAM},
            {"display_name": _("Anyone in the course"), "value": SCOPE_COURSE},
        ],
        scope=Scope.settings,
    )
    teamset_id = String(
        display_name=_("Teamset"),
        help=_("The id of the course's teamset whose teams review within themselves (for 'same team')."),
        default="",
        scope=Scope.settings,
    )
    lease_hours = Float(display_name=_("Hours a reviewer holds a submission"), default=8.0, scope=Scope.settings)
    grace_days = Float(
        display_name=_("Days to wait for a small group"),
        help=_("After this many days, a group too small for the review counts gets the fallback below."),
        default=3.0,
        scope=Scope.settings,
    )
    small_pool_fallback = String(
        display_name=_("When a group is too small"),
        default=FALLBACK_REDUCE,
        values=[
            {"display_name": _("Require fewer reviews (as many as the group can give)"), "value": FALLBACK_REDUCE},
            {"display_name": _("Course staff review the work"), "value": FALLBACK_STAFF},
            {"display_name": _("Learners from other cohorts or teams review it"), "value": FALLBACK_NEIGHBOUR},
        ],
        scope=Scope.settings,
    )
    weight = Float(
        display_name=_("Weight"), help=_("Points this assignment is worth."), default=1.0, scope=Scope.settings
    )

    editable_fields = (
        "display_name", "prompt", "allow_text", "wiki", "rubric", "must_grade", "must_be_graded_by", "self_review",
        "anonymous", "submission_due", "review_due", "review_scope", "teamset_id", "lease_hours", "grace_days",
        "small_pool_fallback", "weight",
    )  # fmt: skip

    # -- settings -------------------------------------------------------------

    @property
    def item_id(self):
        return str(self.scope_ids.usage_id)

    @property
    def course_key(self):
        return str(getattr(self.scope_ids.usage_id, "course_key", "") or "")

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

    def max_score(self):
        return self.weight

    def _word(self, template, **params):
        return self._gettext(template).format(**params)

    def validate_field_data(self, validation, data):
        """Studio refuses settings the review could not run with, saying what to fix."""

        def error(text, **params):
            validation.add(ValidationMessage(ValidationMessage.ERROR, self._word(text, **params)))

        try:
            Rubric.from_json(data.rubric)
        except RubricProblem as problem:
            error(problem.template, **problem.params)
        if not data.allow_text and not data.wiki:
            error(_("Accept written text, an edit on a wiki, or both."))
        if data.wiki:
            try:
                wikis.get_wiki(data.wiki)
            except ImproperlyConfigured:
                error(_("Choose one of the allowed wikis: {keys}."), keys=", ".join(sorted(wikis.allowed_wikis())))
        for name, value in (("must_grade", data.must_grade), ("must_be_graded_by", data.must_be_graded_by)):
            if not 1 <= value <= MAX_REVIEWS:
                error(
                    _("{field} must be a whole number from 1 to {maximum}."),
                    field=self.fields[name].display_name,
                    maximum=MAX_REVIEWS,
                )
        if data.review_scope == SCOPE_TEAM and not data.teamset_id.strip():
            error(_("Give the teamset whose teams review within themselves, or choose another 'Who reviews whom'."))
        if data.lease_hours <= 0 or data.grace_days < 0 or data.weight <= 0:
            error(_("Lease hours and weight must be more than 0, and grace days 0 or more."))
        for name in ("submission_due", "review_due"):
            try:
                _parse_due(getattr(data, name))
            except ValueError:
                error(
                    _("Enter {field} as YYYY-MM-DD HH:MM, for example 2026-09-01 18:00."),
                    field=self.fields[name].display_name,
                )

    # -- learner state ----------------------------------------------------------

    def learner_state(self, user=None, notice="", draft=None):
        """Everything the learner view shows, as JSON (also the Learning MFE's student view data).

        ``draft`` is what the learner sent with a refused submission, given back so nothing is lost.
        """
        if not self.validate().empty:
            return {"status": "not_configured", "message": self._gettext(messages.STATUS["not_configured"])}
        user = user or self._people()[0]
        now = timezone.now()
        rubric = self.parsed_rubric()
        state = {
            "notice": notice,
            "draft": draft or {},
            "max_text_characters": submitting.MAX_TEXT_CHARACTERS,
            "text_tags": sorted(submitting.TEXT_TAGS),
            "rubric": rubric.as_json(),
            "allow_text": self.allow_text,
            "wiki_name": wikis.get_wiki(self.wiki).name if self.wiki else "",
            "anonymous": self.anonymous,
            "max_points": rubric.max_points,
        }
        mine = allocation.own_submission(self.item_id, user)
        if mine is None:
            return {**state, **self._submit_step(now)}
        fallbacks.apply_due_rules(mine, now)
        given = grading.given_count(self.item_id, user)
        result = grading.standing(mine, rubric, given)
        self._publish(mine, result, rubric)
        state.update(
            submission=self._work_json(mine),
            given=given,
            required_given=mine.required_given,
            received=len(result.peer_reviews),
            required_reviews=mine.required_reviews,
            never_stuck=self._never_stuck_text(mine, len(result.peer_reviews)),
            self_review_open=self.self_review and result.self_review is None,
            self_review=self._review_json(result.self_review, 0) if result.self_review else None,
        )
        lease = allocation.current_lease(self.item_id, user)
        if lease is not None:
            state["task"] = self._task_json(lease)
        return {**state, **self._review_step(mine, given, result, rubric)}

    def _submit_step(self, now):
        due = _parse_due(self.submission_due)
        if due and now > due:
            return {"status": "closed", "message": self._word(messages.STATUS["closed"], time=f"{due:{DATE_FORMAT}}")}
        return {"status": "submit", "message": self._gettext(messages.STATUS["submit"])}

    def _review_step(self, mine, given, result, rubric):
        """Where a learner who submitted stands: moderated, graded, still reviewing, or waiting for reviews."""
        if mine.status != PeerSubmission.ACTIVE:
            return {"status": mine.status, "message": self._gettext(messages.STATUS[mine.status])}
        if result.ready:
            return {**self._grade_json(result, rubric), "status": "graded"}
        if given < mine.required_given:
            message = self._word(messages.STATUS["reviewing"], given=given, required=mine.required_given)
            return {"status": "reviewing", "message": message}
        message = self._word(
            messages.STATUS["waiting"], received=len(result.peer_reviews), needed=mine.required_reviews
        )
        return {"status": "waiting", "message": message}

    def _never_stuck_text(self, mine, received):
        """What happens if the learner's group is too small or slow to review their work, or what did happen."""
        if mine.stalled:
            kind = "staff" if mine.needs_staff else "reduced" if received >= mine.required_reviews else "shared"
            return self._word(messages.STALL_APPLIED[kind], needed=mine.required_reviews)
        if mine.grace_checked_at is None:
            needed = max(mine.required_reviews, mine.required_given)
            if pool_shortfall(fallbacks.others_in_pool(mine, needed), mine.required_reviews, mine.required_given):
                return self._word(
                    messages.SMALL_POOL_PLAN[mine.fallback], needed=needed, time=f"{mine.grace_ends_at:{DATE_FORMAT}}"
                )
        applied = self._fallback_applied_text(mine)
        if applied or mine.stall_checked_at is not None or received >= mine.required_reviews:
            return applied
        return self._word(
            messages.STALL_PLAN[mine.fallback],
            needed=mine.required_reviews,
            time=f"{mine.stall_check_at:{DATE_FORMAT}}",
        )

    def _fallback_applied_text(self, mine):
        policy = self.policy()
        applied = (
            (mine.needs_staff, "staff"),
            (mine.shared, "shared"),
            (mine.reviews_other_cohorts, "across"),
            ((mine.required_reviews, mine.required_given) != (policy.must_be_graded_by, policy.must_grade), "reduced"),
        )
        kind = next((kind for happened, kind in applied if happened), None)
        if kind is None:
            return ""
        return self._word(messages.FALLBACK_APPLIED[kind], needed=mine.required_reviews, to_give=mine.required_given)

    def _work_json(self, submission, show_author=False):
        work = {
            "id": submission.pk,
            "kind": submission.kind,
            "text_html": submission.text,
            "diff_html": submission.diff_html,
            "page_title": submission.page_title,
            "submitted_at": f"{submission.submitted_at:{DATE_FORMAT}}",
        }
        if submission.revid:
            work["revision_url"] = wikis.get_wiki(submission.wiki).revision_url(submission.revid)
        if show_author:
            work["author"] = submission.author.username
        return work

    def _task_json(self, lease):
        work = self._work_json(lease.submission, show_author=not self.anonymous)
        if self.anonymous and work["kind"] == PeerSubmission.WIKI:
            work.update(self._without_author(lease.submission))
        return {"submission": work, "expires_at": f"{lease.expires_at:{DATE_FORMAT}}"}

    def _without_author(self, submission):
        """The wiki edit as an anonymous reviewer sees it: no user page title or link, and no link to the
        revision on the wiki (its history names the author)."""
        author_page, author = self._gettext(messages.AUTHOR_PAGE), self._gettext(messages.AUTHOR)
        return {
            "page_title": anonymity.neutral_title(submission.page_title, author_page),
            "diff_html": anonymity.neutral_diff(submission.diff_html, submission.page_title, author_page, author),
            "revision_url": "",
        }

    def _review_json(self, review, number, counted=True):
        return {
            "counted": counted,
            "reported": bool(review.flag_reason),
            "id": review.pk,
            "number": number,
            "reviewer": "" if self.anonymous or review.kind == PeerReview.SELF else review.reviewer.username,
            "kind": review.kind,
            "scores": review.scores,
            "feedback": review.feedback,
            "points": review.points,
        }

    def _grade_json(self, result, rubric):
        medians = [
            {"criterion": criterion.name, "median": result.medians.get(criterion.name), "max": criterion.max_points}
            for criterion in rubric.criteria
        ]
        reviews = [self._review_json(review, number) for number, review in enumerate(result.peer_reviews, start=1)]
        reviews += [
            self._review_json(review, number, counted=False)
            for number, review in enumerate(result.extra_reviews, start=len(reviews) + 1)
        ]
        points = f"{result.points:g}"
        return {
            "grade": {
                "points": result.points,
                "source": result.source,
                "medians": medians,
                "reviews": reviews,
                "staff_review": self._review_json(result.staff_review, 0) if result.staff_review else None,
            },
            "message": self._word(messages.STATUS["graded"], points=points, max_points=rubric.max_points),
        }

    def _publish(self, submission, result, rubric):
        def publish(points):
            self.runtime.publish(
                self, "grade", {"value": points / rubric.max_points * self.weight, "max_value": self.weight}
            )
            self.runtime.publish(self, "completion", {"completion": 1.0})

        publishing.announce_once(submission, result, rubric.max_points, publish)

    # -- rendering --------------------------------------------------------------

    def _ids(self):
        return {part: self._element_id(part) for part in ("heading", "status", "text", "link", "staff", "task")}

    def _rubric_form(self, rubric_json, action, submit_label, submission_id=None):
        return self._render(
            "templates/rubric_form.html",
            {
                "rubric": rubric_json,
                "action": action,
                "submit_label": self._gettext(submit_label),
                "submission_id": submission_id,
            },
        )

    def _notice(self, user, template, draft=None, **params):
        """The learner's answer with ``template`` (a marked message) as a notice in their language."""
        return self._answer(self.learner_state(user, self._word(template, **params), draft))

    def _answer(self, state):
        """The state, and the learner panel rendered from it (work shown as sanitized when it was stored)."""
        html = {}
        if state.get("submission"):
            html["mine"] = self._render("templates/work.html", {"work": state["submission"]})
        if state.get("task"):
            work = state["task"]["submission"]
            html["task"] = self._render("templates/work.html", {"work": work})
            html["review_form"] = self._rubric_form(state["rubric"], "send_review", _("Send my review"), work["id"])
        if state.get("self_review_open"):
            html["self_form"] = self._rubric_form(state["rubric"], "send_self_review", _("Save my self-review"))
        panel = self._render("templates/learner_panel.html", {"state": state, "ids": self._ids(), "html": html})
        return {"state": state, "panel_html": panel}

    def student_view(self, context=None):
        """The assignment, then the learner's current step; staff also get the staff panel."""
        user, is_staff = self._viewer()
        if user is None:
            return self._sign_in_fragment()
        state = self.learner_state(user)
        answer = self._answer(state)
        html = self._render(
            "templates/peer_review.html",
            {
                "block": self,
                "prompt": nh3.clean(self.prompt or "", link_rel="noopener noreferrer"),
                "state": state,
                "panel_html": answer["panel_html"],
                "ids": self._ids(),
                "staff_html": self._staff_html() if is_staff and state["status"] != "not_configured" else "",
            },
        )
        fragment = Fragment(html)
        fragment.add_css(loader.load_unicode("static/peer_review.css"))
        fragment.add_javascript(HANDLERS_JS)
        fragment.add_javascript(loader.load_unicode("static/rich_text.js"))
        fragment.add_javascript(loader.load_unicode("static/peer_review.js"))
        fragment.initialize_js("WikiSkillsPeerReview", {})
        return fragment

    def student_view_data(self, context=None):
        return self.learner_state()

    def studio_view(self, context=None):
        """The mixin's settings form, with a structured editor over the rubric's JSON box (which stays)."""
        fragment = StudioEditableXBlockMixin.studio_view(self, context)
        fragment.add_content(self._render("templates/rubric_editor.html", {"id_prefix": self._element_id("rubric")}))
        fragment.add_css(loader.load_unicode("static/rubric_editor.css"))
        fragment.add_javascript(loader.load_unicode("static/rubric_editor.js"))
        fragment.initialize_js("WikiSkillsPeerReviewStudio")  # calls StudioEditableXBlockMixin's init first
        return fragment

    # -- learner handlers ---------------------------------------------------------

    @json_handler
    def current_state(self, data, suffix=""):
        return self._answer(self.learner_state())

    @json_handler
    def submit_work(self, data, suffix=""):
        """Submit text or a wiki revision; a refusal comes back as a notice and the learner's input stays."""
        user, _is_staff = self._people()
        if not self.validate().empty:
            return self._answer(self.learner_state(user))
        now = timezone.now()
        due = _parse_due(self.submission_due)
        if due and now > due:
            return self._answer(self.learner_state(user))
        draft = {"text": str(data.get("text", "")), "revision_link": str(data.get("revision_link", ""))}
        try:
            work = self._work_from(user, data)
        except submitting.SubmissionRefused as refusal:
            return self._notice(user, messages.SUBMISSION_REFUSALS[refusal.code], draft, **refusal.params)
        except WikiUnavailable:
            return self._notice(user, messages.WIKI_DOWN, draft)
        policy = self.policy()
        submission = submitting.submit(
            item=self.item_id,
            author=user,
            anonymous_id=openedx_compat.anonymous_user_id(self._xblock_user(), user),
            course_key=self.course_key,
            pool=policy.pool_for(self._review_group(user)),
            policy=policy,
            now=now,
            **work,
        )
        openedx_compat.emit_tracking_event(
            "wikiskills.peer_review.submitted",
            {"item": self.item_id, "submission_uuid": str(submission.submission_uuid), "kind": submission.kind},
        )
        return self._notice(user, messages.SUBMITTED)

    def _review_group(self, user):
        """The cohort or team the learner reviews within, as the author chose; None for the whole course."""
        if self.review_scope == SCOPE_TEAM:
            teams = self.runtime.service(self, "teams")  # it parses the course id from a string, as ORA2 gives it
            team = teams.get_team(user, self.course_key, self.teamset_id.strip()) if teams else None
            return getattr(team, "team_id", None)
        if self.review_scope == SCOPE_COHORT:
            return openedx_compat.learner_cohort(user, self.course_key)
        return None

    def _work_from(self, user, data):
        link = str(data.get("revision_link", "")).strip()
        if link:
            if not self.wiki:
                raise submitting.SubmissionRefused(submitting.SubmissionRefused.KIND_NOT_ALLOWED)
            wiki = wikis.get_wiki(self.wiki)
            revision, diff = submitting.verified_revision(user, wiki, link, wikis.client_for(wiki, background=False))
            return {"wiki": wiki, "revision": revision, "diff_html": diff}
        if not self.allow_text:
            raise submitting.SubmissionRefused(submitting.SubmissionRefused.KIND_NOT_ALLOWED)
        return {"text": submitting.clean_text(data.get("text", ""))}

    @json_handler
    def next_review(self, data, suffix=""):
        """Lease the peer work that most needs a review (or keep the one already leased)."""
        user, _is_staff = self._people()
        notice = ""
        due = _parse_due(self.review_due)
        if due and timezone.now() > due:
            notice = self._word(messages.REVIEWS_CLOSED, time=f"{due:{DATE_FORMAT}}")
        else:
            try:
                lease = allocation.next_for_review(self.item_id, user, self.policy().lease, timezone.now())
            except allocation.ReviewRefused as refusal:
                lease, notice = None, self._gettext(messages.REVIEW_REFUSALS[refusal.code])
            if lease is None and not notice:
                notice = self._gettext(messages.NOTHING_TO_REVIEW)
        return self._answer(self.learner_state(user, notice))

    def _scores_from(self, data):
        rubric = self.parsed_rubric()
        chosen = data.get("options") if isinstance(data.get("options"), dict) else {}
        feedback = data.get("criterion_feedback") if isinstance(data.get("criterion_feedback"), dict) else {}
        overall = str(data.get("feedback", "")).strip()
        check_feedback_length(overall)
        return rubric.score_review(chosen, feedback), overall

    @json_handler
    def send_review(self, data, suffix=""):
        """Record the learner's review of the work they were given; sending twice counts once."""
        user, _is_staff = self._people()
        try:
            scores, feedback = self._scores_from(data)
            review, first = allocation.submit_review(
                self.item_id,
                user,
                self._whole_number(data, "submission_id"),
                scores=scores,
                feedback=feedback,
                now=timezone.now(),
            )
        except RubricProblem as problem:
            return self._notice(user, problem.template, **problem.params)
        except allocation.ReviewRefused as refusal:
            return self._notice(user, messages.REVIEW_REFUSALS[refusal.code])
        if first:
            publishing.record_score_of(review.submission_id, self.parsed_rubric())
            peer_review_done.send(sender=PeerReview, review=review, course_key=self.course_key)
            openedx_compat.emit_tracking_event(
                "wikiskills.peer_review.review_sent",
                {"item": self.item_id, "submission_id": review.submission_id, "points": review.points},
            )
        return self._notice(user, messages.REVIEW_THANKS)

    @json_handler
    def send_self_review(self, data, suffix=""):
        user, _is_staff = self._people()
        mine = allocation.own_submission(self.item_id, user)
        if mine is None:
            return self._notice(user, messages.REVIEW_REFUSALS[allocation.ReviewRefused.NOT_SUBMITTED])
        try:
            scores, feedback = self._scores_from(data)
        except RubricProblem as problem:
            return self._notice(user, problem.template, **problem.params)
        moderation.record_review(mine, user, PeerReview.SELF, scores=scores, feedback=feedback, now=timezone.now())
        return self._notice(user, messages.REVIEW_THANKS)

    @json_handler
    def flag_work(self, data, suffix=""):
        """The reviewer reports the work they were given as inappropriate; they get other work next."""
        user, _is_staff = self._people()
        reason = str(data.get("reason", "")).strip()
        lease = allocation.current_lease(self.item_id, user)
        if not moderation.usable_reason(reason) or lease is None:
            return self._notice(user, messages.FLAG_NEEDS_REASON, limit=moderation.MAX_REASON_CHARACTERS)
        try:
            moderation.flag_submission(lease, reason, timezone.now())
        except moderation.TooManyReports:
            return self._notice(user, messages.TOO_MANY_REPORTS, limit=MAX_OPEN_REPORTS)
        return self._notice(user, messages.FLAG_THANKS)

    @json_handler
    def flag_review(self, data, suffix=""):
        """The author reports a review they received; staff decide, and it counts until they remove it."""
        user, _is_staff = self._people()
        reason = str(data.get("reason", "")).strip()
        mine = allocation.own_submission(self.item_id, user)
        if not moderation.usable_reason(reason) or mine is None:
            return self._notice(user, messages.FLAG_NEEDS_REASON, limit=moderation.MAX_REASON_CHARACTERS)
        try:
            moderation.flag_review(mine, self._whole_number(data, "review_id"), reason)
        except allocation.ReviewRefused as refusal:
            return self._notice(user, messages.REVIEW_REFUSALS[refusal.code])
        return self._notice(user, messages.REVIEW_REPORTED)

    @staticmethod
    def workbench_scenarios():
        """Demo scenarios; the demo settings define the ``demo`` wiki."""
        return [
            (
                "WikiSkills: peer review (a short text, two reviews each)",
                '<wikiskills_peer_review display_name="Explain a core content policy" must_grade="2"'
                ' must_be_graded_by="2" grace_days="2"'
                ' prompt="&lt;p&gt;In a paragraph, explain why Wikipedia asks for reliable sources.&lt;/p&gt;"/>',
            ),
            (
                "WikiSkills: peer review of a wiki edit",
                '<wikiskills_peer_review display_name="Review each other\'s sourced edit" allow_text="false"'
                ' wiki="demo" must_grade="1" must_be_graded_by="1" self_review="true"'
                ' prompt="&lt;p&gt;Add a sourced sentence to your sandbox and submit the link to your edit.&lt;/p&gt;"'
                "/>",
            ),
            ("WikiSkills: peer review not set up yet", '<wikiskills_peer_review allow_text="false"/>'),
            (
                "WikiSkills: peer review within WikiProject teams (students ana, ben, chen / dara, eli, femi)",
                '<wikiskills_peer_review display_name="Review your WikiProject\'s stub expansions" must_grade="2"'
                ' must_be_graded_by="2" review_scope="team" teamset_id="wikiprojects" small_pool_fallback="neighbour"'
                ' prompt="&lt;p&gt;Describe how you would expand a stub of your WikiProject.&lt;/p&gt;"/>',
            ),
        ]
