"""Reading a course's OLX (ours or exported by Studio) into one tree, for ``check`` and ``diff``.

Studio writes each block either inline or as a pointer (``<vertical url_name="x"/>`` with the
definition in ``vertical/x.xml``); both are followed here, as the importer does.
"""

import json
from dataclasses import dataclass, field

from lxml import etree

from .errors import PackError

STRUCTURE = ("chapter", "sequential", "vertical")
RECORD_KEY = "wikiskills_pack"
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False)


@dataclass
class Node:
    """A block: its category, url_name, attributes (without url_name) and children; html keeps its text."""

    category: str
    url_name: str
    attributes: dict
    children: list = field(default_factory=list)
    body: str = ""  # an html component's file, or a problem's XML
    source: str = ""  # the file it was read from, for messages


@dataclass
class Course:
    org: str
    number: str
    run: str
    root: Node
    policy: dict
    grading: dict
    record: dict | None


def parse_xml(data, name):
    try:
        return etree.fromstring(data, SAFE_PARSER)
    except etree.XMLSyntaxError as error:
        raise PackError(f"not well-formed XML: {error.msg}", name, error.lineno) from None


def _is_pointer(element):
    return set(element.attrib) == {"url_name"} and len(element) == 0 and not (element.text or "").strip()


class _Reader:
    def __init__(self, files):
        self.files = files
        self.problems = []

    def file(self, name):
        if name not in self.files:
            raise PackError(f"{name} is missing")
        return self.files[name]

    def node(self, element, source):
        category = element.tag
        url_name = element.get("url_name", "")
        if _is_pointer(element):
            source = f"{category}/{url_name}.xml"
            if source not in self.files:
                self.problems.append(f"{source} is missing (named in a parent as url_name '{url_name}')")
                return Node(category, url_name, {}, source=source)
            element = parse_xml(self.files[source], source)
        attributes = {key: value for key, value in element.attrib.items() if key != "url_name"}
        node = Node(category, url_name, attributes, source=source)
        if category in STRUCTURE or category == "course":
            node.children = [self.node(child, source) for child in element if isinstance(child.tag, str)]
        elif category == "html" and "filename" in attributes:
            name = f"html/{attributes['filename']}.html"
            if name in self.files:
                node.body = self.files[name].decode("utf-8", errors="replace")
            else:
                self.problems.append(f"{name} is missing (the html component '{url_name}' names it)")
        elif len(element) or (element.text or "").strip():
            node.body = canonical(element)
        return node


def read(files):
    """The course tree and the problems found while following pointers (missing files)."""
    reader = _Reader(files)
    pointer = parse_xml(reader.file("course.xml"), "course.xml")
    if pointer.tag != "course" or not all(pointer.get(key) for key in ("url_name", "org", "course")):
        raise PackError("course.xml must be <course url_name=… org=… course=…/>", "course.xml")
    run = pointer.get("url_name")
    course_file = f"course/{run}.xml"
    root = reader.node(parse_xml(reader.file(course_file), course_file), course_file)
    policy_file = f"policies/{run}/policy.json"
    policy = _json(reader.file(policy_file), policy_file)
    settings = policy.get(f"course/{run}") if isinstance(policy, dict) else None
    if not isinstance(settings, dict):
        raise PackError(f"the policy has no settings for 'course/{run}'", policy_file)
    grading_file = f"policies/{run}/grading_policy.json"
    grading = _json(reader.file(grading_file), grading_file) if grading_file in files else {}
    record = settings.get(RECORD_KEY) or (settings.get("xml_attributes") or {}).get(RECORD_KEY)
    course = Course(pointer.get("org"), pointer.get("course"), run, root, settings, grading, record)
    return course, reader.problems


def _json(data, name):
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise PackError(f"not valid JSON: {error}", name) from None


def canonical(element):
    """The element as canonical XML without indentation, so a re-indented export compares equal."""
    for part in element.iter():
        if part.text is not None and not part.text.strip():
            part.text = None
        if part.tail is not None and not part.tail.strip():
            part.tail = None
    return etree.tostring(element, method="c14n").decode("utf-8")


def walk(node, parents=()):
    """(node, its ancestors) for every block below ``node``, in course order."""
    for child in node.children:
        yield child, parents
        yield from walk(child, (*parents, child))
