"""Rubrics as authors write them in Studio, and the peer grade: median per criterion, summed.

Plain data (no models, no settings), so Studio validation, the grade and the property tests share one
definition. Problems are stable codes with English templates; the block translates them.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext_noop as _

# Feedback is shown to the author on every view of their result: as long as a page at most, never megabytes.
MAX_FEEDBACK_CHARACTERS = 5000


class RubricProblem(ValueError):
    """Why a rubric (or a review against it) cannot be used, as a template and its parameters."""

    def __init__(self, template, **params):
        super().__init__(template.format(**params))
        self.template = template
        self.params = params


@dataclass(frozen=True)
class Option:
    label: str
    points: int
    explanation: str = ""


@dataclass(frozen=True)
class Criterion:
    name: str
    prompt: str
    options: tuple
    feedback: str = "none"  # "none", "optional" or "required" written feedback

    @property
    def max_points(self):
        return max(option.points for option in self.options)

    def option(self, label):
        return next((option for option in self.options if option.label == label), None)


FEEDBACK_CHOICES = ("none", "optional", "required")
MIN_OPTIONS = 2


@dataclass(frozen=True)
class Rubric:
    criteria: tuple

    @classmethod
    def from_json(cls, data):
        """Build and validate a rubric from the block's JSON list of criteria."""
        if not isinstance(data, list) or not data:
            raise RubricProblem(_("The rubric needs at least one criterion."))
        criteria = tuple(_criterion(number, item) for number, item in enumerate(data, start=1))
        names = [criterion.name for criterion in criteria]
        duplicate = next((name for name in names if names.count(name) > 1), None)
        if duplicate:
            raise RubricProblem(_('Two criteria are called "{name}"; give each its own name.'), name=duplicate)
        return cls(criteria)

    def as_json(self):
        return [
            {
                "name": criterion.name,
                "prompt": criterion.prompt,
                "feedback": criterion.feedback,
                "options": [
                    {"label": option.label, "points": option.points, "explanation": option.explanation}
                    for option in criterion.options
                ],
            }
            for criterion in self.criteria
        ]

    @property
    def max_points(self):
        return sum(criterion.max_points for criterion in self.criteria)

    def score_review(self, chosen, feedback):
        """The stored form of one review: each criterion's chosen option, its points and the feedback.

        ``chosen`` maps criterion name to option label; ``feedback`` maps criterion name to text.
        """
        scores = []
        for criterion in self.criteria:
            option = criterion.option(chosen.get(criterion.name, ""))
            if option is None:
                raise RubricProblem(_('Choose an option for "{name}".'), name=criterion.name)
            text = str(feedback.get(criterion.name, "")).strip()
            if criterion.feedback == "required" and not text:
                raise RubricProblem(_('Write some feedback for "{name}".'), name=criterion.name)
            check_feedback_length(text)
            scores.append(
                {
                    "criterion": criterion.name,
                    "option": option.label,
                    "points": option.points,
                    "feedback": text if criterion.feedback != "none" else "",
                }
            )
        return scores


def check_feedback_length(text):
    """Refuse feedback longer than ``MAX_FEEDBACK_CHARACTERS``, before anything is stored."""
    if len(text) > MAX_FEEDBACK_CHARACTERS:
        raise RubricProblem(_("Your feedback is too long: at most {limit} characters."), limit=MAX_FEEDBACK_CHARACTERS)


def _criterion(number, item):
    if not isinstance(item, dict):
        raise RubricProblem(_("Criterion {number} must be an object with a name and options."), number=number)
    name = str(item.get("name", "")).strip()
    if not name:
        raise RubricProblem(_("Criterion {number} needs a name."), number=number)
    feedback = item.get("feedback", "none")
    if feedback not in FEEDBACK_CHOICES:
        raise RubricProblem(_('Feedback for "{name}" must be "none", "optional" or "required".'), name=name)
    options = item.get("options")
    if not isinstance(options, list) or len(options) < MIN_OPTIONS:
        raise RubricProblem(_('"{name}" needs at least two options.'), name=name)
    parsed = tuple(_option(name, position, option) for position, option in enumerate(options, start=1))
    labels = [option.label for option in parsed]
    if len(set(labels)) != len(labels):
        raise RubricProblem(_('Two options of "{name}" have the same label.'), name=name)
    return Criterion(name=name, prompt=str(item.get("prompt", "")).strip(), options=parsed, feedback=feedback)


def _option(name, position, item):
    if not isinstance(item, dict) or not str(item.get("label", "")).strip():
        raise RubricProblem(_('Option {position} of "{name}" needs a label.'), name=name, position=position)
    points = item.get("points")
    if isinstance(points, bool) or not isinstance(points, int) or points < 0:
        raise RubricProblem(
            _('Points of option {position} of "{name}" must be a whole number, 0 or more.'),
            name=name,
            position=position,
        )
    return Option(label=str(item["label"]).strip(), points=points, explanation=str(item.get("explanation", "")))


def median_points(values):
    """The median of whole points; with an even count, the mean of the middle two rounded up, as ORA2 does."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return math.ceil((ordered[middle - 1] + ordered[middle]) / 2)


def peer_grade(rubric, reviews_scores):
    """Per-criterion medians over the reviews and their sum; criteria nobody scored are left out.

    ``reviews_scores`` is a list of stored reviews (``Rubric.score_review`` results).
    """
    medians = {}
    for criterion in rubric.criteria:
        points = [item["points"] for scores in reviews_scores for item in scores if item["criterion"] == criterion.name]
        medians[criterion.name] = median_points(points)
    total = sum(value for value in medians.values() if value is not None)
    return medians, total


DEFAULT_RUBRIC = [
    {
        "name": "Sources",
        "prompt": "Are the statements backed by reliable, published sources?",
        "feedback": "optional",
        "options": [
            {"label": "Unsourced", "points": 0, "explanation": "No statement cites a source."},
            {"label": "Partly sourced", "points": 1, "explanation": "Some statements cite a reliable source."},
            {"label": "Well sourced", "points": 2, "explanation": "Every statement cites a reliable source."},
        ],
    },
    {
        "name": "Neutral tone",
        "prompt": "Is it written in a neutral point of view?",
        "feedback": "optional",
        "options": [
            {"label": "Promotional", "points": 0, "explanation": "It argues for one side or praises its subject."},
            {"label": "Mostly neutral", "points": 1, "explanation": "A few words take sides."},
            {"label": "Neutral", "points": 2, "explanation": "It describes views without taking sides."},
        ],
    },
]
