"""What an exercise asks of an edit: small criteria evaluated locally against what the edit added.

Each criterion turns one edit's facts into a :class:`CriterionResult` saying
whether it is met and how far off it is ("added 1 reference, needs 2"). When an
exercise lets several edits count together, counts add up over the edits and
"was it done" criteria need one edit that did it; gate criteria (not minor,
still stands) decide which edits count at all.

Messages are English templates marked with ``_`` for extraction; the XBlock
translates them through the runtime's i18n service.
"""

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from wikiskills.integrations.mediawiki.names import normalize_title
from wikiskills.integrations.mediawiki.wikitext import EditDelta


def _(text):
    """Mark a string for translation; the XBlock translates it when shown."""
    return text


def ngettext(singular, plural):
    """Mark a singular/plural pair as one entry for translation (extractors know ``ngettext``'s first two
    arguments), so a language with more forms (Arabic has six) gets each; the XBlock picks the form for the
    count when it shows it."""
    return singular, plural


@dataclass(frozen=True)
class Standing:
    """What became of an edit on the wiki: undone (when), and brought back (when), as seen in the page's history."""

    reverted_at: datetime | None = None
    restored_at: datetime | None = None

    @property
    def live(self):
        return self.reverted_at is None or self.restored_at is not None


@dataclass(frozen=True)
class EditFacts:
    """Everything the criteria may ask about one edit, or about a run of consecutive edits counted as one.

    ``delta`` is only what the learner added: empty for a revert (it restores
    other people's work) and for a redirect (a move leaves one behind).
    ``summary`` is the learner's own words, without what MediaWiki wrote by itself.
    ``standing`` is looked up only when a criterion needs it.
    """

    revid: int
    parentid: int
    title: str
    namespace: int
    user: str
    timestamp: datetime
    summary: str
    minor: bool
    tags: tuple
    delta: EditDelta
    revids: tuple = ()
    is_revert: bool = False
    standing: Standing = Standing()


@dataclass(frozen=True)
class CriterionResult:
    """One criterion's verdict: ``measured`` against ``required`` (1 for "was it done" criteria)."""

    kind: str
    met: bool
    measured: int = 0
    required: int = 1
    waiting_until: datetime | None = None
    notes: dict = field(default_factory=dict)

    def as_json(self):
        data = asdict(self)
        data["waiting_until"] = self.waiting_until.isoformat() if self.waiting_until else None
        return data


@dataclass(frozen=True)
class Explanation:
    """Translatable wording of a result: singular/plural templates chosen by ``count``, with ``params``."""

    singular: str
    plural: str
    count: int
    params: dict = field(default_factory=dict)


class CriterionSpecError(ValueError):
    """An author's criterion is not valid; ``template`` and ``params`` word it for Studio."""

    def __init__(self, template, **params):
        super().__init__(template.format(**params))
        self.template = template
        self.params = params


class EditCriterion:
    """Base of all criteria; subclasses say what they measure in ``measure``."""

    kind = ""
    gate = False  # with several edits: filters which edits count instead of adding up
    required = 1

    def evaluate(self, edit, now):
        measured = self.measure(edit)
        return CriterionResult(self.kind, measured >= self.required, measured, self.required)

    def combine(self, results):
        """The verdict over several edits: counts add up, "was it done" needs one edit that did it."""
        measured = sum(result.measured for result in results)
        return CriterionResult(self.kind, measured >= self.required, measured, self.required)

    def measure(self, edit):
        raise NotImplementedError

    def explain(self, result):
        raise NotImplementedError

    def describe(self):
        """What the criterion asks, shown to the learner before any check: the wording of its unmet result."""
        return self.explain(CriterionResult(self.kind, False, 0, self.required))


class _AtLeast(EditCriterion):
    """A count the edit must reach: ``{"type": ..., "min": N}``; subclasses word it in ``singular``/``plural``."""

    singular = plural = ""
    asks_singular = asks_plural = ""

    def __init__(self, minimum):
        self.required = minimum

    @classmethod
    def from_spec(cls, spec):
        return cls(_positive_int(spec, "min"))

    def explain(self, result):
        params = {"measured": result.measured, "required": result.required}
        return Explanation(self.singular, self.plural, result.measured, params)

    def describe(self):
        return Explanation(self.asks_singular, self.asks_plural, self.required, {"required": self.required})


class BytesAdded(_AtLeast):
    kind = "bytes_added"
    singular, plural = ngettext("Added {measured} byte, needs {required}.", "Added {measured} bytes, needs {required}.")
    asks_singular, asks_plural = ngettext(
        "Add at least {required} byte of text.",
        "Add at least {required} bytes of text (a short sentence is about 100 bytes).",
    )

    def measure(self, edit):
        return max(edit.delta.size_change, 0)


