"""The assets-and-needs map: who knows, offers and wants each skill, by territory, in SQL (ADR 0030).

A constant number of queries whatever the number of people: the skills, the territories, and one
GROUP BY (skill, territory) per level of the skill tree over ``SkillRating`` joined to its
profile. Sub-skills count ratings; skill areas count distinct people (someone who offers two
sub-skills of an area is one person offering the area). Territories roll up in Python over the
grouped rows, never over profiles: each person has one territory, so a region's count is the
sum of its countries' counts plus the people placed on the region itself.

Filters (at most one at a time, see ``privacy``): a language spoken at level 3 or more, an
affiliate, a course whose survey the person answered. A filter adds its flag (or the affiliate)
to the GROUP BY, so the unfiltered and the filtered counts come from the same rows.

Every count then goes through ``privacy``: suppressed counts are ``SUPPRESSED`` (None) for the
adapters to word; gaps and the largest unmet needs use published numbers only.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce

from . import privacy
from .models import SHARED_LANGUAGE_LEVEL, ProfileCourse, ProfileLanguage, Skill, SkillRating, Territory
from .privacy import ALL, MEASURES, SUPPRESSED, UNSPECIFIED

LANGUAGE = "language"
AFFILIATE = "affiliate"
COURSE = "course"
FILTER_KINDS = (LANGUAGE, AFFILIATE, COURSE)
NEEDS_SHOWN = 10
CONDITIONS = {
    "known": Q(known_level__gte=1),
    "offered": Q(offered=True),
    "wanted": Q(wanted=True),
}


@dataclass(frozen=True)
class MapFilters:
    """What the map is about: at most one of language, affiliate and course, and a territory node."""

    language: str = ""
    affiliate: str = ""
    course: str = ""
    territory: str = ALL  # a territory's QID, or ALL

    @property
    def kind(self):
        chosen = [kind for kind in FILTER_KINDS if getattr(self, kind)]
        if len(chosen) > 1:
            raise ValueError("at most one of language, affiliate and course (ADR 0030)")
        return chosen[0] if chosen else ""

    @property
    def value(self):
        return getattr(self, self.kind) if self.kind else ""


@dataclass(frozen=True)
class Cell:
    """One skill in one territory node; a suppressed count is ``SUPPRESSED``."""

    known: int | None
    offered: int | None
    wanted: int | None

    @property
    def gap(self):
        """People who want it minus people who offer it, when both are published."""
        if self.wanted is SUPPRESSED or self.offered is SUPPRESSED:
            return SUPPRESSED
        return self.wanted - self.offered

    def value(self, measure):
        return self.gap if measure == "gap" else getattr(self, measure)


@dataclass(frozen=True)
class Column:
    """A territory node: ``key`` is its QID, or ``ALL`` / ``UNSPECIFIED`` (no label: adapters word them)."""

    key: str
    label: str
    depth: int  # below the map's chosen node (which is 0)
    parent: str | None


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    depth: int
    parent: str
    has_children: bool
    cells: tuple  # one Cell per column


@dataclass(frozen=True)
class Need:
    """A skill more people want than offer in the chosen territory node."""

    code: str
    label: str
    wanted: int
    offered: int
    gap: int


@dataclass(frozen=True)
class SkillsMap:
    filters: MapFilters
    min_cell: int
    columns: tuple
    rows: tuple
    needs: tuple = field(default=())

    def limited(self, max_depth):
        """The map with only the columns down to ``max_depth`` below the chosen node."""
        keep = [index for index, column in enumerate(self.columns) if column.depth <= max_depth]
        columns = tuple(self.columns[index] for index in keep)
        rows = tuple(
            Row(row.code, row.label, row.depth, row.parent, row.has_children, tuple(row.cells[i] for i in keep))
            for row in self.rows
        )
        return SkillsMap(self.filters, self.min_cell, columns, rows, self.needs)


def build_map(filters, min_cell):
    """The published map for ``filters``: every active skill × the chosen node and everything under it."""
    skills = list(Skill.objects.filter(active=True).only("id", "code", "label", "labels", "parent_id", "order"))
    territories = list(Territory.objects.only("id", "qid", "label", "labels", "parent_id"))
    skill_parent = {skill.pk: skill.parent_id for skill in skills}
    # An inactive parent hides its sub-skills too.
    skill_parent = {pk: parent for pk, parent in skill_parent.items() if parent is None or parent in skill_parent}
    skills = [skill for skill in skills if skill.pk in skill_parent]
    territory_parent = {territory.pk: territory.parent_id for territory in territories}
    trees = privacy.Trees.with_root(territory_parent, skill_parent)

    grouped = grouped_counts(filters, trees)
    rolled = {label: roll_up(counts, trees) for label, counts in grouped.items()}
    unfiltered = _sum_populations(rolled)
    suppressed = privacy.protect_unfiltered(unfiltered, trees, min_cell)
    counts, hidden = unfiltered, suppressed
    if filters.kind:
        labels = [label for label in rolled if label] if filters.kind == AFFILIATE else [True]
        protected = privacy.protect_filtered(
            unfiltered, suppressed, {label: rolled[label] for label in labels}, trees, min_cell
        )
        chosen = filters.value if filters.kind == AFFILIATE else True
        counts = rolled.get(chosen, {})
        hidden = protected.get(chosen, {measure: set() for measure in MEASURES})
    published = {measure: privacy.publish(counts.get(measure, {}), hidden[measure]) for measure in MEASURES}
    return _assemble(filters, min_cell, skills, territories, trees, published)


def grouped_counts(filters, trees):
    """``{population: {measure: {(skill id, territory id or UNSPECIFIED): people}}}`` before roll-up.

    The population is None without a filter; with a language or course filter, True for the
    people it keeps and False for the others; with the affiliate filter, each affiliate's name
    ("" for people with none). One query per level of the skill tree that has parents.
    """
    ratings = SkillRating.objects.filter(skill__active=True)
    population = Value(None, output_field=IntegerField())
    if filters.kind == LANGUAGE:
        population = Exists(
            ProfileLanguage.objects.filter(
                profile_id=OuterRef("profile_id"), code=filters.language, proficiency__gte=SHARED_LANGUAGE_LEVEL
            )
        )
    elif filters.kind == COURSE:
        population = Exists(ProfileCourse.objects.filter(profile_id=OuterRef("profile_id"), course_key=filters.course))
    elif filters.kind == AFFILIATE:
        population = F("profile__affiliate")
    ratings = ratings.annotate(map_population=population, map_territory=F("profile__territory_id"))

    depth = {skill: _depth(skill, trees.skill_parent) for skill in trees.skill_parent}
    has_children = set(trees.skill_children)
    levels = [(F("skill_id"), False, lambda skill: skill not in has_children)]
    # Skill areas (depth 1) and, where the tree has three levels, sub-skills with sub-skills (depth 2).
    levels.append(
        (Coalesce("skill__parent__parent_id", "skill__parent_id", "skill_id"), True, lambda skill: depth[skill] == 1)
    )
    if any(depth[skill] == 2 for skill in has_children):
        middle = Case(
            When(skill__parent__parent_id__isnull=False, then=F("skill__parent_id")),
            When(skill__parent_id__isnull=False, then=F("skill_id")),
            default=None,
        )
        levels.append((middle, True, lambda skill: depth[skill] == 2))

    result = defaultdict(lambda: {measure: {} for measure in MEASURES})
    for group, distinct, wanted_here in levels:
        counted_here = {skill for skill in trees.skill_parent if wanted_here(skill) and (distinct == (skill in has_children))}
        if not counted_here:
            continue
        aggregates = {
            measure: Count("profile_id" if distinct else "id", filter=condition, distinct=distinct)
            for measure, condition in CONDITIONS.items()
        }
        rows = (
            ratings.annotate(map_skill=group)
            .values("map_skill", "map_territory", "map_population")
            .annotate(**aggregates)
            .order_by()
        )
        for row in rows:
            if row["map_skill"] not in counted_here:
                continue
            territory = row["map_territory"] if row["map_territory"] is not None else UNSPECIFIED
            counts = result[_population_key(filters, row["map_population"])]
            for measure in MEASURES:
                if row[measure]:
                    key = (row["map_skill"], territory)
                    counts[measure][key] = counts[measure].get(key, 0) + row[measure]
    return dict(result)


def _population_key(filters, value):
    if filters.kind in (LANGUAGE, COURSE):
        return bool(value)
    if filters.kind == AFFILIATE:
        return value or ""
    return None


def _depth(skill, skill_parent):
    depth = 1
    while skill_parent.get(skill) is not None:
        skill, depth = skill_parent[skill], depth + 1
    return depth


def roll_up(counts, trees):
    """Counts per node from counts per territory: each node also gets everything under it, up to ``ALL``."""
    chains = {}

    def chain(node):
        if node not in chains:
            parent = trees.territory_parent.get(node)
            chains[node] = (node, *chain(parent)) if parent is not None else (node,)
        return chains[node]

    rolled = {}
    for measure in MEASURES:
        totals = defaultdict(int)
        for (skill, territory), value in counts.get(measure, {}).items():
            for node in chain(territory if territory in trees.territory_parent else UNSPECIFIED):
                totals[(skill, node)] += value
        rolled[measure] = dict(totals)
    return rolled


def _sum_populations(rolled):
    """The unfiltered counts: the populations of a filter partition people, so they add up."""
    total = {measure: defaultdict(int) for measure in MEASURES}
    for counts in rolled.values():
        for measure in MEASURES:
            for key, value in counts.get(measure, {}).items():
                total[measure][key] += value
    return {measure: dict(values) for measure, values in total.items()}


def _assemble(filters, min_cell, skills, territories, trees, published):
    by_pk = {territory.pk: territory for territory in territories}
    by_qid = {territory.qid: territory.pk for territory in territories}
    chosen = ALL if filters.territory == ALL else by_qid.get(filters.territory, ALL)
    children = defaultdict(list)
    for node in trees.territory_children.get(ALL, []):
        children[ALL].append(node)
    for territory in territories:
        if territory.parent_id is not None:
            children[territory.parent_id].append(territory.pk)

    def sort_key(node):
        if node == UNSPECIFIED:
            return (1, "")
        return (0, by_pk[node].display_label.casefold())

    nodes = []

    def walk(node, depth, parent):
        nodes.append((node, depth, parent))
        for child in sorted(children.get(node, []), key=sort_key):
            walk(child, depth + 1, node)

    walk(chosen, 0, None)

    def key_of(node):
        return node if node in (ALL, UNSPECIFIED) else by_pk[node].qid

    columns = tuple(
        Column(
            key_of(node),
            "" if node in (ALL, UNSPECIFIED) else by_pk[node].display_label,
            depth,
            key_of(parent) if parent is not None else None,
        )
        for node, depth, parent in nodes
    )
    skill_children = defaultdict(list)
    for skill in skills:
        skill_children[skill.parent_id].append(skill)
    ordered = []

    def walk_skills(parent, depth, parent_code):
        for skill in sorted(skill_children.get(parent, []), key=lambda s: (s.order, s.code)):
            ordered.append((skill, depth, parent_code))
            walk_skills(skill.pk, depth + 1, skill.code)

    walk_skills(None, 0, "")

    def cell(skill, node):
        return Cell(*(published[measure].get((skill, node), 0) for measure in MEASURES))

    rows = tuple(
        Row(
            skill.code,
            skill.display_label,
            depth,
            parent_code,
            skill.pk in trees.skill_children,
            tuple(cell(skill.pk, node) for node, _depth, _parent in nodes),
        )
        for skill, depth, parent_code in ordered
    )
    needs = sorted(
        (
            Need(row.code, row.label, row.cells[0].wanted, row.cells[0].offered, row.cells[0].gap)
            for row in rows
            if not row.has_children and row.cells[0].gap is not SUPPRESSED and row.cells[0].gap > 0
        ),
        key=lambda need: (-need.gap, -need.wanted, need.code),
    )
    return SkillsMap(filters, min_cell, columns, rows, tuple(needs[:NEEDS_SHOWN]))
