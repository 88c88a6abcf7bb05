"""XBlock adapter for editing exercises; accounts, checking and grading live in the plugin apps."""

from datetime import UTC, datetime

import nh3
from django.core.exceptions import ImproperlyConfigured
from web_fragments.fragment import Fragment
from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Float, List, Scope, String
from xblock.utils.resources import ResourceLoader
from xblock.utils.studio_editable import StudioEditableXBlockMixin
from xblock.validation import ValidationMessage

from wikiskills.integrations import openedx_compat
from wikiskills.integrations.mediawiki.errors import WikiUnavailable
from wikiskills.integrations.wikiskills_accounts import linking
from wikiskills.integrations.wikiskills_accounts.identity import ACCOUNT_CHANGED
from wikiskills.integrations.wikiskills_core import throttle, wikis
from wikiskills.integrations.wikiskills_exercises import attempts, staff, tasks
from wikiskills.integrations.wikiskills_exercises.criteria import (
    CriterionResult,
    CriterionSpecError,
    criteria_from_specs,
)
from wikiskills.integrations.wikiskills_exercises.exercise import (
    TARGET_ANY,
    TARGET_NAMESPACE,
    TARGET_PAGE,
    TARGET_PATTERN,
    ExerciseSpec,
    PageTarget,
)

from ..common import HANDLERS_JS, WikiSkillsBlockMixin, _, json_handler
from . import messages

loader = ResourceLoader(__name__)

WINDOW_SINCE_START = "since_start"
WINDOW_SINCE_DATE = "since_date"
DEFAULT_CRITERIA = [
    {"type": "bytes_added", "min": 200},
    {"type": "references_added", "min": 1},
    {"type": "edit_summary"},
]


def _wiki_choices(block):
    """Studio's drop-down of the wikis the platform administrator allows."""
    return [{"display_name": wiki.name, "value": key} for key, wiki in sorted(wikis.allowed_wikis().items())]


