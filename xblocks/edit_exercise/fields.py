"""The editing exercise's settings: what authors set in Studio, and the workbench's demo scenarios."""

from xblock.fields import Boolean, Float, List, Scope, String

from wikiskills.integrations.wikiskills_exercises.exercise import (
    TARGET_ANY,
    TARGET_NAMESPACE,
    TARGET_PAGE,
    TARGET_PATTERN,
)

from ..common import _, allowed_wiki_choices

WINDOW_SINCE_START = "since_start"
WINDOW_SINCE_DATE = "since_date"
DEFAULT_CRITERIA = [
    {"type": "bytes_added", "min": 200},
    {"type": "references_added", "min": 1},
    {"type": "edit_summary"},
]


class EditExerciseFields:
    """The author's settings; ``EditExerciseBlock.exercise_spec`` turns them into what the checker uses."""

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
        values_provider=allowed_wiki_choices,
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