class ReferencesAdded(_AtLeast):
    kind = "references_added"
    singular, plural = ngettext(
        "Added {measured} reference, needs {required}.", "Added {measured} references, needs {required}."
    )
    asks_singular, asks_plural = ngettext(
        "Cite at least {required} source (a reference).", "Cite at least {required} sources (references)."
    )

    def measure(self, edit):
        return edit.delta.references_added


class WikilinksAdded(_AtLeast):
    kind = "wikilinks_added"
    singular, plural = ngettext(
        "Added {measured} link to another wiki page, needs {required}.",
        "Added {measured} links to other wiki pages, needs {required}.",
    )
    asks_singular, asks_plural = ngettext(
        "Add at least {required} link to another wiki page.", "Add at least {required} links to other wiki pages."
    )

    def measure(self, edit):
        return len(edit.delta.wikilinks_added)


class _WasDone(EditCriterion):
    """Something the edit did or did not do; over several edits, one edit doing it is enough."""

    def combine(self, results):
        met = any(result.met for result in results)
        return CriterionResult(self.kind, met, int(met), 1)

    @classmethod
    def from_spec(cls, spec):
        return cls()

    def _explain(self, result, done, missing, **params):
        return Explanation(done, done, 1, params) if result.met else Explanation(missing, missing, 1, params)


class TemplateAdded(_WasDone):
    kind = "template_added"

    def __init__(self, name):
        self.name = normalize_title(name.removeprefix("Template:").removeprefix("template:"))

    @classmethod
    def from_spec(cls, spec):
        return cls(_text(spec, "name", required=True))

    def measure(self, edit):
        return int(self.name in edit.delta.templates_added)

    def explain(self, result):
        return self._explain(
            result, _("Added the template {name}."), _("Add the template {name}."), name=f"{{{{{self.name}}}}}"
        )


class SectionAdded(_WasDone):
    kind = "section_added"

    def measure(self, edit):
        return int(bool(edit.delta.sections_added))

    def explain(self, result):
        return self._explain(result, _("Added a new section."), _("Add a new section with a heading."))


class FileAdded(_WasDone):
    kind = "file_added"

    def measure(self, edit):
        return int(bool(edit.delta.files_added))

    def explain(self, result):
        return self._explain(result, _("Added an image or file."), _("Add an image or other file."))


class CategoryAdded(_WasDone):
    kind = "category_added"

    def measure(self, edit):
        return int(bool(edit.delta.categories_added))

    def explain(self, result):
        return self._explain(result, _("Added a category."), _("Add a category to the page."))


class EditSummary(_WasDone):
    """An edit summary of the learner's own: present, or containing ``contains`` (case ignored)."""

    kind = "edit_summary"

    def __init__(self, contains=""):
        self.contains = contains.strip()

    @classmethod
    def from_spec(cls, spec):
        return cls(_text(spec, "contains"))

    def measure(self, edit):
        summary = edit.summary
        if self.contains:
            return int(self.contains.casefold() in summary.casefold())
        return int(bool(summary))

    def explain(self, result):
        if self.contains:
            return self._explain(
                result,
                _('The edit summary contains "{phrase}".'),
                _('Write "{phrase}" in the edit summary.'),
                phrase=self.contains,
            )
        return self._explain(result, _("The edit has a summary."), _("Describe your edit in the edit summary."))


class NotMinor(_WasDone):
    kind = "not_minor"
    gate = True

    def measure(self, edit):
        return int(not edit.minor)

    def explain(self, result):
        return self._explain(result, _("Not marked as minor."), _('Do not tick "This is a minor edit".'))


class TalkPageSection(_WasDone):
    """A new section on a talk page (``page``, or any talk page when empty)."""

    kind = "talk_page_section"

    def __init__(self, page=""):
        self.page = normalize_title(page) if page.strip() else ""

    @classmethod
    def from_spec(cls, spec):
        return cls(_text(spec, "page"))

    def measure(self, edit):
        on_talk_page = edit.namespace % 2 == 1 and (not self.page or normalize_title(edit.title) == self.page)
        return int(on_talk_page and bool(edit.delta.sections_added))

    def explain(self, result):
        if self.page:
            return self._explain(
                result,
                _("Started a new discussion on {page}."),
                _("Start a new discussion (a new section) on {page}."),
                page=self.page,
            )
        return self._explain(
            result, _("Started a new discussion on a talk page."), _("Start a new discussion on a talk page.")
        )


class RevertedVandalism(_WasDone):
    """The learner undid someone's edit (undo, rollback or a manual revert), as in a counter-vandalism task."""

    kind = "reverted_vandalism"

    def measure(self, edit):
        return int(edit.is_revert)

    def explain(self, result):
        return self._explain(
            result,
            _("Reverted an edit (undo, rollback or restoring an earlier version)."),
            _("Revert an unhelpful edit: undo it, roll it back, or restore the version before it."),
        )


