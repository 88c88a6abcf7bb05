"""Which counts of the assets-and-needs map may be published (ADR 0029). Pure: no Django, no database.

A *cell* is the number of people of a population who know, offer or want one skill in one
territory node (a country, a region with everything under it, or the whole map). The rules:

1. **Primary**: a count of 1 to ``min_cell - 1`` is never published. Zero is published.
2. **Secondary** (complementary): nobody can work a hidden count out by subtracting published
   ones. The counts obey exact equations, and the attacker is assumed to know all of them:

   - territories: a node = the people placed on the node itself (its *own* part, never published)
     + its child nodes; the map's root ``ALL`` = every top-level territory + ``UNSPECIFIED``;
   - a filter (language, course): unfiltered = filtered + the *rest* (never published);
     affiliates partition people, so unfiltered = every affiliate + the people with none;
   - skill areas are distinct-person counts (a person can rate several sub-skills), so an area is
     no sum of its sub-skills; when the numbers show that it is one (area = the sum of its
     sub-skills, nobody counted twice), that equation is assumed known too.

   An equation with one unknown term gives that term away; those derived terms are known in
   turn, until nothing more follows (peeling). Published numbers are safe when no term derived
   that way is 1..k-1 and no equation leaves a group of unknown terms whose sum is 1..k-1. Until
   then we hide more: the smallest published part of the equation first, else its total, else
   (when the equation holds only numbers we may not touch) a cell of the equation a derived term
   came from.

Suppressed values are ``SUPPRESSED`` (``None``); adapters word them ("fewer than 5"). The
unfiltered map is protected on its own, so it reads the same whatever filter someone else
chooses; a filtered map is protected against it and never changes it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

SUPPRESSED = None
ALL = "all"  # the map's root column: every territory, and people who gave none
UNSPECIFIED = "unspecified"  # people who gave no territory: a leaf under ALL
MEASURES = ("known", "offered", "wanted")

UNFILTERED = "u"
REST = "rest"  # the people a filter leaves out: never published
COMPLEMENT = "complement"  # with several affiliates: everyone but one affiliate (never published)
VALUE = "v"
OWN = "own"  # the people placed on an inner node itself: never published


@dataclass(frozen=True)
class Trees:
    """Both hierarchies: ``territory_parent`` maps each node to its parent (``ALL`` to None);
    ``skill_parent`` each skill to its parent skill or None."""

    territory_parent: dict
    skill_parent: dict
    territory_children: dict = field(init=False, compare=False, repr=False)
    skill_children: dict = field(init=False, compare=False, repr=False)
    skill_root: dict = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        territory_children, skill_children = defaultdict(list), defaultdict(list)
        for node, parent in self.territory_parent.items():
            if parent is not None:
                territory_children[parent].append(node)
        for skill, parent in self.skill_parent.items():
            if parent is not None:
                skill_children[parent].append(skill)
        roots = {}
        for skill in self.skill_parent:
            root = skill
            while self.skill_parent.get(root) is not None:
                root = self.skill_parent[root]
            roots[skill] = root
        object.__setattr__(self, "territory_children", dict(territory_children))
        object.__setattr__(self, "skill_children", dict(skill_children))
        object.__setattr__(self, "skill_root", roots)

    @classmethod
    def with_root(cls, territory_parent, skill_parent):
        """Trees from territories whose top level has parent None: adds ``ALL`` and ``UNSPECIFIED``."""
        parents = {node: (ALL if parent is None else parent) for node, parent in territory_parent.items()}
        parents[UNSPECIFIED] = ALL
        parents[ALL] = None
        return cls(parents, dict(skill_parent))


def _never_published(population):
    return population == REST or (isinstance(population, tuple) and population[0] == COMPLEMENT)


def is_small(value, min_cell):
    return value is not None and 1 <= value < min_cell


def primary(counts, min_cell):
    """The ``(skill, node)`` keys of ``counts`` that are 1..min_cell-1."""
    return {key for key, value in counts.items() if is_small(value, min_cell)}


def publish(counts, suppressed):
    """``counts`` with every suppressed key's value replaced by ``SUPPRESSED``."""
    return {key: (SUPPRESSED if key in suppressed else value) for key, value in counts.items()}


