"""Each unit of each learning pack as a workbench scenario, so a newcomer sees a pack without Studio.

The pack is built exactly as ``wikiskills-pack build`` builds it (English, the demo wiki); each
unit's OLX is then shown with the workbench's own blocks where the LMS has blocks the workbench
lacks: an HTML component becomes ``html_demo``, a self-check problem a read-only summary (capa
problems need the LMS). Our blocks are parsed from the built OLX as they are.
"""

import logging
from datetime import UTC, datetime
from html import escape

from lxml import etree

from wikiskills.course_templates import api, build, olx
from wikiskills.course_templates.errors import PackError

log = logging.getLogger(__name__)
DEMO_RUN = "demo"
DEMO_PAGES = {"page:citing_sources": "Help:Referencing for beginners"}  # the help page demo/run.py writes


def built_pack(name):
    """The pack built for the demo wiki, read back as a course tree."""
    options = build.BuildOptions(
        pack=name,
        org="WikiSkillsDemo",
        course=name,
        run=DEMO_RUN,
        language="en",
        wiki="demo",
        start=datetime(2027, 1, 1, tzinfo=UTC),
        params=DEMO_PAGES,
    )
    course, _problems = olx.read(build.build_course(options).files)
    return course


def _problem_summary(node):
    """A capa problem as text: its question and choices, marking none as correct."""
    problem = etree.fromstring(node.body)
    label = problem.find(".//label")
    choices = "".join(f"<li>{escape(''.join(choice.itertext()).strip())}</li>" for choice in problem.iter("choice")
                      if choice.text)  # fmt: skip
    question = escape("".join(label.itertext()).strip()) if label is not None else ""
    return (
        f"<section><h3>{escape(node.attributes.get('display_name', ''))}</h3><p>{question}</p><ul>{choices}</ul>"
        "<p><em>A self-check question: in the LMS learners answer it and see the hints.</em></p></section>"
    )


def unit_xml(unit):
    """The workbench XML of one unit (a vertical node of the built course)."""
    parts = []
    for child in unit.children:
        if child.category == "html":
            parts.append(f"<html_demo>{child.body}</html_demo>")
        elif child.category == "problem":
            parts.append(f"<html_demo>{_problem_summary(child)}</html_demo>")
        else:
            element = etree.Element(child.category, child.attributes)
            parts.append(etree.tostring(element, encoding="unicode"))
    return f"<vertical_demo>{''.join(parts)}</vertical_demo>"


def scenarios():
    """(scenario name, description, XML) for every unit of every pack that builds for the demo."""
    found = []
    for name in api.available_packs():
        try:
            course = built_pack(name)
        except PackError as error:
            log.warning("The learning pack %s is not shown in the demo: %s", name, error)
            continue
        title = course.policy.get("display_name", name)
        units = [node for node, _parents in olx.walk(course.root) if node.category == "vertical"]
        for number, unit in enumerate(units, start=1):
            description = f"Learning pack: {title} — {number}. {unit.attributes.get('display_name', unit.url_name)}"
            found.append((f"pack.{name}.{number}", description, unit_xml(unit)))
    return found
