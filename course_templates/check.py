"""``wikiskills-pack check``: what Studio's import would refuse or silently drop, found before importing.

Studio validates OLX at import only when OLX validation is turned on, and reports by email after
the fact; this reads the archive as the importer does and says what is wrong, file by file.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import yaml

from wikiskills.integrations.wikiskills_exercises.criteria import CriterionSpecError, criteria_from_specs

from . import archive, olx
from .errors import PackError

# Blocks every Studio offers without listing them in the course's advanced modules.
CORE_BLOCKS = {"html", "problem", "video", "discussion", "library_content", "itembank", "split_test", "conditional"}
REQUIRED_ATTRIBUTES = {
    "wikiskills_wiki_page": ("wiki", "page_title"),
    "wikiskills_edit_exercise": ("wiki", "target_kind", "criteria"),
    "wikiskills_peer_review": ("prompt",),
    "wikiskills_skills_survey": ("skills",),
}
STRUCTURED_ATTRIBUTES = ("criteria", "rubric", "skills", "allow_text", "combine_edits", "draft_may_move",
                         "self_review", "anonymous", "must_grade", "must_be_graded_by", "weight")  # fmt: skip


WEIGHT_TOLERANCE = 1e-6


@dataclass
class Report:
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    summary: str = ""


def check_path(path):
    """Check an archive or folder; problems make the import fail or lose something, warnings may."""
    report = Report()
    try:
        files = archive.read_course(path)
        course, missing = olx.read(files)
    except PackError as error:
        report.problems.append(str(error))
        return report
    report.problems.extend(missing)
    _check_policy(course, report)
    _check_blocks(course, report)
    _check_grading(course, report)
    counts = Counter(node.category for node, _parents in olx.walk(course.root))
    made_from = course.record and f", from the pack {course.record.get('name')} {course.record.get('version')}"
    if not course.record:
        report.warnings.append("the course does not say which learning pack made it: 'diff' cannot compare it")
    structure = counts["chapter"] + counts["sequential"] + counts["vertical"]
    report.summary = (
        f"{course.org}/{course.number}/{course.run}: {counts['chapter']} sections, {counts['sequential']} subsections, "
        f"{counts['vertical']} units, {sum(counts.values()) - structure} components{made_from or ''}"
    )
    return report


def _check_policy(course, report):
    policy = course.policy
    modules = policy.get("advanced_modules", [])
    if not isinstance(modules, list) or not all(isinstance(module, str) for module in modules):
        report.problems.append("advanced_modules in the policy must be a list of block names")
    for key in ("start", "end"):
        if policy.get(key):
            try:
                datetime.fromisoformat(str(policy[key]).replace("Z", "+00:00"))
            except ValueError:
                report.problems.append(f"the policy's {key} '{policy[key]}' is not a date and time")
    if not policy.get("display_name"):
        report.warnings.append("the course has no display_name: Studio shows its number instead")


def _check_blocks(course, report):
    modules = set(course.policy.get("advanced_modules") or [])
    seen = Counter()
    for node, parents in olx.walk(course.root):
        seen[(node.category, node.url_name)] += 1
        expected = olx.STRUCTURE[len(parents)] if len(parents) < len(olx.STRUCTURE) else None
        where = f"{node.category} '{node.url_name}' ({node.source})"
        if expected and node.category != expected:
            report.problems.append(f"{where} is where a {expected} belongs")
        if not node.url_name:
            report.warnings.append(f"a {node.category} in {node.source} has no url_name: Studio makes one up")
        if node.category not in (*olx.STRUCTURE, *CORE_BLOCKS) and node.category not in modules:
            report.problems.append(f"{where}: add '{node.category}' to advanced_modules, or Studio drops the block")
        if node.category == "problem":
            _check_problem(node, where, report)
        for name in REQUIRED_ATTRIBUTES.get(node.category, ()):
            if not node.attributes.get(name, "").strip():
                report.problems.append(f"{where} has no {name}")
        for name in STRUCTURED_ATTRIBUTES:
            if name in node.attributes and node.category.startswith("wikiskills_"):
                _check_structured(node, name, where, report)
        if node.category == "wikiskills_edit_exercise" and "criteria" in node.attributes:
            _check_criteria(node, where, report)
    for (category, url_name), count in seen.items():
        if count > 1 and url_name:
            report.problems.append(f"the {category} '{url_name}' appears {count} times: url_names must be unique")


def _check_problem(node, where, report):
    if not node.body:
        report.problems.append(f"{where} is empty")
        return
    problem = olx.parse_xml(node.body.encode("utf-8"), node.source)
    for group in problem.iter("choicegroup"):
        correct = [choice for choice in group.iter("choice") if choice.get("correct") == "true"]
        if group.get("type") == "MultipleChoice" and len(correct) != 1:
            report.problems.append(f"{where}: a multiple-choice question needs exactly one correct choice")


def _check_structured(node, name, where, report):
    try:
        yaml.safe_load(node.attributes[name])
    except yaml.YAMLError:
        report.problems.append(f"{where}: {name} is not valid JSON, so the block would ignore it")


def _check_criteria(node, where, report):
    try:
        criteria_from_specs(yaml.safe_load(node.attributes["criteria"]))
    except (CriterionSpecError, yaml.YAMLError) as error:
        report.problems.append(f"{where}: criteria: {error}")


def _check_grading(course, report):
    grading = course.grading
    graders = grading.get("GRADER", []) if isinstance(grading, dict) else None
    if not isinstance(graders, list) or not all(isinstance(grader, dict) and grader.get("type") for grader in graders):
        report.problems.append("grading_policy.json: GRADER must be a list of assignment types with a 'type'")
        return
    types = {grader["type"] for grader in graders}
    total = sum(float(grader.get("weight", 0)) for grader in graders)
    if graders and abs(total - 1.0) > WEIGHT_TOLERANCE:
        report.problems.append(f"grading_policy.json: the assignment weights add up to {total:g}, not 1")
    cutoffs = grading.get("GRADE_CUTOFFS", {})
    if not isinstance(cutoffs, dict) or not all(0 < float(value) <= 1 for value in cutoffs.values()):
        report.problems.append("grading_policy.json: GRADE_CUTOFFS must map grades to shares between 0 and 1")
    for node, _parents in olx.walk(course.root):
        graded = node.category == "sequential" and node.attributes.get("graded") == "true"
        if graded and node.attributes.get("format") not in types:
            report.problems.append(
                f"subsection '{node.url_name}' is graded as '{node.attributes.get('format')}', "
                "which grading_policy.json does not define: its scores would count for nothing"
            )