@XBlock.needs("i18n")
@XBlock.needs("user")
class EditExerciseBlock(WikiSkillsBlockMixin, StudioEditableXBlockMixin, XBlock):
    """The learner makes a real edit on a wiki; the block checks it against the author's criteria and grades it."""

    has_score = True

    display_name = String(display_name=_("Display name"), default=_("Editing exercise"), scope=Scope.settings)
    instructions = String(
        display_name=_("Instructions"),
        help=_("What the learner should do and why. Basic HTML (links, lists, emphasis) is kept."),
        default="",
        multiline_editor="html",
        scope=Scope.settings,
    )
    wiki = String(
        display_name=_("Wiki"),
        help=_("The wiki learners edit, from the wikis your platform administrator allows."),
        default="",
        values_provider=_wiki_choices,
        scope=Scope.settings,
    )
    target_kind = String(
        display_name=_("Pages that count"),
        help=_("One page, a title pattern with {username}, a namespace, or any page."),
        default=TARGET_PATTERN,
        values=[
            {"display_name": _("One page (exact title)"), "value": TARGET_PAGE},
            {"display_name": _("A title pattern, e.g. User:{username}/sandbox"), "value": TARGET_PATTERN},
            {"display_name": _("Any page in a namespace"), "value": TARGET_NAMESPACE},
            {"display_name": _("Any page"), "value": TARGET_ANY},
        ],
        scope=Scope.settings,
    )
    target = String(
        display_name=_("Page, pattern or namespace"),
        help=_("The exact title, a pattern such as User:{username}/sandbox, or a namespace number (0 = articles)."),
        default="User:{username}/sandbox",
        scope=Scope.settings,
    )
    window = String(
        display_name=_("Edits that count"),
        default=WINDOW_SINCE_START,
        values=[
            {"display_name": _("Made after the learner opened the exercise"), "value": WINDOW_SINCE_START},
            {"display_name": _("Made after a date"), "value": WINDOW_SINCE_DATE},
        ],
        scope=Scope.settings,
    )
    window_start_date = String(
        display_name=_("Date"),
        help=_("With 'Made after a date': the first day (UTC) edits count, as YYYY-MM-DD."),
        default="",
        scope=Scope.settings,
    )
    weight = Float(display_name=_("Weight"), help=_("Points for passing."), default=1.0, scope=Scope.settings)
    criteria = List(
        display_name=_("Criteria"),
        help=_(
            "A JSON list; an edit must meet all of them. Types: bytes_added (min), references_added (min), "
            "wikilinks_added (min), template_added (name), section_added, file_added, category_added, "
            "edit_summary (contains), not_minor, talk_page_section (page), still_stands (hours), "
            "reverted_vandalism."
        ),
        default=DEFAULT_CRITERIA,
        scope=Scope.settings,
    )
    combine_edits = Boolean(
        display_name=_("Several edits may count together"),
        help=_("If true, counts add up over all the learner's edits to the pages; otherwise one edit must do it all."),
        default=False,
        scope=Scope.settings,
    )
    draft_may_move = Boolean(
        display_name=_("The draft may be moved"),
        help=_(
            "If true, a page moved away from the title (a sandbox draft moved to the articles) keeps counting, "
            "even after the title is reused."
        ),
        default=False,
        scope=Scope.settings,
    )

    editable_fields = (
        "display_name", "instructions", "wiki", "target_kind", "target", "window", "window_start_date",
        "weight", "criteria", "combine_edits", "draft_may_move",
    )  # fmt: skip

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

        try:
            wikis.get_wiki(data.wiki)
        except ImproperlyConfigured:
            keys = ", ".join(sorted(wikis.allowed_wikis())) or self._gettext(_("none is configured"))
            error(self._gettext(_("Choose one of the allowed wikis: {keys}.")).format(keys=keys))
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
            criteria_from_specs(data.criteria)
        except CriterionSpecError as problem:
            error(self._word(problem))

    # -- learner ------------------------------------------------------------

    def learner_state(self, user=None, notice=""):
        """Everything the learner view shows, as JSON (also the Learning MFE's student view data)."""
        if not self.validate().empty:
            return {"status": "not_configured", "message": self._gettext(messages.STATUS_MESSAGES["not_configured"])}
        user = user or self._people()[0]
        wiki = wikis.get_wiki(self.wiki)
        account = linking.linked_account(user, wiki.family)
        attempt = attempts.attempt_for(user, self.usage_key, wiki.key)
        self._publish_earned(attempt)
        username = account.username if account else ""
        target_title = self.exercise_spec().target.title_for(username)
        state = {
            "wiki_name": wiki.name,
            "account": username,
            "target_title": target_title or "",
            "target_url": wiki.page_url(target_title) if target_title else "",
            "notice": notice,
            "checked_at": attempt.checked_at.isoformat() if attempt.checked_at else None,
            "results": self._results_json(attempt),
            "evidence": [{"revid": revid, "url": wiki.revision_url(revid)} for revid in attempt.evidence_revids],
            "score": attempt.score,
        }
        # Asked to link again when the last check found the account renamed, until the learner does.
        relink = (
            account is not None
            and attempt.check_problem == ACCOUNT_CHANGED
            and attempt.status != attempt.PASSED
            and account.verified_at <= attempt.checked_at
        )
        if account is None or relink:
            linking_state = self._linking_state(user, wiki)
            if relink:
                linking_state["message"] = self._gettext(messages.PROBLEM_MESSAGES[ACCOUNT_CHANGED])
            return {**state, **linking_state}
        status = attempt.status
        message = self._gettext(messages.STATUS_MESSAGES[status])
        if attempt.check_problem in messages.PROBLEM_MESSAGES and status != attempt.PASSED:
            status = "needs_staff" if status == attempt.PENDING else status
            message = self._gettext(messages.PROBLEM_MESSAGES[attempt.check_problem]).format(wiki=wiki.name)
        elif status == attempt.PENDING and attempt.next_check_at:
            status = "waiting"
            waiting = self._gettext(messages.STATUS_MESSAGES["waiting"])
            message = waiting.format(time=f"{attempt.next_check_at:%Y-%m-%d %H:%M}")
        return {**state, "status": status, "message": message}

    def _linking_state(self, user, wiki):
        challenge = linking.open_challenge(user, wiki.family)
        state = {"status": "link_account", "message": self._gettext(messages.STATUS_MESSAGES["link_account"])}
        if challenge:
            state["challenge"] = {
                "username": challenge.username,
                "code": challenge.code,
                "page_title": challenge.page_title,
                "page_url": wiki.page_url(challenge.page_title) + "&action=edit",
                "expires_at": f"{challenge.expires_at:%Y-%m-%d %H:%M}",
            }
        return state

    def _results_json(self, attempt):
        """Each criterion's verdict in words, paired with the criteria the check used."""
        if not attempt.results:
            return []
        criteria = ExerciseSpec.from_json(attempt.exercise).criteria
        return [self._result_json(criterion, data) for criterion, data in zip(criteria, attempt.results, strict=False)]

    def _result_json(self, criterion, data):
        waiting = data.get("waiting_until")
        result = CriterionResult(**{**data, "waiting_until": datetime.fromisoformat(waiting) if waiting else None})
        explanation = criterion.explain(result)
        text = self._i18n().ngettext(explanation.singular, explanation.plural, explanation.count)
        return {"kind": result.kind, "met": result.met, "text": text.format(**explanation.params)}

    def _publish_earned(self, attempt):
        """Publish the grade (and completion on a pass) once per change of the learner's score."""

        def publish(score):
            self.runtime.publish(self, "grade", {"value": score * self.weight, "max_value": self.weight})
            if attempt.status == attempt.PASSED:
                self.runtime.publish(self, "completion", {"completion": 1.0})

        attempts.publish_score_once(attempt, publish)

    def _panel_html(self, state):
        return self._render("templates/learner_panel.html", {"state": state, "ids": self._ids()})

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
                "staff_html": self._staff_html() if is_staff and state["status"] != "not_configured" else "",
            },
        )
        fragment = Fragment(html)
        fragment.add_css(loader.load_unicode("static/edit_exercise.css"))
        fragment.add_javascript(HANDLERS_JS)
        fragment.add_javascript(loader.load_unicode("static/edit_exercise.js"))
        fragment.initialize_js(
            "WikiSkillsEditExercise",
            {"status": state["status"], "gave_up": self._gettext(messages.WIKI_DOWN)},
        )
        return fragment

    def student_view_data(self, context=None):
        return self.learner_state()

    @json_handler
    def current_state(self, data, suffix=""):
        """Polled by the view while a check is under way."""
        return self._answer(self.learner_state())

    def _asked_recently(self, action, user):
        """The notice for a learner who asked the wiki too recently, or "" when they may ask now."""
        again_at = throttle.claim(action, user.pk)
        return self._gettext(messages.ASKED_RECENTLY).format(time=f"{again_at:%H:%M:%S}") if again_at else ""

    def _linking_step(self, step):
        """Run ``step(user, wiki, client)`` against the wiki; a refusal becomes a notice in the learner's language."""
        user, _is_staff = self._people()
        if not self.validate().empty:
            return self._answer(self.learner_state(user))
        wiki = wikis.get_wiki(self.wiki)
        notice = self._asked_recently("link", user)
        if notice:
            return self._answer(self.learner_state(user, notice))
        try:
            step(user, wiki, wikis.client_for(wiki, background=False))
        except linking.AccountLinkRefused as refusal:
            notice = self._gettext(messages.LINK_REFUSALS[refusal.reason]).format(wiki=wiki.name, **refusal.params)
        except WikiUnavailable:
            notice = self._gettext(messages.WIKI_DOWN)
        return self._answer(self.learner_state(user, notice))

    @json_handler
    def start_verification(self, data, suffix=""):
        """The learner names their wiki account and gets a one-time code to save on their sandbox."""
        username = str(data.get("username", ""))
        return self._linking_step(lambda user, wiki, client: linking.start_verification(user, wiki, username, client))

    @json_handler
    def complete_verification(self, data, suffix=""):
        """Link the account once its edit with the code is on the wiki."""
        return self._linking_step(linking.complete_verification)

    @json_handler
    def check_edit(self, data, suffix=""):
        """Queue a check of the learner's edits; the view polls ``current_state`` for the verdict."""
        user, _is_staff = self._people()
        if not self.validate().empty:
            return self._answer(self.learner_state(user))
        wiki = wikis.get_wiki(self.wiki)
        if linking.linked_account(user, wiki.family) is None:
            return self._answer(self.learner_state(user))
        notice = self._asked_recently("check", user)
        if notice:
            return self._answer(self.learner_state(user, notice))
        attempt = attempts.attempt_for(user, self.usage_key, wiki.key)
        anonymous_id = openedx_compat.anonymous_user_id(self._xblock_user(), user)
        if attempts.request_check(attempt, self.exercise_spec(), anonymous_id=anonymous_id):
            tasks.enqueue_checks(wiki.key, [attempt.pk])
        return self._answer(self.learner_state(user))

    # -- staff --------------------------------------------------------------

    def _staff_rows(self):
        return staff.learner_rows(self.usage_key, wikis.get_wiki(self.wiki).family)

    def _staff_html(self):
        wiki = wikis.get_wiki(self.wiki)
        rows = [
            {"row": row, "evidence": [(revid, wiki.revision_url(revid)) for revid in row.evidence_revids]}
            for row in self._staff_rows()
        ]
        csv_url = self.runtime.handler_url(self, "export_csv")
        return self._render("templates/staff_panel.html", {"rows": rows, "csv_url": csv_url, "ids": self._ids()})

    @json_handler
    def staff_override(self, data, suffix=""):
        """Set one learner's score by hand, with a reason."""
        staff_user = self._require_staff()
        try:
            staff.override_score(
                self.usage_key,
                self._whole_number(data, "attempt_id"),
                float(data["score"]),
                reason=str(data.get("reason", "")),
                staff_user=staff_user,
            )
        except (KeyError, TypeError, ValueError):
            raise JsonHandlerError(400, self._gettext(messages.OVERRIDE_NEEDS_REASON)) from None
        return {"staff_html": self._staff_html()}

    @json_handler
    def staff_recheck(self, data, suffix=""):
        """Check one learner (``attempt_id``) or everyone again."""
        self._require_staff()
        chosen = [self._whole_number(data, "attempt_id")] if data.get("attempt_id") else None
        attempt_ids = staff.request_rechecks(self.usage_key, self.exercise_spec(), chosen)
        tasks.enqueue_checks(self.wiki, attempt_ids)
        return {"staff_html": self._staff_html()}

    @XBlock.handler
    def export_csv(self, request, suffix=""):
        """Every learner's status as a CSV download, for staff only."""
        _user, is_staff = self._people()
        if not is_staff:
            return self._forbidden()
        wiki = wikis.get_wiki(self.wiki)
        body = staff.csv_text(self._staff_rows(), wiki.revision_url)
        response = Response(body=body.encode("utf-8"), content_type="text/csv", charset="utf-8")
        response.content_disposition = 'attachment; filename="edit-exercise.csv"'
        return response

    @staticmethod
    def workbench_scenarios():
        """Demo scenarios; the demo settings define the ``demo`` wiki."""
        return [
            (
                "WikiSkills: editing exercise (sandbox, one reference)",
                '<wikiskills_edit_exercise display_name="Add a reference in your sandbox" wiki="demo"'
                ' target_kind="pattern" target="User:{username}/sandbox"'
                ' criteria=\'[{"type": "references_added", "min": 1}, {"type": "edit_summary"}]\''
                ' instructions="&lt;p&gt;Write a sentence in your sandbox and cite a source for it.&lt;/p&gt;"/>',
            ),
            (
                "WikiSkills: editing exercise (an article, several edits, must stand a day)",
                '<wikiskills_edit_exercise display_name="Improve an article" wiki="demo" target_kind="namespace"'
                ' target="0" combine_edits="true"'
                ' criteria=\'[{"type": "bytes_added", "min": 300}, {"type": "references_added", "min": 2},'
                ' {"type": "not_minor"}, {"type": "still_stands", "hours": 24}]\''
                ' instructions="&lt;p&gt;Add two sourced sentences to an article. Your edits must still stand'
                ' after a day.&lt;/p&gt;"/>',
            ),
            (
                "WikiSkills: editing exercise (start a talk-page discussion)",
                '<wikiskills_edit_exercise display_name="Ask on a talk page" wiki="demo" target_kind="namespace"'
                ' target="1" criteria=\'[{"type": "talk_page_section"}, {"type": "edit_summary"}]\''
                ' instructions="&lt;p&gt;Start a new discussion on the talk page of an article you read.&lt;/p&gt;"/>',
            ),
            ("WikiSkills: editing exercise not set up yet", "<wikiskills_edit_exercise/>"),
        ]