def protect_unfiltered(counts, trees, min_cell):
    """Suppressed keys per measure of the unfiltered map.

    ``counts``: ``{measure: {(skill, node): people}}`` rolled up over territories (missing = 0).
    """
    result = {}
    for measure in MEASURES:
        values = counts.get(measure, {})
        populations = {UNFILTERED: values}
        result[measure] = _protect_measure(
            populations, trees, min_cell, suppressible={UNFILTERED}, fixed_unknown=set(), links=False
        )[UNFILTERED]
    return result


def protect_filtered(unfiltered, unfiltered_suppressed, filtered, trees, min_cell):
    """Suppressed keys per filter value and measure: ``{label: {measure: {(skill, node)}}}``.

    ``filtered``: ``{label: {measure: {(skill, node): people}}}``, one label for a language or a
    course filter (the rest is everyone else), or every affiliate at once (affiliates partition
    people: the rest is those with none), so that differencing several affiliates' maps against
    the unfiltered one gives nothing away either. ``unfiltered_suppressed`` comes from
    ``protect_unfiltered`` and is not changed.
    """
    result = {label: {} for label in filtered}
    for measure in MEASURES:
        u_values = unfiltered.get(measure, {})
        populations = {UNFILTERED: u_values}
        rest = dict(u_values)
        for label, per_measure in filtered.items():
            values = per_measure.get(measure, {})
            populations[("f", label)] = values
            for key, value in values.items():
                rest[key] = rest.get(key, 0) - value
        populations[REST] = {key: value for key, value in rest.items() if value}
        if len(filtered) > 1:
            # Each affiliate against everyone else (other affiliates and people with none): the
            # pairwise difference "unfiltered minus this affiliate" and its own territory sums.
            for label, per_measure in filtered.items():
                values = per_measure.get(measure, {})
                complement = {key: value - values.get(key, 0) for key, value in u_values.items()}
                populations[(COMPLEMENT, label)] = {key: value for key, value in complement.items() if value}
        if any(value < 0 for value in rest.values()):
            raise ValueError("a filtered count exceeds the unfiltered one")
        fixed = {(UNFILTERED, skill, node, VALUE) for skill, node in unfiltered_suppressed.get(measure, ())}
        suppressed = _protect_measure(
            populations,
            trees,
            min_cell,
            suppressible={("f", label) for label in filtered},
            fixed_unknown=fixed,
            links=True,
        )
        for label in filtered:
            result[label][measure] = suppressed.get(("f", label), set())
    return result


def _protect_measure(populations, trees, min_cell, *, suppressible, fixed_unknown, links):
    """Suppressed ``(skill, node)`` per suppressible population, for one measure, area by area."""
    by_area = defaultdict(lambda: defaultdict(dict))
    for population, values in populations.items():
        for (skill, node), value in values.items():
            if value:
                by_area[trees.skill_root.get(skill, skill)][population][(skill, node)] = value
    result = defaultdict(set)
    for area_values in by_area.values():
        component = _Component(
            area_values, trees, min_cell, suppressible=suppressible, fixed_unknown=fixed_unknown, links=links
        )
        for population, skill, node, _role in component.solve():
            result[population].add((skill, node))
    return result


