"""An exercise as the checker sees it: which wiki and pages, from when, and which criteria.

The XBlock's author settings become an :class:`ExerciseSpec`; a copy is kept on
each attempt (as JSON) so a background check needs no course content.
"""

from dataclasses import dataclass
from datetime import datetime

from wikiskills.integrations.mediawiki.names import normalize_title

from .criteria import CriterionSpecError, _, criteria_from_specs

TARGET_PAGE = "page"
TARGET_PATTERN = "pattern"
TARGET_NAMESPACE = "namespace"
TARGET_ANY = "any"
TARGET_KINDS = (TARGET_PAGE, TARGET_PATTERN, TARGET_NAMESPACE, TARGET_ANY)
USERNAME_PLACEHOLDER = "{username}"
ILLEGAL_TITLE_CHARACTERS = set("#<>[]|{}")  # MediaWiki refuses these (Title::legalChars)


@dataclass(frozen=True)
class PageTarget:
    """Which pages count: one title, a title with ``{username}``, a namespace number, or any page.

    A title names a page, not a string: the checker matches edits by the id of the
    page the title leads to (see ``targets``), so moves neither lose nor invent credit.
    """

    kind: str
    value: str = ""

    def title_for(self, username):
        """The one page the learner should edit, or None when many pages count."""
        if self.kind == TARGET_PAGE:
            return normalize_title(self.value)
        if self.kind == TARGET_PATTERN and username:
            return normalize_title(self.value.replace(USERNAME_PLACEHOLDER, username))
        return None

    def problems(self):
        """What is wrong with the target, as ``CriterionSpecError``s (empty when fine)."""
        value = self.value.strip()
        if self.kind not in TARGET_KINDS:
            return [CriterionSpecError(_("Choose which pages count."))]
        if self.kind == TARGET_NAMESPACE and not value.lstrip("-").isdigit():
            return [
                CriterionSpecError(_("Enter the namespace as a number, such as 0 for articles or 2 for user pages."))
            ]
        if self.kind in (TARGET_PAGE, TARGET_PATTERN):
            if not value:
                return [CriterionSpecError(_("Enter the title of the page to edit."))]
            if ILLEGAL_TITLE_CHARACTERS & set(value.replace(USERNAME_PLACEHOLDER, "")):
                return [
                    CriterionSpecError(
                        _("A page title cannot contain any of {characters} (except {placeholder} in a pattern)."),
                        characters="# < > [ ] | { }",
                        placeholder=USERNAME_PLACEHOLDER,
                    )
                ]
            if self.kind == TARGET_PATTERN and USERNAME_PLACEHOLDER not in value:
                return [
                    CriterionSpecError(
                        _("A title pattern must contain {placeholder}."), placeholder=USERNAME_PLACEHOLDER
                    )
                ]
        return []


@dataclass(frozen=True)
class ExerciseSpec:
    """Everything a check needs; ``window_start`` is a fixed date, or None for "since the learner started"."""

    wiki: str
    target: PageTarget
    criteria_specs: tuple
    window_start: datetime | None = None
    combine_edits: bool = False
    draft_may_move: bool = False

    @property
    def criteria(self):
        return criteria_from_specs(list(self.criteria_specs))

    def as_json(self):
        return {
            "wiki": self.wiki,
            "target": {"kind": self.target.kind, "value": self.target.value},
            "criteria": list(self.criteria_specs),
            "window_start": self.window_start.isoformat() if self.window_start else None,
            "combine_edits": self.combine_edits,
            "draft_may_move": self.draft_may_move,
        }

    @classmethod
    def from_json(cls, data):
        window_start = data.get("window_start")
        return cls(
            wiki=data["wiki"],
            target=PageTarget(**data["target"]),
            criteria_specs=tuple(data["criteria"]),
            window_start=datetime.fromisoformat(window_start) if window_start else None,
            combine_edits=data.get("combine_edits", False),
            draft_may_move=data.get("draft_may_move", False),
        )

    def window_start_for(self, started_at):
        """Edits count from the fixed date, or from when the learner started the exercise."""
        return self.window_start or started_at
