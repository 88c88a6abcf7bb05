"""A learning pack in one language, for one wiki and dates, as the OLX files of a course Studio imports.

Layout as Studio exports it (one file per chapter, subsection, unit and component) so that a
course exported later compares with a fresh build unit by unit (``diff``). Our blocks' fields
are XML attributes exactly as XBlock's ``parse_xml`` reads them (``Field.from_string``).
"""

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from importlib.metadata import entry_points

from lxml import etree

from wikiskills.integrations import __version__

from . import archive, markdown, olx, placeholders, wiki_profiles
from . import pack as packs
from .errors import PackError, relative
from .translations import Translator

COURSE_KEY_PART = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")
BLOCK_TAGS = {
    "html": "html",
    "problem": "problem",
    "wiki_page": "wikiskills_wiki_page",
    "edit_exercise": "wikiskills_edit_exercise",
    "peer_review": "wikiskills_peer_review",
    "skills_survey": "wikiskills_skills_survey",
}
CORE_TAGS = {"html", "problem"}


def effort(hours):
    """Studio's "Hours of effort" as ``H:MM`` (1.5 hours is ``1:30``, not ``1.5:00``), rounded to the minute."""
    minutes = round(hours * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build depends on; the same options give the same bytes."""

    pack: str
    org: str
    course: str
    run: str
    language: str
    wiki: str
    start: datetime
    end: datetime | None = None
    wiki_api: str | None = None
    params: dict = field(default_factory=dict)

    @classmethod
    def from_arguments(cls, args):
        for name in ("org", "course", "run"):
            if not COURSE_KEY_PART.match(getattr(args, name)):
                raise PackError(f"--{name} may hold only letters, digits, '_', '-' and '.'")
        start = parse_date(args.start, "--start")
        end = parse_date(args.end, "--end") if args.end else None
        if end and end <= start:
            raise PackError("--end must come after --start")
        params = {}
        for item in args.param:
            name, equals, value = item.partition("=")
            if not equals or not name.strip():
                raise PackError(f"--param '{item}' must look like name=value")
            params[name.strip()] = value
        return cls(
            args.pack, args.org, args.course, args.run, args.language, args.wiki, start, end, args.wiki_api, params
        )

    def page_overrides(self):
        """``--param page:KEY=Title``: a well-known page's title on this wiki."""
        return {name.removeprefix("page:"): value for name, value in self.params.items() if name.startswith("page:")}


def parse_date(text, option):
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise PackError(f"{option} '{text}' is not a date such as 2027-02-01") from None
    return moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(UTC)


@dataclass
class BuiltCourse:
    files: dict
    warnings: list
    size: int = 0
    sha256: str = ""


def installed_block_tags():
    return {entry.name for entry in entry_points(group="xblock.v1")}


class _Builder:
    """Turns the checked pack into OLX files; one method per kind of file."""

    def __init__(self, pack, options, profile, translator, values):
        self.pack = pack
        self.options = options
        self.profile = profile
        self.translator = translator
        self.values = values
        self.direction = "rtl" if options.language.split("-")[0] in wiki_profiles.RTL_LANGUAGES else "ltr"
        self.files = {}
        self.warnings = []

    # -- texts ----------------------------------------------------------------------------------------

    def words(self, text):
        """A plain text, translated, with its placeholders filled."""
        return placeholders.fill(self.translator.text(text), self.values, text.path, text.line)

    def html_text(self, text):
        """A Markdown text, translated, linked to the wiki, filled and rendered."""
        translated = self.translator.text(text)
        linked = markdown.wiki_links(translated, lambda target: self.fill_target(target, text), self.page_url)
        return markdown.render(placeholders.fill(linked, self.values, text.path, text.line), **self.lang())

    def fill_target(self, target, text):
        return placeholders.fill(target, self.values, text.path, text.line)

    def page_url(self, title):
        fallback = self.profile.fallback_urls.get(title)
        return fallback or self.profile.page_url(title)

    def lang(self):
        return {"language": self.options.language, "direction": self.direction}

    def setting(self, value, component):
        """A non-translated setting with placeholders filled, inside lists and mappings too."""
        if isinstance(value, str):
            return placeholders.fill(value, self.values, component.path, component.line)
        if isinstance(value, list):
            return [self.setting(item, component) for item in value]
        if isinstance(value, dict):
            return {key: self.setting(item, component) for key, item in value.items()}
        return value

    # -- files ----------------------------------------------------------------------------------------

    def write_xml(self, path, element):
        self.files[path] = etree.tostring(element, encoding="utf-8", pretty_print=True)

    def build(self):
        course = etree.Element("course", display_name=self.words(self.pack.title), language=self.options.language)
        for chapter in self.pack.chapters:
            etree.SubElement(course, "chapter", url_name=chapter.id)
            self.chapter(chapter)
        self.write_xml(f"course/{self.options.run}.xml", course)
        self.course_pointer()
        self.policies()
        self.about_pages()
        self.static_files()
        return self.files

    def course_pointer(self):
        record = self.record()
        comment = etree.Comment(
            f" Built by wikiskills-pack from the learning pack {record['name']} {record['version']} "
            f"(language {record['language']}, wiki {record['wiki']}). To see what a newer version changes: "
            f"wikiskills-pack diff {record['name']} <this course exported from Studio>. "
        )
        pointer = etree.Element("course", url_name=self.options.run, org=self.options.org, course=self.options.course)
        self.files["course.xml"] = (
            etree.tostring(comment, encoding="utf-8")
            + b"\n"
            + etree.tostring(pointer, encoding="utf-8", pretty_print=True)
        )

    def record(self):
        """What the course came from, kept in its policy so ``diff`` can rebuild the same."""
        return {
            "name": self.pack.name,
            "version": self.pack.version,
            "language": self.options.language,
            "wiki": self.options.wiki,
            "parameters": {name: self.values[name] for name in sorted(self.pack.parameters)},
            "pages": dict(sorted(self.options.page_overrides().items())),
            "built_by": f"wikiskills-pack {__version__}",
            **({"wiki_api": self.options.wiki_api} if self.options.wiki_api else {}),
        }

    def policies(self):
        run = self.options.run
        settings = {
            "display_name": self.words(self.pack.title),
            "language": self.options.language,
            "start": self.options.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "advanced_modules": sorted({BLOCK_TAGS[kind] for kind in self.pack.component_types()} - CORE_TAGS),
            "effort": effort(self.pack.effort_hours),
            olx.RECORD_KEY: self.record(),
        }
        if self.options.end:
            settings["end"] = self.options.end.strftime("%Y-%m-%dT%H:%M:%SZ")
        graded = [sequential.graded_as for chapter in self.pack.chapters for sequential in chapter.sequentials]
        grading = {
            "GRADER": [
                {
                    "type": assignment.type,
                    "short_label": assignment.short_label,
                    "min_count": graded.count(assignment.type),
                    "drop_count": 0,
                    "weight": assignment.weight,
                }
                for assignment in self.pack.assignments
            ],
            "GRADE_CUTOFFS": {"Pass": self.pack.pass_share},
        }
        self.files[f"policies/{run}/policy.json"] = _json({f"course/{run}": settings})
        self.files[f"policies/{run}/grading_policy.json"] = _json(grading)
        self.files["policies/assets.json"] = b"{}\n"

    def about_pages(self):
        """The course's about page and catalog description (escaped: pack texts never become markup)."""
        overview = markdown.render(
            f"{self.words(self.pack.summary)}\n\n{self.words(self.pack.audience)}", **self.lang()
        )
        self.files["about/overview.html"] = overview.encode("utf-8") + b"\n"
        self.files["about/short_description.html"] = escape(self.words(self.pack.summary)).encode("utf-8") + b"\n"

    def static_files(self):
        folder = self.pack.folder / "static"
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and not path.is_symlink():
                self.files[f"static/{path.relative_to(folder).as_posix()}"] = path.read_bytes()

    def chapter(self, chapter):
        element = etree.Element("chapter", display_name=self.words(chapter.title))
        for sequential in chapter.sequentials:
            etree.SubElement(element, "sequential", url_name=sequential.id)
            self.sequential(sequential)
        self.write_xml(f"chapter/{chapter.id}.xml", element)

    def sequential(self, sequential):
        element = etree.Element("sequential", display_name=self.words(sequential.title))
        if sequential.graded_as:
            element.set("graded", "true")
            element.set("format", sequential.graded_as)
        for unit in sequential.units:
            etree.SubElement(element, "vertical", url_name=unit.id)
            self.vertical(unit)
        self.write_xml(f"sequential/{sequential.id}.xml", element)

    def vertical(self, unit):
        element = etree.Element("vertical", display_name=self.words(unit.title))
        for component in unit.components:
            category = getattr(self, f"write_{component.type}")(component, unit)
            etree.SubElement(element, category, url_name=component.id)
        self.write_xml(f"vertical/{unit.id}.xml", element)

    # -- components, one writer per type ------------------------------------------------------------------

    # Each writer writes one component's files and returns the category its unit points to.

    def write_html(self, component, unit):
        self.write_html_file(component.id, self.words(unit.title), self.html_text(component.texts["markdown"]))
        return "html"

    def write_html_file(self, url_name, display_name, body):
        self.write_xml(f"html/{url_name}.xml", etree.Element("html", filename=url_name, display_name=display_name))
        self.files[f"html/{url_name}.html"] = body.encode("utf-8") + b"\n"

    def inline(self, element, text):
        """Inline Markdown (code, emphasis, links) of a short text, as children of an XML element."""
        rendered = markdown.render_inline(self.words(text))
        wrapper = etree.fromstring(f"<wrapper>{rendered}</wrapper>")
        element.text = (element.text or "") + (wrapper.text or "")
        element.extend(list(wrapper))
        return element

    def write_problem(self, component, _unit):
        problem = etree.Element("problem", display_name=self.words(component.texts["title"]), showanswer="attempted")
        response = etree.SubElement(problem, "multiplechoiceresponse")
        self.inline(etree.SubElement(response, "label"), component.texts["question"])
        group = etree.SubElement(response, "choicegroup", type="MultipleChoice")
        for choice in component.choices:
            element = self.inline(
                etree.SubElement(group, "choice", correct="true" if choice.correct else "false"), choice.text
            )
            if choice.hint:
                self.inline(etree.SubElement(element, "choicehint"), choice.hint)
        if "explanation" in component.texts:
            solution = etree.SubElement(etree.SubElement(response, "solution"), "div", {"class": "detailed-solution"})
            self.inline(etree.SubElement(solution, "p"), component.texts["explanation"])
        self.write_xml(f"problem/{component.id}.xml", problem)
        return "problem"

    def write_block(self, component, fields):
        """One of our XBlocks, its fields as attributes in ``Field.to_string``'s forms."""
        element = etree.Element(BLOCK_TAGS[component.type], display_name=self.words(component.texts["title"]))
        for name, value in fields.items():
            element.set(name, _field_string(value))
        self.write_xml(f"{BLOCK_TAGS[component.type]}/{component.id}.xml", element)
        return BLOCK_TAGS[component.type]

    def write_wiki_page(self, component, _unit):
        """The page shown from the course's wiki; a page that wiki lacks becomes a link to English Wikipedia's."""
        page = self.setting(component.settings["page"], component)
        title = self.words(component.texts["title"])
        if page in self.profile.fallback_urls:
            self.warnings.append(f"component '{component.id}': {self.profile.name} has no known '{page}'; "
                                 "the unit links to English Wikipedia's page instead of showing it")  # fmt: skip
            link = f'<p><a href="{escape(self.profile.fallback_urls[page])}">{escape(title)}</a></p>'
            self.write_html_file(component.id, title, markdown.wrap(link, **self.lang()))
            return "html"
        return self.write_block(component, {"wiki": self.options.wiki, "page_title": page})

    def write_edit_exercise(self, component, _unit):
        settings = {key: self.setting(value, component) for key, value in component.settings.items()}
        fields = {"instructions": self.html_text(component.texts["instructions"]), "wiki": self.options.wiki}
        return self.write_block(component, {**fields, **settings})

    def write_peer_review(self, component, _unit):
        settings = dict(component.settings)
        fields = {"prompt": self.html_text(component.texts["prompt"])}
        if settings.pop("wiki_edit", False):
            fields["wiki"] = self.options.wiki
        if component.rubric:
            fields["rubric"] = [self.rubric_criterion(criterion) for criterion in component.rubric]
        return self.write_block(component, {**fields, **settings})

    def rubric_criterion(self, criterion):
        return {
            "name": self.words(criterion.name),
            "prompt": self.words(criterion.prompt),
            "feedback": criterion.feedback,
            "options": [
                {
                    "label": self.words(option.label),
                    "points": option.points,
                    "explanation": self.words(option.explanation),
                }
                for option in criterion.options
            ],
        }

    def write_skills_survey(self, component, _unit):
        fields = {"prompt": self.html_text(component.texts["prompt"]), "skills": component.settings["skills"]}
        return self.write_block(component, fields)


def _field_string(value):
    """What ``xblock.fields`` reads back: strings as they are, everything else as JSON (YAML reads JSON)."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _json(data):
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def placeholder_values(pack, options, profile, translator):
    """Placeholder values: the pack's parameters (given, or the default in the course language), then the wiki's."""
    unknown = sorted(set(options.params) - set(pack.parameters) - {f"page:{key}" for key in wiki_profiles.PAGE_KEYS})
    if unknown:
        raise PackError(f"the pack has no parameter '{unknown[0]}' (see: wikiskills-pack show {pack.name})")
    values = {}
    for name, parameter in pack.parameters.items():
        value = options.params.get(name) or (parameter.default and translator.text(parameter.default))
        if not value or not value.strip():
            raise PackError(
                f"the parameter '{name}' is required: give --param {name}=…", relative(pack.folder / "pack.yaml")
            )
        values[name] = value
    values.update(profile.placeholders())
    values["lang"] = options.language
    values["course_start"] = options.start.date().isoformat()
    values["course_end"] = options.end.date().isoformat() if options.end else ""
    return values


def _fallback_warnings(pack, profile):
    """Which well-known pages the pack uses that the wiki lacks, so their links go to English Wikipedia."""
    used = {name.removeprefix("page:") for name in pack.placeholder_names() if name.startswith("page:")}
    missing = sorted(key for key in used if profile.pages.get(key) in profile.fallback_urls)
    if not missing or profile.key == wiki_profiles.FALLBACK_PAGES_FROM:
        return []
    return [
        f"{profile.name} has no known page for {', '.join(missing)}: links go to English Wikipedia's; "
        "give --param page:KEY=Title for that wiki's own pages."
    ]


def build_course(options):
    """The course's files and the warnings an author should read; nothing is written."""
    pack = packs.load_pack(options.pack)
    if options.language not in pack.languages:
        raise PackError(
            f"the pack is not available in '{options.language}' (languages: {', '.join(pack.languages)})",
            relative(pack.folder / "pack.yaml"),
        )
    missing_blocks = sorted(
        BLOCK_TAGS[kind] for kind in set(pack.requires) | set(pack.component_types())
        if BLOCK_TAGS[kind] not in CORE_TAGS and BLOCK_TAGS[kind] not in installed_block_tags()
    )  # fmt: skip
    if missing_blocks:
        raise PackError(
            f"this pack needs the block {', '.join(missing_blocks)}, which is not installed here: "
            "install openedx-wikiskills with it, or choose another pack"
        )
    profile = wiki_profiles.resolve(options.wiki, options.wiki_api, options.language, options.page_overrides())
    translator = Translator(pack, options.language)
    builder = _Builder(pack, options, profile, translator, placeholder_values(pack, options, profile, translator))
    files = builder.build()
    warnings = [*profile.warnings, *_fallback_warnings(pack, profile), *translator.problems, *builder.warnings]
    untranslated = translator.missing(pack)
    if untranslated:
        warnings.append(
            f"{len(untranslated)} texts are not translated into {options.language} and stay in "
            f"{pack.source_language} (see: wikiskills-pack show {pack.name} --language {options.language})"
        )
    return BuiltCourse(files, warnings)


def build_archive(options, output):
    """Build and write the archive atomically; the same options give the same bytes."""
    built = build_course(options)
    data = archive.tar_gz_bytes(built.files)
    built.sha256 = archive.write_atomically(output, data)
    built.size = len(data)
    return built
