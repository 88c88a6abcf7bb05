"""XBlock adapter for editing exercises; accounts, checking and grading live in the plugin apps."""

from datetime import UTC, datetime

import nh3
from xblock.core import XBlock
from xblock.utils.studio_editable import StudioEditableXBlockMixin
from xblock.validation import ValidationMessage

from wikiskills.integrations import openedx_compat
from wikiskills.integrations.wikiskills_exercises import api
from wikiskills.integrations.wikiskills_exercises.api import CriterionSpecError, ExerciseSpec, PageTarget

from .. import linking_messages
from ..common import WikiSkillsBlockMixin, _, json_handler
from . import messages
from .fields import WINDOW_SINCE_DATE, EditExerciseFields
from .staff_panel import EditExerciseStaffMixin

DATE_FORMAT = "%Y-%m-%d %H:%M"  # how learners see times, in UTC


@XBlock.needs("i18n")
@XBlock.needs("user")
class EditExerciseBlock(
    EditExerciseFields, EditExerciseStaffMixin, WikiSkillsBlockMixin, StudioEditableXBlockMixin, XBlock
):
    """The learner makes a real edit on a wiki; the block checks it against the author's criteria and grades it."""

    has_score = True

    # -- helpers ------------------------------------------------------------

    def _word(self, problem):
        """A ``CriterionSpecError`` in the reader's language, nested problems included."""
        params = {
            key: self._word(value) if isinstance(value, CriterionSpecError) else value
            for key, value in problem.params.items()
        }
        return self._gettext(problem.template).format(**params)

    @property
    def usage_key(self):
        return str(self.scope_ids.usage_id)

    def _window_start(self):
        if self.window != WINDOW_SINCE_DATE:
            return None
        return datetime.fromisoformat(self.window_start_date.strip()).replace(tzinfo=UTC)

    def exercise_spec(self):
        return ExerciseSpec(
            wiki=self.wiki,
            target=PageTarget(self.target_kind, self.target.strip()),
            criteria_specs=tuple(self.criteria),
            window_start=self._window_start(),
            combine_edits=self.combine_edits,
            draft_may_move=self.draft_may_move,
        )

    def max_score(self):
        return self.weight

    # -- Studio -------------------------------------------------------------

    def validate_field_data(self, validation, data):
        """Studio refuses settings the checker could not use, saying what to fix."""

        def error(text):
            validation.add(ValidationMessage(ValidationMessage.ERROR, text))

        wiki_problem = self._unknown_wiki_problem(data.wiki)
        if wiki_problem:
            error(wiki_problem)
        for problem in PageTarget(data.target_kind, data.target.strip()).problems():
            error(self._word(problem))
        if data.window == WINDOW_SINCE_DATE:
            try:
                datetime.fromisoformat(data.window_start_date.strip())
            except ValueError:
                error(self._gettext(_("Enter the date as YYYY-MM-DD, for example 2026-09-01.")))
        if not data.weight or data.weight <= 0:
            error(self._gettext(_("The weight must be more than 0.")))
        try:
            api.criteria_from_specs(data.criteria)
        except CriterionSpecError as problem:
            error(self._word(problem))

    def studio_view(self, context=None):
        """The settings form (with the shared Save script), and a structured editor over the criteria's JSON box."""
        fragment = super().studio_view(context)
        kinds = [(kind, self._gettext(label), param) for kind, label, param in messages.CRITERION_KINDS]
        editor = self._render(
            "templates/criteria_editor.html", {"id_prefix": self._element_id("criteria"), "kinds": kinds}
        )
        css, script = "static/criteria_editor.css", "static/criteria_editor.js"
        return self._with_json_editor(fragment, editor, css, script, "WikiSkillsEditExerciseStudio")

    # -- learner ------------------------------------------------------------

    def _words(self, explanation):
        """An ``Explanation`` (a criterion's wording) in the learner's language."""
        text = self._ngettext(explanation.singular, explanation.plural, explanation.count)
        return text.format(**explanation.params)

    def learner_state(self, user=None, notice=""):
        """Everything the learner view shows, as JSON (also the Learning MFE's student view data)."""
        if not self.validate().empty:
            return {"status": "not_configured", "message": self._gettext(messages.STATUS_MESSAGES["not_configured"])}
        user = user or self._people()[0]
        state = api.learner_state(user, self.usage_key, self.exercise_spec())
        self._publish_earned(state.attempt)
        wiki = state.wiki
        checked_at = state.attempt.checked_at
        answer = {
            "status": state.status,
            "message": self._status_message(state),
            "wiki_name": wiki.name,
            "account": state.account,
            "target_title": state.target_title,
            "target_url": wiki.page_url(state.target_title) if state.target_title else "",
            "notice": notice,
            "checked_at": checked_at.isoformat() if checked_at else None,
            "criteria": [self._words(explanation) for explanation in state.criteria],
            "results": [
                {"kind": kind, "met": met, "text": self._words(explanation)} for kind, met, explanation in state.results
            ],
            "evidence": [{"revid": revid, "url": wiki.revision_url(revid)} for revid in state.evidence_revids],
            "judged_none": self._gettext(messages.JUDGED_NONE).format(time=f"{state.judged_none_since:{DATE_FORMAT}}")
            if state.judged_none_since
            else "",
            "score": state.score,
            "score_text": self._score_text(state),
        }
        if state.challenge:
            answer["challenge"] = {
                "username": state.challenge.username,
                "code": state.challenge.code,
                "page_title": state.challenge.page_title,
                "page_url": wiki.page_url(state.challenge.page_title) + "&action=edit",
                "expires_at": f"{state.challenge.expires_at:{DATE_FORMAT}}",
            }
        return answer

    def _status_message(self, state):
        """The status line: why a check could not decide when it could not, else the status in words."""
        if state.problem:
            return self._gettext(messages.PROBLEM_MESSAGES[state.problem]).format(wiki=state.wiki.name)
        message = self._gettext(messages.STATUS_MESSAGES[state.status])
        return message.format(time=f"{state.waiting_until:{DATE_FORMAT}}") if state.waiting_until else message

    def _score_text(self, state):
        """The learner's score in points, and the staff's reason when they set it; "" before any score."""
        if state.score is None:
            return ""
        params = {"earned": f"{state.score * self.weight:g}", "possible": f"{self.weight:g}"}
        if state.override_reason:
            return self._gettext(messages.OVERRIDDEN).format(reason=state.override_reason, **params)
        return self._gettext(messages.SCORE).format(**params)

    def _publish_earned(self, attempt):
        """Publish the grade (and completion on a pass) once per change of the learner's score."""

        def publish(score):
            self.runtime.publish(self, "grade", {"value": score * self.weight, "max_value": self.weight})
            if attempt.status == attempt.PASSED:
                self.runtime.publish(self, "completion", {"completion": 1.0})

        api.publish_score_once(attempt, publish)

    def _panel_html(self, state):
        ids = self._ids()
        linking_html = ""
        if state["status"] == "link_account":
            proof_note = self._gettext(messages.PROOF_EDIT_NOT_JUDGED)
            linking_html = self._linking_html(state.get("challenge"), state["wiki_name"], ids["username"], proof_note)
        return self._render("templates/learner_panel.html", {"state": state, "ids": ids, "linking_html": linking_html})

    def _ids(self):
        return {part: self._element_id(part) for part in ("heading", "status", "username", "results", "staff")}

    def _answer(self, state):
        return {"state": state, "panel_html": self._panel_html(state)}

    def student_view(self, context=None):
        """Instructions, then the learner's next step; staff also see every learner's status."""
        user, is_staff = self._viewer()
        if user is None:
            return self._sign_in_fragment()
        state = self.learner_state(user)
        instructions = nh3.clean(self.instructions or "", link_rel="noopener noreferrer")
        html = self._render(
            "templates/exercise.html",
            {
                "block": self,
                "instructions": instructions,
                "panel_html": self._panel_html(state),
                "state": state,
                "ids": self._ids(),
                "staff_html": self._staff_part(is_staff, state),
            },
        )
        return self._fragment(
            html,
            "static/edit_exercise.css",
            ["static/edit_exercise.js"],
            "WikiSkillsEditExercise",
            {"status": state["status"], "gave_up": self._gettext(messages.WIKI_DOWN)},
        )

    def student_view_data(self, context=None):
        return self.learner_state()

    @json_handler
    def current_state(self, data, suffix=""):
        """Polled by the view while a check is under way."""
        return self._answer(self.learner_state())

    def _asked_recently(self, action, user):
        """The notice for a learner who asked the wiki too recently, or "" when they may ask now."""
        again_at = api.asked_recently(action, user)
        return self._gettext(linking_messages.ASKED_RECENTLY).format(time=f"{again_at:%H:%M:%S}") if again_at else ""

    def _linking_step(self, step):
        """Run a linking step against the wiki; a refusal becomes a notice in the learner's language."""
        user, _is_staff = self._people()
        if not self.validate().empty:
            return self._answer(self.learner_state(user))
        notice = self._asked_recently("link", user)
        refused = None if notice else api.link_step(user, self.wiki, step)
        if refused:
            code, params = refused
            wording = messages.WIKI_DOWN if code == api.WIKI_DOWN else linking_messages.LINK_REFUSALS[code]
            notice = self._gettext(wording).format(**params)
        return self._answer(self.learner_state(user, notice))

    @json_handler
    def start_verification(self, data, suffix=""):
        """The learner names their wiki account and gets a one-time code to save on their sandbox."""
        return self._linking_step(api.start_verification(str(data.get("username", ""))))

    @json_handler
    def complete_verification(self, data, suffix=""):
        """Link the account once its edit with the code is on the wiki."""
        return self._linking_step(api.complete_verification)

    @json_handler
    def check_edit(self, data, suffix=""):
        """Queue a check of the learner's edits; the view polls ``current_state`` for the verdict."""
        user, _is_staff = self._people()
        if not self.validate().empty:
            return self._answer(self.learner_state(user))
        notice = self._asked_recently("check", user)
        if not notice:
            anonymous_id = openedx_compat.anonymous_user_id(self._xblock_user(), user)
            api.request_check(user, self.usage_key, self.exercise_spec(), anonymous_id)
        return self._answer(self.learner_state(user, notice))
