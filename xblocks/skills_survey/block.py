"""XBlock adapter for the skills self-assessment; the taxonomy and the learner's profile live in the skills app."""

import nh3
from xblock.completable import CompletableXBlockMixin, XBlockCompletionMode
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import List, Scope, String
from xblock.utils.studio_editable import StudioEditableXBlockMixin
from xblock.validation import ValidationMessage

from wikiskills.integrations.wikiskills_skills import api, evidence
from wikiskills.integrations.wikiskills_skills import messages as skill_messages

from ..common import WikiSkillsBlockMixin, _, json_handler
from . import messages


def _skill_choices(block):
    """Studio's checklist of the taxonomy's skills, sub-skills indented, in the taxonomy's order."""
    return [{"display_name": label, "value": code} for code, label in api.skill_choices()]


@XBlock.needs("i18n")
@XBlock.needs("user")
class SkillsSurveyBlock(WikiSkillsBlockMixin, StudioEditableXBlockMixin, CompletableXBlockMixin, XBlock):
    """Learners say how well they know the author's skills, and which they want to learn or can teach.

    The answers live in the learner's skills profile, not in the block: the view always shows
    what the profile holds now, including levels that evidence (a badge, a passed exercise) raised.
    """

    has_custom_completion = True
    completion_mode = XBlockCompletionMode.COMPLETABLE

    display_name = String(display_name=_("Display name"), default=_("Your skills"), scope=Scope.settings)
    prompt = String(
        display_name=_("Introduction"),
        help=_("Optional text shown above the skills, such as why the course asks. Basic HTML is kept."),
        default="",
        multiline_editor="html",
        scope=Scope.settings,
    )
    skills = List(
        display_name=_("Skills"),
        help=_("The skills learners rate themselves on, from the skills taxonomy."),
        default=[],
        list_style="set",
        list_values_provider=_skill_choices,
        scope=Scope.settings,
    )

    editable_fields = ("display_name", "prompt", "skills")

    # -- settings -------------------------------------------------------------

    def _course_key(self):
        """The course the survey is in (LMS: the usage key's context; workbench: the runtime's patched id)."""
        key = (
            getattr(self.scope_ids.usage_id, "context_key", None)
            or getattr(self.runtime, "course_id", None)
            or getattr(self, "course_id", None)
        )
        return str(key) if key else ""

    def _survey_nodes(self):
        """The survey's skills that are in the taxonomy, in the author's order."""
        by_code = {node.code: node for node in api.skill_tree()}
        return [by_code[code] for code in dict.fromkeys(self.skills) if isinstance(code, str) and code in by_code]

    def validate_field_data(self, validation, data):
        """Studio refuses a survey without skills or with codes the taxonomy does not have, naming them."""

        def error(text):
            validation.add(ValidationMessage(ValidationMessage.ERROR, text))

        codes = [str(code) for code in data.skills] if isinstance(data.skills, list) else []
        if not codes:
            error(self._gettext(messages.CHOOSE_SKILLS))
            return
        unknown = api.unknown_skills(codes)
        if unknown:
            error(self._gettext(messages.UNKNOWN_SKILLS).format(codes=", ".join(unknown)))

    # -- learner ----------------------------------------------------------------

    def _levels(self):
        return [{"value": level, "label": self._gettext(name)} for level, name in skill_messages.LEVEL_NAMES.items()]

    def _evidence_note(self, rating):
        """Why the profile counts the learner higher than they said, in their language; "" when it does not."""
        raised = rating and evidence.raised_by(rating)
        if not raised:
            return ""
        level, source = raised
        source_words = self._gettext(skill_messages.EVIDENCE_SOURCES.get(source, skill_messages.EVIDENCE_OTHER))
        return self._gettext(skill_messages.EVIDENCE_RAISED).format(level=level, source=source_words)

    def learner_state(self, user=None, notice=""):
        """The survey's skills with the learner's current answers from their profile (a read: nothing is saved)."""
        nodes = self._survey_nodes()
        if not nodes:
            return {"status": "not_configured", "message": self._gettext(messages.NOT_CONFIGURED), "skills": []}
        user = user or self._people()[0]
        ratings = {rating["skill"]: rating for rating in api.profile_data(user)["skills"]}
        skills = []
        for node in nodes:
            rating = ratings.get(node.code)
            skills.append(
                {
                    "code": node.code,
                    "label": node.label,
                    "description": node.description,
                    "self_level": rating["self_level"] if rating else None,
                    "known_level": rating["known_level"] if rating else 0,
                    "wanted": bool(rating and rating["wanted"]),
                    "offered": bool(rating and rating["offered"]),
                    "evidence_note": self._evidence_note(rating),
                }
            )
        return {"status": "ready", "message": notice, "skills": skills}

    def _rows(self, state):
        """Each skill with the page-unique ids its fieldset needs."""
        return [
            {
                "skill": skill,
                "ids": {
                    part: self._element_id(f"{part}-{skill['code']}")
                    for part in ("legend", "description", "level", "evidence", "wanted", "offered")
                },
            }
            for skill in state["skills"]
        ]

    def student_view(self, context=None):
        """The skills as a form pre-filled from the learner's profile."""
        user, _is_staff = self._viewer()
        if user is None:
            return self._sign_in_fragment()
        state = self.learner_state(user)
        html = self._render(
            "templates/skills_survey.html",
            {
                "block": self,
                "prompt": nh3.clean(self.prompt or "", link_rel="noopener noreferrer"),
                "state": state,
                "rows": self._rows(state),
                "levels": self._levels(),
                "ids": {part: self._element_id(part) for part in ("heading", "status")},
            },
        )
        # A lost connection gets the survey's own words, which name the button to select again.
        handler_errors = {**self._handler_errors(), "network": self._gettext(messages.NOT_SENT)}
        return self._fragment(
            html,
            "static/skills_survey.css",
            ["static/skills_survey.js"],
            "WikiSkillsSkillsSurvey",
            {"handler_errors": handler_errors},
        )

    def student_view_data(self, context=None):
        """The survey's configuration for the Learning MFE and mobile apps; the learner's answers are not in it.

        The apps read the learner's answers from the ``current_state`` handler and send theirs to ``submit_answers``.
        """
        nodes = self._survey_nodes()
        return {
            "display_name": self.display_name,
            "prompt": nh3.clean(self.prompt or "", link_rel="noopener noreferrer"),
            "status": "ready" if nodes else "not_configured",
            "skills": [{"code": node.code, "label": node.label, "description": node.description} for node in nodes],
            "levels": self._levels(),
            "handlers": {"state": "current_state", "submit": "submit_answers"},
        }

    @json_handler
    def current_state(self, data, suffix=""):
        """The learner's current answers for the survey's skills, from their profile."""
        return self.learner_state()

    @json_handler
    def submit_answers(self, data, suffix=""):
        """Store ``{"answers": [{"skill", "self_level", "offered", "wanted"}]}`` in the learner's profile.

        A problem answers 400 with its reason in the learner's language, and nothing is saved.
        """
        user, _is_staff = self._people()
        nodes = self._survey_nodes()
        if not nodes:
            raise JsonHandlerError(400, self._gettext(messages.NOT_CONFIGURED))
        answers = data.get("answers") if isinstance(data, dict) else None
        problems = api.record_self_assessment(user, self._course_key(), answers, [node.code for node in nodes])
        if problems:
            code = next(iter(problems.values()))
            text = skill_messages.PROFILE_PROBLEMS.get(code, skill_messages.PROFILE_PROBLEMS["bad_skill"])
            raise JsonHandlerError(400, self._gettext(text))
        self.emit_completion(1.0)
        return self.learner_state(user, notice=self._gettext(messages.SAVED))

    @staticmethod
    def workbench_scenarios():
        """Demo scenarios; the skills are from the shipped taxonomy."""
        return [
            (
                "WikiSkills: skills self-assessment",
                '<wikiskills_skills_survey display_name="Your skills before the course"'
                ' skills=\'["editing", "citing_sources", "fundraising", "mentoring"]\''
                ' prompt="&lt;p&gt;Tell us where you start: your answers go to your skills profile,'
                ' which helps us find you a mentor.&lt;/p&gt;"/>',
            ),
            ("WikiSkills: skills self-assessment not set up yet", "<wikiskills_skills_survey/>"),
        ]
