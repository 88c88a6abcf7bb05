"""``wikiskills-pack diff``: what a running course, made from an older version of a pack, lacks or changed.

The course records the pack, version, language, wiki and parameters it was built with; the pack
as it is now is built again with the same choices, and the two are compared unit by unit (by
url_name, which the importer keeps), ignoring what Studio's export rewrites (indentation,
attribute order, JSON spacing, ``xblock-family``).
"""

import re
from dataclasses import dataclass, field

import yaml

from . import archive, build, olx
from . import pack as packs
from .errors import PackError

IGNORED_ATTRIBUTES = {"url_name", "xblock-family", "editor"}


@dataclass(frozen=True)
class Unit:
    url_name: str
    title: str
    subsection: str
    components: tuple  # (category, url_name, normalized attributes, normalized body)


@dataclass
class Changes:
    pack: str
    course_version: str
    pack_version: str
    language: str
    missing: list = field(default_factory=list)  # units of the pack the course lacks
    extra: list = field(default_factory=list)  # units only the course has (the author's own, or dropped)
    changed: list = field(default_factory=list)  # (unit, ["what changed", ...])
    unchanged: int = 0


def _value(name, value):
    if name in ("criteria", "rubric", "skills"):
        try:
            return yaml.safe_load(value)
        except yaml.YAMLError:
            return value
    return " ".join(value.split())


def _units(course):
    units = {}
    for node, parents in olx.walk(course.root):
        if node.category != "vertical":
            continue
        subsection = parents[-1].attributes.get("display_name", parents[-1].url_name) if parents else ""
        components = tuple(
            (
                child.category,
                child.url_name,
                {
                    name: _value(name, value)
                    for name, value in sorted(child.attributes.items())
                    if name not in IGNORED_ATTRIBUTES
                },
                re.sub(r"\s+", " ", child.body).strip(),
            )
            for child in node.children
        )
        units[node.url_name] = Unit(node.url_name, node.attributes.get("display_name", ""), subsection, components)
    return units


def _component_changes(old, new):
    """Words for each component the pack added, dropped or changed in one unit."""
    before = {(category, url_name): (attributes, body) for category, url_name, attributes, body in old.components}
    after = {(category, url_name): (attributes, body) for category, url_name, attributes, body in new.components}
    notes = []
    for key in after.keys() - before.keys():
        notes.append(f"add the {key[0]} '{key[1]}'")
    for key in before.keys() - after.keys():
        notes.append(f"the pack no longer has the {key[0]} '{key[1]}'")
    for key in sorted(after.keys() & before.keys()):
        (old_attributes, old_body), (new_attributes, new_body) = before[key], after[key]
        fields = sorted(name for name in old_attributes.keys() | new_attributes.keys()
                        if old_attributes.get(name) != new_attributes.get(name))  # fmt: skip
        if old_body != new_body:
            fields.append("text")
        if fields:
            notes.append(f"{key[0]} '{key[1]}': {', '.join(fields)} changed")
    if [component[:2] for component in old.components if component[:2] in after] != [
        component[:2] for component in new.components if component[:2] in before
    ]:
        notes.append("components are in a new order")
    if old.title != new.title:
        notes.append("the title changed")
    return sorted(notes)


def _rebuild_options(pack, course):
    record = course.record
    params = {name: value for name, value in (record.get("parameters") or {}).items() if name in pack.parameters}
    params.update({f"page:{key}": title for key, title in (record.get("pages") or {}).items()})
    start = course.policy.get("start") or "2000-01-01"
    return build.BuildOptions(
        pack=str(pack.folder),
        org=course.org,
        course=course.number,
        run=course.run,
        language=record.get("language", pack.source_language),
        wiki=record.get("wiki", ""),
        start=build.parse_date(str(start).replace("Z", "+00:00"), "the course's start"),
        wiki_api=record.get("wiki_api"),
        params=params,
    )


def compare(pack_name, course_path):
    """The changes between the course at ``course_path`` and the pack as it is now."""
    course, _missing = olx.read(archive.read_course(course_path))
    if not course.record:
        raise PackError("the course does not say which learning pack made it (no 'wikiskills_pack' in its policy)")
    pack = packs.load_pack(pack_name)
    if course.record.get("name") != pack.name:
        raise PackError(f"the course was made from the pack '{course.record.get('name')}', not '{pack.name}'")
    fresh, _problems = olx.read(build.build_course(_rebuild_options(pack, course)).files)
    old, new = _units(course), _units(fresh)
    changes = Changes(pack.name, course.record.get("version", "?"), pack.version, course.record.get("language", ""))
    changes.missing = [new[name] for name in new if name not in old]
    changes.extra = [old[name] for name in old if name not in new]
    for name in new.keys() & old.keys():
        notes = _component_changes(old[name], new[name])
        if notes:
            changes.changed.append((new[name], notes))
        else:
            changes.unchanged += 1
    changes.changed.sort(key=lambda item: list(new).index(item[0].url_name))
    return changes


def describe(changes):
    """The changes as lines an author reads before updating a running course in Studio."""
    lines = [
        f"The course was built from {changes.pack} {changes.course_version} ({changes.language}); "
        f"the pack is now {changes.pack_version}."
    ]
    for unit in changes.missing:
        lines.append(f'+ unit \'{unit.url_name}\' "{unit.title}" in "{unit.subsection}": new in the pack, missing here')
    for unit, notes in changes.changed:
        lines.append(f"~ unit '{unit.url_name}' \"{unit.title}\": {'; '.join(notes)}")
    for unit in changes.extra:
        lines.append(
            f"- unit '{unit.url_name}' \"{unit.title}\": only in the course (your own, or dropped from the pack)"
        )
    lines.append(f"{changes.unchanged} units are as in the pack.")
    if not (changes.missing or changes.changed or changes.extra):
        lines.append("Nothing to bring up to date.")
    return lines