class StillStands(_WasDone):
    """The edit is at least ``hours`` old and live: never undone, or undone and then restored."""

    kind = "still_stands"
    gate = True

    def __init__(self, hours):
        self.hours = hours

    @classmethod
    def from_spec(cls, spec):
        return cls(_positive_int(spec, "hours", minimum=0))

    def evaluate(self, edit, now):
        notes = _standing_notes(edit.standing)
        if not edit.standing.live:
            return CriterionResult(self.kind, False, 0, 1, notes=notes)
        ready_at = edit.timestamp + timedelta(hours=self.hours)
        if now < ready_at:
            return CriterionResult(self.kind, False, 0, 1, waiting_until=ready_at, notes=notes)
        return CriterionResult(self.kind, True, 1, 1, notes=notes)

    def combine(self, results):
        combined = super().combine(results)
        if combined.met:
            return combined
        waits = [result.waiting_until for result in results if result.waiting_until]
        notes = next((result.notes for result in results if result.notes), {})
        return CriterionResult(self.kind, False, 0, 1, waiting_until=min(waits) if waits else None, notes=notes)

    def explain(self, result):
        if result.waiting_until:
            return Explanation(
                _("Waiting until {time} UTC to see that the edit still stands."),
                _("Waiting until {time} UTC to see that the edit still stands."),
                1,
                {"time": f"{result.waiting_until:%Y-%m-%d %H:%M}"},
            )
        if result.notes.get("restored_at"):
            return Explanation(
                _("Your edit was undone on {reverted} UTC; it was restored on {restored} UTC and still stands."),
                _("Your edit was undone on {reverted} UTC; it was restored on {restored} UTC and still stands."),
                1,
                {"reverted": result.notes["reverted_at"], "restored": result.notes["restored_at"], "hours": self.hours},
            )
        if result.notes.get("reverted_at"):
            return Explanation(
                _("Your edit was undone on {reverted} UTC. Talk with the editor who reverted it, then improve it."),
                _("Your edit was undone on {reverted} UTC. Talk with the editor who reverted it, then improve it."),
                1,
                {"reverted": result.notes["reverted_at"]},
            )
        return self._explain(
            result,
            _("The edit still stands after {hours} hours."),
            _("The edit was undone. Talk with the editor who reverted it, then improve it."),
            hours=self.hours,
        )

    def describe(self):
        return Explanation(
            *ngettext(
                "Your edit must still be on the page {hours} hour after you save it.",
                "Your edit must still be on the page {hours} hours after you save it.",
            ),
            self.hours,
            {"hours": self.hours},
        )


def _standing_notes(standing):
    """When the edit was undone and restored, as text for the learner's message (kept in the stored results)."""
    notes = {}
    if standing.reverted_at:
        notes["reverted_at"] = f"{standing.reverted_at:%Y-%m-%d %H:%M}"
    if standing.restored_at:
        notes["restored_at"] = f"{standing.restored_at:%Y-%m-%d %H:%M}"
    return notes


CRITERIA = {
    criterion.kind: criterion
    for criterion in (
        BytesAdded, ReferencesAdded, WikilinksAdded, TemplateAdded, SectionAdded, FileAdded,
        CategoryAdded, EditSummary, NotMinor, TalkPageSection, StillStands, RevertedVandalism,
    )
}  # fmt: skip


def criteria_from_specs(specs):
    """Criteria from the author's JSON list; ``CriterionSpecError`` names the first problem."""
    if not isinstance(specs, list) or not specs:
        raise CriterionSpecError(_("Add at least one criterion, as a JSON list such as {example}."), example=EXAMPLE)
    criteria = []
    for number, spec in enumerate(specs, start=1):
        kind = spec.get("type") if isinstance(spec, dict) else None
        if kind not in CRITERIA:
            raise CriterionSpecError(
                _("Criterion {number} needs a type, one of: {types}."), number=number, types=", ".join(CRITERIA)
            )
        try:
            criteria.append(CRITERIA[kind].from_spec(spec))
        except CriterionSpecError as problem:
            raise CriterionSpecError(
                _("Criterion {number} ({type}): {problem}"), number=number, type=kind, problem=problem
            ) from None
    return criteria


EXAMPLE = '[{"type": "references_added", "min": 2}, {"type": "edit_summary"}]'


def needs_revert_check(criteria):
    return any(isinstance(criterion, StillStands) for criterion in criteria)


def _positive_int(spec, key, minimum=1):
    value = spec.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise CriterionSpecError(_('"{key}" must be a whole number of at least {minimum}.'), key=key, minimum=minimum)
    return value


def _text(spec, key, required=False):
    value = spec.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise CriterionSpecError(_('"{key}" must be a text.'), key=key)
    return value
