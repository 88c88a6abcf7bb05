"""The assets-and-needs map: who knows, offers and wants each skill, by territory, in SQL (ADR 0029).

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

from django.db import connections
from django.db.models import (
    Aggregate,
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Value,
    When,
)

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
            raise ValueError("at most one of language, affiliate and course (ADR 0029)")
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
            unfiltered, suppressed, {label: rolled.get(label, {}) for label in labels}, trees, min_cell
        )
        chosen = filters.value if filters.kind == AFFILIATE else True
        counts = rolled.get(chosen, {})
        hidden = protected.get(chosen, {measure: set() for measure in MEASURES})
    published = {measure: privacy.publish(counts.get(measure, {}), hidden[measure]) for measure in MEASURES}
    return _assemble(filters, min_cell, skills=skills, territories=territories, trees=trees, published=published)


def grouped_counts(filters, trees):
    """``{population: {measure: {(skill id, territory id or UNSPECIFIED): people}}}`` before roll-up.

    The population is None without a filter; with a language or course filter, True for the
    people it keeps and False for the others; with the affiliate filter, each affiliate's name
    ("" for people with none). Two queries, whatever the number of people:

    - sub-skills without sub-skills of their own: ratings grouped by skill, territory and the
      three yes/no answers, counted (each person rates a skill once, so rows are people);
    - skills with sub-skills (areas, and middle levels): one row per person with, per measure,
      a bit mask of the areas they have a rating under (``BIT_OR``, so two sub-skills of one area
      count once), then grouped by territory, each bit summed. The masks are made in SQL and
      summed in SQL: Python only reads the per-territory totals.
    """
    leaves = [skill for skill in trees.skill_parent if skill not in trees.skill_children]
    areas = sorted(trees.skill_children, key=str)
    result = defaultdict(lambda: {measure: {} for measure in MEASURES})
    ratings = SkillRating.objects.filter(skill_id__in=list(trees.skill_parent))
    population = _population(filters)

    if leaves:
        known = Case(When(known_level__gte=1, then=Value(1)), default=Value(0), output_field=IntegerField())
        leaf_rows = ratings.filter(skill_id__in=leaves).annotate(
            map_territory=F("profile__territory_id"), map_known=known
        )
        fields = ["skill_id", "map_territory", "map_known", "offered", "wanted"]
        if population is not None:
            leaf_rows = leaf_rows.annotate(map_population=population)
            fields.append("map_population")
        grouped = leaf_rows.values(*fields).annotate(people=Count("id")).order_by().values_list(*fields, "people")
        rows = _raw_rows(grouped, [*fields, "people"])  # as the driver returns them: no per-row converters
        kind = filters.kind
        for skill, territory, known_here, offered, wanted, *rest in rows:
            counts = result[_population_key(kind, rest[0] if len(rest) > 1 else None)]
            key = (skill, _territory_key(territory))
            people = rest[-1]
            for measure, holds in (("known", known_here), ("offered", offered), ("wanted", wanted)):
                if holds:
                    counts[measure][key] = counts[measure].get(key, 0) + people

    if areas:
        for population_value, territory, measure, area, people in _area_counts(ratings, areas, trees, population):
            counts = result[_population_key(filters.kind, population_value)]
            key = (area, _territory_key(territory))
            counts[measure][key] = counts[measure].get(key, 0) + people
    return dict(result)


AREAS_PER_MASK = 21  # three measures × 21 areas fit the 63 bits of a signed BIGINT
FIELD = 21  # bits per packed counter in the outer SUM: up to 2,097,151 people in one cell


def _area_counts(ratings, areas, trees, population):
    """``(population, territory, measure, area, people)`` for every skill with sub-skills.

    Inner query, one row per person (grouped by ``profile_id``, which the covering index is
    ordered by) with the person's territory and a mask: the OR, over the person's ratings, of
    the rating's area bits times its answers (bit ``a`` known, ``21 + a`` offered, ``42 + a``
    wanted). Outer query: grouped by territory, the bits summed (three counters packed in one SUM).
    """
    chunks = [areas[start : start + AREAS_PER_MASK] for start in range(0, len(areas), AREAS_PER_MASK)]
    under = defaultdict(set)  # skill -> the areas it counts for (itself and its ancestors with sub-skills)
    for skill in trees.skill_parent:
        node = skill
        while node is not None:
            if node in trees.skill_children:
                under[skill].add(node)
            node = trees.skill_parent.get(node)
    answers = (
        Case(When(known_level__gte=1, then=Value(1)), default=Value(0), output_field=BigIntegerField())
        + Case(When(offered=True, then=Value(1 << AREAS_PER_MASK)), default=Value(0), output_field=BigIntegerField())
        + Case(When(wanted=True, then=Value(1 << 2 * AREAS_PER_MASK)), default=Value(0), output_field=BigIntegerField())
    )
    masks, layout_bits = {}, []
    for index, chunk in enumerate(chunks):
        bits = {area: position for position, area in enumerate(chunk)}
        whens = [
            When(skill_id=skill, then=Value(sum(1 << bits[a] for a in found if a in bits)))
            for skill, found in under.items()
            if any(a in bits for a in found)
        ]
        column = f"map_mask{index}"
        masks[column] = BitOr(
            Case(*whens, default=Value(0), output_field=BigIntegerField()) * answers, output_field=BigIntegerField()
        )
        layout_bits.extend(
            (column, measure, area, offset * AREAS_PER_MASK + position)
            for offset, measure in enumerate(MEASURES)
            for area, position in bits.items()
        )
    inner = ratings.filter(skill_id__in=list(under)).values("profile_id")
    inner = inner.annotate(map_people_territory=Min("profile__territory_id"), **masks)
    if population is not None:
        inner = inner.annotate(map_people_population=Min(population))
    sql, params = inner.order_by().query.sql_with_params()
    connection = connections[inner.db]
    quote = connection.ops.quote_name
    sums, layout = [], []
    for start in range(0, len(layout_bits), 3):
        packed = layout_bits[start : start + 3]
        terms = " + ".join(
            f"(((x.{quote(column)} >> {position}) & 1) << {FIELD * slot})"
            for slot, (column, _measure, _area, position) in enumerate(packed)
        )
        sums.append(f"SUM({terms})")
        layout.append(packed)
    population_column = f"x.{quote('map_people_population')}" if population is not None else "NULL"
    territory_column = f"x.{quote('map_people_territory')}"
    # Only quoted column names and integers are put in; the inner query keeps its parameters.
    query = (
        f"SELECT {territory_column}, {population_column}, {', '.join(sums)} FROM ({sql}) x "  # noqa: S608
        f"GROUP BY {territory_column}, {population_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        grouped = cursor.fetchall()
    for territory, population_value, *totals in grouped:
        for packed, packed_total in zip(layout, totals, strict=True):
            total = int(packed_total or 0)  # a Decimal on MariaDB
            for slot, (_column, measure, area, _position) in enumerate(packed):
                people = (total >> (FIELD * slot)) & ((1 << FIELD) - 1)
                if people:
                    yield population_value, territory, measure, area, people


def _raw_rows(queryset, names):
    """The rows of ``queryset`` with their columns in the order of ``names``.

    Django 4.2 selects a ``values()`` query's fields before its annotations, whatever the order
    asked; 5.x keeps the order. The cursor's column names say which is which on both.
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        selected = [column[0] for column in cursor.description]
        order = [selected.index(name) for name in names]
        return [tuple(row[index] for index in order) for row in cursor.fetchall()]


