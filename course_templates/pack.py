"""Reading a learning pack from its folder, checking everything an author can get wrong, with file and line.

The result is plain data (``Pack`` and its parts); texts that translators translate are ``Text``
values that remember where they were written, so catalogs can point translators to the source.
The format is documented in docs/pack-format.md (ADR 0045).
"""

import re
from dataclasses import dataclass
from pathlib import Path

from wikiskills.integrations.wikiskills_exercises.criteria import CriterionSpecError, criteria_from_specs

from . import located_yaml, markdown, placeholders, wiki_profiles
from .errors import PackError, relative
from .located_yaml import Mapping, Sequence

FORMAT = 1
PACKS_DIR = Path(__file__).parent / "packs"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
VERSION_PATTERN = re.compile(r"^\d+\.\d+\.\d+$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)
TARGET_KINDS = ("page", "pattern", "namespace", "any")
FEEDBACK_CHOICES = ("none", "optional", "required")
AWARD_WHEN = ("course_passed",)
REQUIREMENT_KINDS = ("block_done", "capstone")
MIN_CHOICES = 2  # a question, or a rubric criterion, offers at least two
MAX_REVIEWS = 20  # as the peer-review block allows
WEIGHT_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Text:
    """Words a translator translates; ``markdown`` texts are translated block by block."""

    value: str
    path: Path
    line: int
    markdown: bool = False


@dataclass(frozen=True)
class Choice:
    text: Text
    correct: bool
    hint: Text | None


@dataclass(frozen=True)
class RubricOption:
    label: Text
    points: int
    explanation: Text


@dataclass(frozen=True)
class RubricCriterion:
    name: Text
    prompt: Text
    feedback: str
    options: tuple


@dataclass(frozen=True)
class Component:
    """One component of a unit: ``texts`` are translated, ``settings`` are not (placeholders still apply)."""

    type: str
    id: str
    path: Path
    line: int
    texts: dict
    settings: dict
    choices: tuple = ()
    rubric: tuple = ()


@dataclass(frozen=True)
class Unit:
    id: str
    path: Path
    title: Text
    components: tuple


@dataclass(frozen=True)
class Sequential:
    id: str
    title: Text
    graded_as: str
    units: tuple
    line: int


@dataclass(frozen=True)
class Chapter:
    id: str
    title: Text
    sequentials: tuple


@dataclass(frozen=True)
class Parameter:
    """A value the author gives at build time; a default is words, so it is translated like any text."""

    name: str
    help: str
    default: Text | None


@dataclass(frozen=True)
class Assignment:
    type: str
    short_label: str
    weight: float


@dataclass(frozen=True)
class Badge:
    slug: str
    name: Text
    description: Text
    criteria: Text
    awarded_when: str


@dataclass(frozen=True)
class StageRequirement:
    kind: str
    block: str


@dataclass(frozen=True)
class TrackStage:
    title: Text
    requirements: tuple


@dataclass(frozen=True)
class Pack:
    name: str
    folder: Path
    version: str
    source_language: str
    languages: tuple
    title: Text
    summary: Text
    audience: Text
    effort_hours: float
    requires: tuple
    parameters: dict
    chapters: tuple
    pass_share: float
    assignments: tuple
    badges: tuple
    track_stages: tuple = ()

    def components(self):
        """Every component in course order, with its unit."""
        for unit in self.ordered_units():
            for component in unit.components:
                yield unit, component

    def ordered_units(self):
        return [unit for chapter in self.chapters for sequential in chapter.sequentials for unit in sequential.units]

    def component_types(self):
        return sorted({component.type for _unit, component in self.components()})

    def placeholder_sources(self):
        """(text, file, line) of every text and setting that may hold placeholders."""
        for text in self.texts():
            parts = markdown.blocks(text.value) if text.markdown else [(0, text.value)]
            for offset, part in parts:
                yield part, text.path, text.line + offset
        for _unit, component in self.components():
            for value in _setting_strings(component.settings):
                yield value, component.path, component.line

    def placeholder_names(self):
        return {name for text, _path, _line in self.placeholder_sources() for name in placeholders.names_in(text)}

    def texts(self):
        """Every translatable ``Text`` of the pack, in reading order."""
        yield self.title
        yield self.summary
        yield self.audience
        yield from (parameter.default for parameter in self.parameters.values() if parameter.default)
        for chapter in self.chapters:
            yield chapter.title
            for sequential in chapter.sequentials:
                yield sequential.title
                for unit in sequential.units:
                    yield unit.title
                    for component in unit.components:
                        yield from component.texts.values()
                        for choice in component.choices:
                            yield choice.text
                            if choice.hint:
                                yield choice.hint
                        for criterion in component.rubric:
                            yield criterion.name
                            yield criterion.prompt
                            for option in criterion.options:
                                yield option.label
                                yield option.explanation
        for badge in self.badges:
            yield from (badge.name, badge.description, badge.criteria)
        for stage in self.track_stages:
            yield stage.title


class _Reader:
    """Checks one YAML mapping's fields, naming the file and line of whatever is wrong."""

    def __init__(self, mapping, path, where, line=None):
        if not isinstance(mapping, Mapping):
            raise PackError(f"{where} must be a mapping of names to values", path, getattr(mapping, "line", line))
        self.mapping = mapping
        self.path = path
        self.where = where

    def fail(self, key, message):
        raise PackError(f"{self.where}: {message}", self.path, self.mapping.line_of(key))

    def only(self, allowed):
        for key in self.mapping:
            if key not in allowed:
                self.fail(key, f"unknown field '{key}' (known: {', '.join(sorted(allowed))})")

    def value(self, key, kind, required=True, default=None):
        if key not in self.mapping or self.mapping[key] is None:
            if required:
                raise PackError(f"{self.where}: '{key}' is required", self.path, self.mapping.line)
            return default
        value = self.mapping[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(key, f"'{key}' must be {_KIND_WORDS.get(kind, kind.__name__)}")
        if kind is str and not value.strip():
            self.fail(key, f"'{key}' must not be empty")
        return value

    def text(self, key, required=True, markdown=False):
        value = self.value(key, str, required)
        if value is None:
            return None
        return Text(value.strip() if not markdown else value.rstrip(), self.path, self.mapping.line_of(key), markdown)

    def identifier(self, key="id"):
        value = self.value(key, str)
        if not ID_PATTERN.match(value):
            self.fail(key, f"'{value}' is not a valid id: use lower-case letters, digits and hyphens")
        return value

    def choice(self, key, choices, required=True, default=None):
        value = self.value(key, str, required, default)
        if value not in choices:
            self.fail(key, f"'{key}' must be one of {', '.join(choices)}, not '{value}'")
        return value

    def items(self, key, required=True):
        """(line, item) pairs of a list field."""
        value = self.value(key, Sequence, required, Sequence())
        if required and not value:
            self.fail(key, f"'{key}' must list at least one item")
        return [(value.line_of(index), item) for index, item in enumerate(value)]

    def each(self, key, where, required=True):
        """A reader for each mapping of a list field; anything else in the list is refused at its line."""
        return [_Reader(item, self.path, where, line) for line, item in self.items(key, required)]


_KIND_WORDS = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    Mapping: "a mapping",
    Sequence: "a list",
}


# -- components ----------------------------------------------------------------------------------------


def _choices(reader):
    choices = []
    for choice in reader.each("choices", f"{reader.where}, choice"):
        choice.only({"text", "correct", "hint"})
        choices.append(
            Choice(choice.text("text"), choice.value("correct", bool, False, False), choice.text("hint", False))
        )
    if len(choices) < MIN_CHOICES or sum(choice.correct for choice in choices) != 1:
        reader.fail("choices", "a question needs at least two choices and exactly one with 'correct: true'")
    return tuple(choices)


def _rubric(reader):
    criteria = []
    for criterion in reader.each("rubric", f"{reader.where}, rubric criterion"):
        criterion.only({"name", "prompt", "feedback", "options"})
        options = []
        for option in criterion.each("options", f"{criterion.where}, option"):
            option.only({"label", "points", "explanation"})
            options.append(RubricOption(option.text("label"), option.value("points", int), option.text("explanation")))
        points = [option.points for option in options]
        if len(options) < MIN_CHOICES or points != sorted(set(points)) or points[0] < 0:
            criterion.fail("options", "a criterion needs two or more options with rising points from 0 up")
        criteria.append(
            RubricCriterion(
                criterion.text("name"),
                criterion.text("prompt"),
                criterion.choice("feedback", FEEDBACK_CHOICES, False, "optional"),
                tuple(options),
            )
        )
    return tuple(criteria)


def _html(reader):
    reader.only({"type", "id", "markdown"})
    return {"markdown": reader.text("markdown", markdown=True)}, {}


def _wiki_page(reader):
    reader.only({"type", "id", "title", "page"})
    return {"title": reader.text("title")}, {"page": reader.value("page", str)}


def _problem(reader):
    reader.only({"type", "id", "title", "question", "choices", "explanation"})
    texts = {"title": reader.text("title"), "question": reader.text("question")}
    if reader.mapping.get("explanation"):
        texts["explanation"] = reader.text("explanation")
    return texts, {}


def _edit_exercise(reader):
    reader.only(
        {"type", "id", "title", "instructions", "target_kind", "target", "criteria", "weight", "combine_edits",
         "draft_may_move"}
    )  # fmt: skip
    kind = reader.choice("target_kind", TARGET_KINDS)
    settings = {"target_kind": kind, "criteria": _criteria(reader)}
    if kind != "any":
        settings["target"] = reader.value("target", str)
    for key, kind_of_value in (("weight", float), ("combine_edits", bool), ("draft_may_move", bool)):
        if key in reader.mapping:
            settings[key] = reader.value(key, kind_of_value)
    return {"title": reader.text("title"), "instructions": reader.text("instructions", markdown=True)}, settings


def _criteria(reader):
    criteria = []
    for line, item in reader.items("criteria"):
        if not isinstance(item, Mapping) or not isinstance(item.get("type"), str):
            raise PackError(f"{reader.where}: each criterion is a mapping with a 'type'", reader.path, line)
        criteria.append(dict(item))
    _check_criteria(reader, criteria)
    return criteria


def _check_criteria(reader, criteria):
    """The exercise block's own criteria parser, so a pack cannot carry criteria the block refuses."""
    try:
        criteria_from_specs(criteria)
    except CriterionSpecError as error:
        number = error.params.get("number", 0)
        line = reader.mapping["criteria"].line_of(number - 1) if number else reader.mapping.line_of("criteria")
        raise PackError(f"{reader.where}: criteria: {error}", reader.path, line) from None


def _peer_review(reader):
    reader.only(
        {"type", "id", "title", "prompt", "allow_text", "wiki_edit", "must_grade", "must_be_graded_by",
         "self_review", "rubric"}
    )  # fmt: skip
    settings = {}
    for key in ("allow_text", "wiki_edit", "self_review"):
        if key in reader.mapping:
            settings[key] = reader.value(key, bool)
    for key in ("must_grade", "must_be_graded_by"):
        if key in reader.mapping:
            value = reader.value(key, int)
            if not 1 <= value <= MAX_REVIEWS:
                reader.fail(key, f"'{key}' must be between 1 and {MAX_REVIEWS}")
            settings[key] = value
    if not settings.get("allow_text", True) and not settings.get("wiki_edit", False):
        reader.fail("allow_text", "learners must be able to submit something: allow text or a wiki edit")
    return {"title": reader.text("title"), "prompt": reader.text("prompt", markdown=True)}, settings


def _skills_survey(reader):
    reader.only({"type", "id", "title", "prompt", "skills"})
    skills = [item for _line, item in reader.items("skills")]
    if not all(isinstance(skill, str) and ID_PATTERN.match(skill.replace("_", "-")) for skill in skills):
        reader.fail("skills", "'skills' lists skill codes such as editing or citing_sources")
    return {"title": reader.text("title"), "prompt": reader.text("prompt", markdown=True)}, {"skills": skills}


COMPONENT_READERS = {
    "html": _html,
    "wiki_page": _wiki_page,
    "problem": _problem,
    "edit_exercise": _edit_exercise,
    "peer_review": _peer_review,
    "skills_survey": _skills_survey,
}


def _component(reader):
    kind = reader.choice("type", tuple(COMPONENT_READERS))
    component_id = reader.identifier()
    reader.where = f"component '{component_id}'"
    texts, settings = COMPONENT_READERS[kind](reader)
    choices = _choices(reader) if kind == "problem" else ()
    rubric = _rubric(reader) if kind == "peer_review" and "rubric" in reader.mapping else ()
    return Component(kind, component_id, reader.path, reader.mapping.line, texts, settings, choices, rubric)


def read_unit(path, unit_id):
    """One unit file: YAML front matter (title, components) and the Markdown reading."""
    shown = relative(path)
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError(f"the unit file for '{unit_id}' is missing", shown) from None
    except UnicodeDecodeError:
        raise PackError("not UTF-8 text", shown) from None
    source = source.replace("\r\n", "\n")
    match = FRONT_MATTER.match(source)
    if not match:
        raise PackError("a unit starts with YAML front matter between two '---' lines", shown, 1)
    front = located_yaml.load(match.group(1), shown, line_offset=1)
    reader = _Reader(front, shown, f"unit '{unit_id}'", 2)
    reader.only({"title", "components"})
    body_line = match.group(0).count("\n") + 1
    body = source[match.end() :]
    components = []
    if body.strip():
        reading = Text(body.strip("\n").rstrip(), shown, body_line + len(body) - len(body.lstrip("\n")), True)
        components.append(Component("html", unit_id, shown, body_line, {"markdown": reading}, {}))
    for component in reader.each("components", f"unit '{unit_id}', component", required=False):
        components.append(_component(component))
    if not components:
        raise PackError(f"unit '{unit_id}' has neither a reading nor components", shown, 1)
    return Unit(unit_id, shown, reader.text("title"), tuple(components))


# -- the manifest --------------------------------------------------------------------------------------


def _parameters(reader):
    parameters = {}
    value = reader.value("parameters", Mapping, False, Mapping())
    for name, spec in value.items():
        line = value.line_of(name)
        if not isinstance(name, str) or not re.match(r"^[a-z][a-z0-9_]*$", name):
            raise PackError(f"parameter name '{name}' must be lower_case_with_underscores", reader.path, line)
        parameter = _Reader(spec, reader.path, f"parameter '{name}'", line)
        parameter.only({"help", "default"})
        parameters[name] = Parameter(name, parameter.value("help", str), parameter.text("default", required=False))
    return parameters


def _outline(reader, folder, pack_ids):
    chapters = []
    for chapter in reader.each("outline", "chapter"):
        chapter.only({"id", "title", "sequentials"})
        chapter_id = _unique(chapter, pack_ids)
        sequentials = []
        for sequential in chapter.each("sequentials", "subsection"):
            sequential.only({"id", "title", "graded_as", "units"})
            sequential_id = _unique(sequential, pack_ids)
            units = []
            for unit_line, unit_id in sequential.items("units"):
                if not isinstance(unit_id, str) or not ID_PATTERN.match(unit_id):
                    raise PackError(f"'{unit_id}' is not a valid unit id", reader.path, unit_line)
                if unit_id in pack_ids:
                    raise PackError(f"the id '{unit_id}' is used twice", reader.path, unit_line)
                pack_ids.add(unit_id)
                units.append(read_unit(folder / "units" / f"{unit_id}.md", unit_id))
            graded_as = sequential.value("graded_as", str, False, "")
            sequentials.append(
                Sequential(
                    sequential_id,
                    sequential.text("title"),
                    graded_as,
                    tuple(units),
                    sequential.mapping.line_of("graded_as"),
                )
            )
        chapters.append(Chapter(chapter_id, chapter.text("title"), tuple(sequentials)))
    return tuple(chapters)


def _unique(reader, pack_ids):
    identifier = reader.identifier()
    if identifier in pack_ids:
        reader.fail("id", f"the id '{identifier}' is used twice")
    pack_ids.add(identifier)
    return identifier


def _grading(reader):
    value = reader.value("grading", Mapping, False)
    if value is None:
        return 0.5, ()
    grading = _Reader(value, reader.path, "grading")
    grading.only({"pass", "assignments"})
    share = grading.value("pass", float)
    if not 0 < share <= 1:
        grading.fail("pass", "'pass' is a share of the grade, above 0 and at most 1")
    assignments = []
    for assignment in grading.each("assignments", "assignment type"):
        assignment.only({"type", "short_label", "weight"})
        assignments.append(
            Assignment(
                assignment.value("type", str), assignment.value("short_label", str), assignment.value("weight", float)
            )
        )
    if abs(sum(assignment.weight for assignment in assignments) - 1.0) > WEIGHT_TOLERANCE:
        grading.fail("assignments", "the assignment weights must add up to 1.0")
    return share, tuple(assignments)


def _badges(reader):
    badges = []
    for badge in reader.each("badges", "badge", required=False):
        badge.only({"slug", "name", "description", "criteria", "awarded_when"})
        badges.append(
            Badge(
                badge.identifier("slug"),
                badge.text("name"),
                badge.text("description"),
                badge.text("criteria"),
                badge.choice("awarded_when", AWARD_WHEN),
            )
        )
    return tuple(badges)


def _track_stages(reader):
    stages = []
    for stage in reader.each("track_stages", "track stage", required=False):
        stage.only({"title", "requirements"})
        requirements = []
        for requirement in stage.each("requirements", "requirement"):
            requirement.only({"kind", "block"})
            kind = requirement.choice("kind", REQUIREMENT_KINDS)
            block = requirement.identifier("block") if kind == "block_done" else ""
            requirements.append(StageRequirement(kind, block))
        stages.append(TrackStage(stage.text("title"), tuple(requirements)))
    return tuple(stages)


def _check_references(pack, reader):
    """Graded subsections name an assignment type, stages name components, and problems stay ungraded."""
    types = {assignment.type for assignment in pack.assignments}
    graded_blocks = {"edit_exercise", "peer_review"}
    for chapter in pack.chapters:
        for sequential in chapter.sequentials:
            kinds = {component.type for unit in sequential.units for component in unit.components}
            problem = None
            if sequential.graded_as and sequential.graded_as not in types:
                problem = f"is graded as '{sequential.graded_as}', which is not an assignment type under 'grading'"
            elif sequential.graded_as and "problem" in kinds:
                problem = "is graded but holds a self-check problem"
            elif kinds & graded_blocks and not sequential.graded_as:
                problem = "holds graded work but has no 'graded_as'"
            if problem:
                raise PackError(f"subsection '{sequential.id}' {problem}", reader.path, sequential.line)
    ids = {}
    for unit, component in pack.components():
        if component.id in ids and component.id != unit.id:
            raise PackError(f"the component id '{component.id}' is used twice", component.path, component.line)
        ids[component.id] = component
    for stage in pack.track_stages:
        for requirement in stage.requirements:
            if requirement.kind == "block_done" and ids.get(requirement.block) is None:
                reader.fail("track_stages", f"a track stage names the component '{requirement.block}', "
                            "which is not in the pack")  # fmt: skip


def _setting_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _setting_strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _setting_strings(item)


def _check_placeholders(pack):
    """Every ``${name}`` is a parameter, a built-in or a well-known page, wherever it is written."""
    known = set(pack.parameters) | set(placeholders.BUILT_INS) | {f"page:{key}" for key in wiki_profiles.PAGE_KEYS}
    for text, path, line in pack.placeholder_sources():
        placeholders.check(text, known, path, line)


def pack_folder(name):
    """The folder of a pack shipped with WikiSkills, or the folder the author named."""
    candidate = Path(name)
    if candidate.is_dir() and (candidate / "pack.yaml").exists():
        return candidate
    folder = PACKS_DIR / name
    if not (folder / "pack.yaml").exists():
        known = ", ".join(available_packs()) or "none"
        raise PackError(f"there is no learning pack '{name}' (packs: {known})")
    return folder


def available_packs():
    return sorted(path.parent.name for path in PACKS_DIR.glob("*/pack.yaml"))


def load_pack(name):
    """The pack called ``name`` (or in the folder ``name``), checked from top to bottom."""
    folder = pack_folder(name)
    path = relative(folder / "pack.yaml")
    try:
        source = (folder / "pack.yaml").read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PackError("not UTF-8 text", path) from None
    manifest = located_yaml.load(source, path)
    reader = _Reader(manifest, path, "the manifest", 1)
    reader.only(
        {"format", "name", "version", "source_language", "languages", "title", "summary", "audience",
         "effort_hours", "requires", "parameters", "outline", "grading", "badges", "track_stages"}
    )  # fmt: skip
    if reader.value("format", int) != FORMAT:
        reader.fail("format", f"this tool reads pack format {FORMAT}")
    if reader.value("name", str) != folder.name:
        reader.fail("name", f"'name' must be the folder's name, '{folder.name}'")
    version = reader.value("version", str)
    if not VERSION_PATTERN.match(version):
        reader.fail("version", "'version' is MAJOR.MINOR.PATCH, such as 1.2.0")
    languages = tuple(item for _line, item in reader.items("languages"))
    for index, language in enumerate(languages):
        if not isinstance(language, str) or not LANGUAGE_PATTERN.match(language):
            raise PackError(f"'{language}' is not a language code", path, reader.mapping["languages"].line_of(index))
    source_language = reader.value("source_language", str)
    if source_language not in languages:
        reader.fail("source_language", "the source language must be one of 'languages'")
    requires = tuple(item for _line, item in reader.items("requires", required=False))
    for index, required in enumerate(requires):
        if required not in COMPONENT_READERS:
            raise PackError(f"'{required}' is not a component type", path, reader.mapping["requires"].line_of(index))
    share, assignments = _grading(reader)
    pack = Pack(
        name=folder.name,
        folder=folder,
        version=version,
        source_language=source_language,
        languages=languages,
        title=reader.text("title"),
        summary=reader.text("summary"),
        audience=reader.text("audience"),
        effort_hours=reader.value("effort_hours", float),
        requires=requires,
        parameters=_parameters(reader),
        chapters=_outline(reader, folder, set()),
        pass_share=share,
        assignments=assignments,
        badges=_badges(reader),
        track_stages=_track_stages(reader),
    )
    _check_references(pack, reader)
    _check_placeholders(pack)
    return pack
