"""XBlock adapter for peer review; allocation, grading and moderation live in ``wikiskills_peer_review``."""

import nh3
from django.utils import timezone
from xblock.core import XBlock
from xblock.utils.studio_editable import StudioEditableXBlockMixin
from xblock.validation import ValidationMessage

from wikiskills.integrations import openedx_compat
from wikiskills.integrations.wikiskills_peer_review import api
from wikiskills.integrations.wikiskills_peer_review.api import SCOPE_COHORT, SCOPE_TEAM, RubricProblem

from ..common import WikiSkillsBlockMixin, _, json_handler
from . import messages
from .fields import PeerReviewFields, scenarios
from .linking_step import PeerReviewLinkingMixin
from .staff_panel import PeerReviewStaffMixin


@XBlock.needs("i18n")
@XBlock.needs("user")
@XBlock.wants("teams")  # Open edX's teams service, for review within teams
class PeerReviewBlock(
    PeerReviewLinkingMixin,
    PeerReviewStaffMixin,
    PeerReviewFields,
    WikiSkillsBlockMixin,
    StudioEditableXBlockMixin,
    XBlock,
):
    """Learners submit written work or a wiki edit, review each other with a rubric, and get the median grade."""

    has_score = True

    # -- settings -------------------------------------------------------------

    @property
    def item_id(self):
        return str(self.scope_ids.usage_id)

    @property
    def course_key(self):
        return str(getattr(self.scope_ids.usage_id, "course_key", "") or "")

    def _item(self, settings=None):
        """The item as the app's API takes it, from the block's fields (or from ``settings`` Studio checks)."""
        settings = self if settings is None else settings
        return api.Item(self.item_id, self.course_key, **{name: getattr(settings, name) for name in api.SETTINGS})

    def parsed_rubric(self):
        return self._item().parsed_rubric()

    def max_score(self):
        return self.weight

    def _word(self, template, **params):
        return self._gettext(template).format(**params)

    def _say(self, message):
        """An ``api.Message`` (or a ``RubricProblem``) in the reader's language, in the form its number needs."""
        if isinstance(message, RubricProblem):
            return self._word(message.template, **message.params)
        template = messages.WORDS[message.code]
        template = template[message.kind] if message.kind else template
        if isinstance(template, messages.Plural):
            count = int(message.params[template.count])
            return self._ngettext(template.singular, template.plural, count).format(**message.params)
        return self._word(template, **message.params)

    def validate_field_data(self, validation, data):
        """Studio refuses settings the review could not run with, saying what to fix."""
        for problem in api.settings_problems(self._item(data)):
            validation.add(ValidationMessage(ValidationMessage.ERROR, self._say(self._labelled(problem))))

    def _labelled(self, problem):
        """A settings problem whose ``field`` (a setting's name) is shown as Studio labels it."""
        if not isinstance(problem, api.Message) or "field" not in problem.params:
            return problem
        return api.Message(problem.code, {**problem.params, "field": self.fields[problem.params["field"]].display_name})

    # -- learner state ----------------------------------------------------------

    def learner_state(self, user=None, notice="", draft=None):
        """Everything the learner view shows, as JSON (also the Learning MFE's student view data).

        ``draft`` is what the learner sent with a refused submission, given back so nothing is lost.
        """
        if not self.validate().empty:
            return {"status": "not_configured", "message": self._gettext(messages.STATUS["not_configured"])}
        user = user or self._people()[0]
        author_words = (self._gettext(messages.AUTHOR_PAGE), self._gettext(messages.AUTHOR))
        state = api.learner_state(self._item(), user, timezone.now(), publish=self._publish, author_words=author_words)
        state["message"] = self._say(state["message"])
        if "never_stuck" in state:
            state["never_stuck"] = self._say(state["never_stuck"]) if state["never_stuck"] else ""
        return {"notice": notice, "draft": draft or {}, **state}

    def _publish(self, fraction):
        self.runtime.publish(self, "grade", {"value": fraction * self.weight, "max_value": self.weight})
        self.runtime.publish(self, "completion", {"completion": 1.0})

    # -- rendering --------------------------------------------------------------

    def _ids(self):
        return {
            part: self._element_id(part) for part in ("heading", "status", "text", "link", "username", "staff", "task")
        }

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

    def _notice(self, user, message, draft=None):
        """The learner's answer with ``message`` (an ``api.Message`` or a ``RubricProblem``) as a notice."""
        return self._answer(self.learner_state(user, self._say(message), draft))

    def _work_html(self, work):
        """Work as sanitized when it was stored; a diff also says in words which lines were removed or added."""
        if work.get("diff_html"):
            removed, added = self._gettext(messages.DIFF_REMOVED), self._gettext(messages.DIFF_ADDED)
            work = {**work, "diff_html": api.readable_diff(work["diff_html"], removed, added)}
        return self._render("templates/work.html", {"work": work})

    def _answer(self, state):
        """The state, and the learner panel rendered from it."""
        html = {}
        ids = self._ids()
        if state["status"] in ("submit", api.LINK_ACCOUNT) and state.get("wiki_name") and not state.get("wiki_account"):
            html["linking"] = self._linking_html(state.get("challenge"), state["wiki_name"], ids["username"])
        if state.get("submission"):
            html["mine"] = self._work_html(state["submission"])
        if state.get("task"):
            work = state["task"]["submission"]
            html["task"] = self._work_html(work)
            html["review_form"] = self._rubric_form(state["rubric"], "send_review", _("Send my review"), work["id"])
        if state.get("self_review_open"):
            html["self_form"] = self._rubric_form(state["rubric"], "send_self_review", _("Save my self-review"))
        panel = self._render("templates/learner_panel.html", {"state": state, "ids": ids, "html": html})
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
                "staff_html": self._staff_part(is_staff, state),
            },
        )
        return self._fragment(
            html, "static/peer_review.css", ["static/rich_text.js", "static/peer_review.js"], "WikiSkillsPeerReview"
        )

    def student_view_data(self, context=None):
        return self.learner_state()

    def studio_view(self, context=None):
        """The mixin's settings form, with a structured editor over the rubric's JSON box (which stays)."""
        fragment = super().studio_view(context)  # the mixin's Studio form, CSRF header and save messages
        editor = self._render("templates/rubric_editor.html", {"id_prefix": self._element_id("rubric")})
        css, script = "static/rubric_editor.css", "static/rubric_editor.js"
        return self._with_json_editor(fragment, editor, css, script, "WikiSkillsPeerReviewStudio")

    # -- learner handlers ---------------------------------------------------------

    @json_handler
    def current_state(self, data, suffix=""):
        return self._answer(self.learner_state())

    @json_handler
    def submit_work(self, data, suffix=""):
        """Submit text or a wiki revision; a refusal comes back as a notice and the learner's input stays."""
        user, _is_staff = self._people()
        now, item = timezone.now(), self._item()
        if not self.validate().empty or api.submissions_closed(item, now):
            return self._answer(self.learner_state(user))
        draft = {"text": str(data.get("text", "")), "revision_link": str(data.get("revision_link", ""))}
        work, refusal = api.work_from(item, user, data.get("text", ""), data.get("revision_link", ""))
        if refusal:
            return self._notice(user, refusal, draft)
        anonymous_id = openedx_compat.anonymous_user_id(self._xblock_user(), user)
        return self._notice(
            user, api.submit(item, user, work, anonymous_id=anonymous_id, group=self._review_group(user), now=now)
        )

    def _review_group(self, user):
        """The cohort or team the learner reviews within, as the author chose; None for the whole course."""
        if self.review_scope == SCOPE_TEAM:
            teams = self.runtime.service(self, "teams")  # it parses the course id from a string, as ORA2 gives it
            team = teams.get_team(user, self.course_key, self.teamset_id.strip()) if teams else None
            return getattr(team, "team_id", None)
        if self.review_scope == SCOPE_COHORT:
            return openedx_compat.learner_cohort(user, self.course_key)
        return None

    @json_handler
    def next_review(self, data, suffix=""):
        """Lease the peer work that most needs a review (or keep the one already leased)."""
        user, _is_staff = self._people()
        notice = api.next_review(self._item(), user, timezone.now())
        return self._answer(self.learner_state(user, self._say(notice) if notice else ""))

    def _scores_from(self, data):
        chosen = data.get("options") if isinstance(data.get("options"), dict) else {}
        feedback = data.get("criterion_feedback") if isinstance(data.get("criterion_feedback"), dict) else {}
        return api.score_review(self._item(), chosen, feedback, data.get("feedback", ""))

    @json_handler
    def send_review(self, data, suffix=""):
        """Record the learner's review of the work they were given; sending twice counts once."""
        user, _is_staff = self._people()
        try:
            scores, feedback = self._scores_from(data)
        except RubricProblem as problem:
            return self._notice(user, problem)
        submission_id = self._whole_number(data, "submission_id")
        return self._notice(
            user,
            api.send_review(self._item(), user, submission_id, scores=scores, feedback=feedback, now=timezone.now()),
        )

    @json_handler
    def send_self_review(self, data, suffix=""):
        user, _is_staff = self._people()
        mine = api.own_submission(self._item(), user)
        if mine is None:
            return self._notice(user, api.Message(api.NOT_SUBMITTED))
        try:
            scores, feedback = self._scores_from(data)
        except RubricProblem as problem:
            return self._notice(user, problem)
        return self._notice(
            user, api.send_self_review(mine, user, scores=scores, feedback=feedback, now=timezone.now())
        )

    @json_handler
    def flag_work(self, data, suffix=""):
        """The reviewer reports the work they were given as inappropriate; they get other work next."""
        user, _is_staff = self._people()
        reason = str(data.get("reason", "")).strip()
        return self._notice(user, api.flag_work(self._item(), user, reason, timezone.now()))

    @json_handler
    def flag_review(self, data, suffix=""):
        """The author reports a review they received; staff decide, and it counts until they remove it."""
        user, _is_staff = self._people()
        reason = str(data.get("reason", "")).strip()
        mine = api.own_submission(self._item(), user)
        refusal = api.report_refused(reason, mine)
        if refusal:
            return self._notice(user, refusal)
        return self._notice(user, api.flag_review(mine, self._whole_number(data, "review_id"), reason))

    workbench_scenarios = staticmethod(scenarios)