class BitOr(Aggregate):
    """``BIT_OR`` (MariaDB, MySQL, PostgreSQL); on SQLite an aggregate registered on the connection."""

    function = "BIT_OR"
    name = "BitOr"

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        connection.connection.create_aggregate("WIKISKILLS_BIT_OR", 1, _SqliteBitOr)
        return self.as_sql(compiler, connection, function="WIKISKILLS_BIT_OR", **extra_context)


class _SqliteBitOr:
    def __init__(self):
        self.value = 0

    def step(self, value):
        self.value |= int(value or 0)

    def finalize(self):
        return self.value


def _population(filters):
    if filters.kind == LANGUAGE:
        return Exists(
            ProfileLanguage.objects.filter(
                profile_id=OuterRef("profile_id"), code=filters.language, proficiency__gte=SHARED_LANGUAGE_LEVEL
            )
        )
    if filters.kind == COURSE:
        return Exists(ProfileCourse.objects.filter(profile_id=OuterRef("profile_id"), course_key=filters.course))
    if filters.kind == AFFILIATE:
        return F("profile__affiliate")
    return None


def _territory_key(territory):
    return territory if territory is not None else UNSPECIFIED


def _population_key(kind, value):
    if kind in (LANGUAGE, COURSE):
        return bool(value)
    if kind == AFFILIATE:
        return value or ""
    return None


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


def _assemble(filters, min_cell, *, skills, territories, trees, published):
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
