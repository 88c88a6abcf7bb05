"""The peer-review block's settings: what authors set in Studio, and the workbench's demo scenarios."""

from xblock.fields import Boolean, Float, Integer, List, Scope, String

from wikiskills.integrations.wikiskills_peer_review.api import (
    DEFAULT_RUBRIC,
    FALLBACK_NEIGHBOUR,
    FALLBACK_REDUCE,
    FALLBACK_STAFF,
    SCOPE_COHORT,
    SCOPE_COURSE,
    SCOPE_TEAM,
)

from ..common import _, allowed_wiki_choices


def _wiki_choices(block):
    """The allowed wikis, after the choice of none (written work only)."""
    return [{"display_name": _("(no wiki work)"), "value": ""}, *allowed_wiki_choices(block)]


class PeerReviewFields:
    """The author's settings (``api.SETTINGS`` names the ones the app's API reads)."""

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


def scenarios():
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