class _Component:
    """The equations of one measure and one skill area, and the cells hidden so far."""

    def __init__(self, populations, trees, min_cell, *, suppressible, fixed_unknown, links):
        self.min_cell = min_cell
        self.values = {}
        self.equations = []
        self.published = set()
        self.suppressible = set()
        for population, values in populations.items():
            for (skill, node), value in values.items():
                key = (population, skill, node, VALUE)
                self.values[key] = value
                if population in suppressible:
                    self.suppressible.add(key)
                if not _never_published(population) and key not in fixed_unknown:
                    self.published.add(key)
            self._territory_equations(population, values, trees)
            self._area_equations(population, values, trees)
        if links:
            self._link_equations(populations, trees)
        self.by_term = defaultdict(list)
        for index, (total, parts) in enumerate(self.equations):
            for term in (total, *parts):
                self.by_term[term].append(index)

    def _territory_equations(self, population, values, trees):
        for (skill, node), value in values.items():
            children = trees.territory_children.get(node)
            if not children:
                continue
            parts = [(population, skill, child, VALUE) for child in children if values.get((skill, child))]
            own = value - sum(self.values[part] for part in parts)
            if own:
                own_key = (population, skill, node, OWN)
                self.values[own_key] = own
                parts.append(own_key)
            self.equations.append(((population, skill, node, VALUE), tuple(parts)))

    def _area_equations(self, population, values, trees):
        """An area that counts exactly the sum of its sub-skills (nobody twice, nobody on the area only)."""
        for (skill, node), value in values.items():
            children = trees.skill_children.get(skill)
            if not children:
                continue
            parts = [(population, child, node, VALUE) for child in children if values.get((child, node))]
            if parts and sum(values[(part[1], node)] for part in parts) == value:
                self.equations.append(((population, skill, node, VALUE), tuple(parts)))

    def _link_equations(self, populations, trees):
        """Unfiltered = the filtered populations + the rest, and (several affiliates) unfiltered = one
        affiliate + its complement, for every cell and every node's own part."""
        tuples = [population for population in populations if isinstance(population, tuple)]
        filtered = [population for population in tuples if population[0] == "f"]
        complements = {population[1] for population in tuples if population[0] == COMPLEMENT}
        groups = [(*filtered, REST)] + [(("f", label), (COMPLEMENT, label)) for label in sorted(complements, key=str)]
        for skill, node in populations[UNFILTERED]:
            for role in (VALUE, OWN):
                total = (UNFILTERED, skill, node, role)
                if total not in self.values:
                    continue
                for group in groups:
                    parts = [
                        (population, skill, node, role)
                        for population in group
                        if (population, skill, node, role) in self.values
                    ]
                    self.equations.append((total, tuple(parts)))

    def solve(self):
        """Hide cells until no equation gives a small number away; returns the hidden cells we may hide."""
        for key in self.published & self.suppressible:
            if is_small(self.values[key], self.min_cell):
                self.published.discard(key)
        while True:
            known, source = self._peel()
            violations = self._violations(known, source)
            if not violations:
                break
            hidden_now = set()
            for index in violations:
                candidate = self._candidate(index, source)
                if candidate is None:
                    # Nothing we may hide explains it: fail closed.
                    hidden_now |= {key for key in self.published & self.suppressible if self.values[key]}
                    break
                hidden_now.add(candidate)
            if not hidden_now:
                break
            self.published -= hidden_now
        return {key for key in self.suppressible if key not in self.published}

    def _peel(self):
        """What the published numbers give away: every term of an equation with one unknown, repeatedly."""
        known = set(self.published)
        source = {}
        pending = list(range(len(self.equations)))
        while pending:
            index = pending.pop()
            total, parts = self.equations[index]
            unknown = [term for term in (total, *parts) if term not in known]
            if len(unknown) == 1:
                term = unknown[0]
                known.add(term)
                source[term] = index
                pending.extend(self.by_term[term])
        return known, source

    def _violations(self, known, source):
        """Equations that give away a small number: a derived small term, or a small group of unknowns."""
        found = []
        for term, index in source.items():
            if is_small(self.values[term], self.min_cell):
                found.append(index)
        for index, (total, parts) in enumerate(self.equations):
            if total not in known:
                continue
            unknown = [part for part in parts if part not in known]
            if len(unknown) > 1 and is_small(sum(self.values[part] for part in unknown), self.min_cell):
                found.append(index)
        return sorted(set(found))

    def _candidate(self, index, source):
        """A published cell we may hide to break the equation: its smallest part, else its total,
        else one in the equations its derived terms came from."""
        seen, queue = {index}, [index]
        while queue:
            current = queue.pop(0)
            total, parts = self.equations[current]
            mine = [part for part in parts if part in self.published and part in self.suppressible]
            if mine:
                return min(mine, key=lambda part: (self.values[part], repr(part)))
            if total in self.published and total in self.suppressible:
                return total
            for term in (total, *parts):
                earlier = source.get(term)
                if earlier is not None and earlier not in seen:
                    seen.add(earlier)
                    queue.append(earlier)
        return None
