"""Property tests of the map's privacy rules (ADR 0029) on random small populations, without a database.

Counts are computed by brute force from made-up people, protected by ``privacy``, and then
attacked: every pair of overlapping queries the map allows (a territory and its children, a
filtered map and the unfiltered one, an area and its sub-skills, several affiliates at once) is
subtracted, and no difference may be a small count (1..k-1) that the map hid.
"""

from itertools import chain

import numpy
from hypothesis import given, settings
from hypothesis import strategies as st

from wikiskills.integrations.wikiskills_skills import privacy
from wikiskills.integrations.wikiskills_skills.privacy import ALL, MEASURES, UNSPECIFIED

K = 5
# ALL -> africa (nigeria -> lagos, kenya), americas (brazil), UNSPECIFIED
TERRITORIES = {
    "africa": None,
    "nigeria": "africa",
    "lagos": "nigeria",
    "kenya": "africa",
    "americas": None,
    "brazil": "americas",
}
# two areas with sub-skills (one three levels deep) and one area without any
SKILLS = {
    "editing": None,
    "citing": "editing",
    "images": "editing",
    "outreach": None,
    "events": "outreach",
    "event_grants": "events",
    "advocacy": None,
}
TREES = privacy.Trees.with_root(TERRITORIES, SKILLS)
NODES = [*TERRITORIES, UNSPECIFIED]  # where a person can be placed (regions too)
AFFILIATES = ["", "wmng", "wmbr", "afrocine"]
PROPERTIES = settings(max_examples=150, deadline=None)


def subtree(tree_children, node):
    return {node, *chain.from_iterable(subtree(tree_children, child) for child in tree_children.get(node, []))}


TERRITORY_SUBTREE = {node: subtree(TREES.territory_children, node) for node in TREES.territory_parent}
SKILL_SUBTREE = {skill: subtree(TREES.skill_children, skill) for skill in SKILLS}

rating = st.tuples(st.booleans(), st.booleans(), st.booleans())  # known, offered, wanted
person = st.fixed_dictionaries(
    {
        "territory": st.sampled_from(NODES),
        "speaks_pt": st.booleans(),
        "affiliate": st.sampled_from(AFFILIATES),
        "ratings": st.dictionaries(st.sampled_from(list(SKILLS)), rating, max_size=4),
    }
)
# Small groups with clusters: the same kind of person several times makes cells near the threshold.
population = st.lists(st.tuples(person, st.integers(min_value=1, max_value=6)), min_size=1, max_size=14).map(
    lambda groups: [p for p, times in groups for _ in range(times)]
)


def counts(people):
    """Brute force: for each measure, skill and node, the people under the node with a rating under the skill."""
    result = {measure: {} for measure in MEASURES}
    for index, measure in enumerate(MEASURES):
        for skill in SKILLS:
            for node in TREES.territory_parent:
                value = sum(
                    1
                    for p in people
                    if p["territory"] in TERRITORY_SUBTREE[node]
                    and any(r[index] for s, r in p["ratings"].items() if s in SKILL_SUBTREE[skill])
                )
                if value:
                    result[measure][(skill, node)] = value
    return result


def protect(people):
    """The unfiltered map, the pt-speakers' map, and every affiliate's map, each as published."""
    unfiltered = counts(people)
    u_hidden = privacy.protect_unfiltered(unfiltered, TREES, K)
    maps = {"u": (unfiltered, u_hidden)}
    pt = counts([p for p in people if p["speaks_pt"]])
    maps["pt"] = (pt, privacy.protect_filtered(unfiltered, u_hidden, {"pt": pt}, TREES, K)["pt"])
    by_affiliate = {a: counts([p for p in people if p["affiliate"] == a]) for a in AFFILIATES if a}
    protected = privacy.protect_filtered(unfiltered, u_hidden, by_affiliate, TREES, K)
    for affiliate, values in by_affiliate.items():
        maps[affiliate] = (values, protected[affiliate])
    return maps


def published(maps, name, measure, skill, node):
    values, hidden = maps[name]
    return None if (skill, node) in hidden[measure] else values[measure].get((skill, node), 0)


def true_value(maps, name, measure, skill, node):
    return maps[name][0][measure].get((skill, node), 0)


def small(value):
    return value is not None and 1 <= value < K


def cells():
    for measure in MEASURES:
        for skill in SKILLS:
            for node in TREES.territory_parent:
                yield measure, skill, node


@PROPERTIES
@given(population)
def test_no_small_count_is_published_anywhere(people):
    maps = protect(people)
    for name in maps:
        for measure, skill, node in cells():
            assert not small(published(maps, name, measure, skill, node)), (name, measure, skill, node)


@PROPERTIES
@given(population)
def test_a_territory_minus_its_published_children_is_never_small(people):
    """Covers the people placed on a region itself too: they are what the children leave."""
    maps = protect(people)
    for name in maps:
        for measure, skill, node in cells():
            parent = published(maps, name, measure, skill, node)
            children = TREES.territory_children.get(node, [])
            if parent is None or not children:
                continue
            shown = [published(maps, name, measure, skill, child) for child in children]
            remainder = parent - sum(value for value in shown if value is not None)
            assert not small(remainder), (name, measure, skill, node, parent, shown)


@PROPERTIES
@given(population)
def test_unfiltered_minus_filtered_is_never_small(people):
    maps = protect(people)
    for name in maps:
        if name == "u":
            continue
        for measure, skill, node in cells():
            whole, part = published(maps, "u", measure, skill, node), published(maps, name, measure, skill, node)
            if whole is not None and part is not None:
                assert not small(whole - part), (name, measure, skill, node, whole, part)


@PROPERTIES
@given(population)
def test_the_other_affiliates_never_leave_a_small_remainder(people):
    """Affiliates partition people: the unfiltered count minus every published affiliate count."""
    maps = protect(people)
    affiliates = [a for a in AFFILIATES if a]
    for measure, skill, node in cells():
        whole = published(maps, "u", measure, skill, node)
        if whole is None:
            continue
        for size in range(1, len(affiliates) + 1):
            chosen = affiliates[:size]
            shown = [published(maps, a, measure, skill, node) for a in chosen]
            remainder = whole - sum(value for value in shown if value is not None)
            # the people of the chosen affiliates hidden here, and everyone outside them
            assert not small(remainder), (measure, skill, node, whole, shown)


@PROPERTIES
@given(population)
def test_territory_and_filter_differences_combined_are_never_small(people):
    """The rest of a filter (unfiltered minus filtered) in a region minus the rest in its children."""
    maps = protect(people)
    for name in maps:
        if name == "u":
            continue
        for measure, skill, node in cells():
            children = TREES.territory_children.get(node, [])
            whole, part = published(maps, "u", measure, skill, node), published(maps, name, measure, skill, node)
            if whole is None or part is None or not children:
                continue
            remainder = whole - part
            for child in children:
                child_whole = published(maps, "u", measure, skill, child)
                child_part = published(maps, name, measure, skill, child)
                if child_whole is not None and child_part is not None:
                    remainder -= child_whole - child_part
            assert not small(remainder), (name, measure, skill, node)


@PROPERTIES
@given(population)
def test_an_area_never_gives_away_a_hidden_sub_skill(people):
    """Areas count distinct people; when an area is exactly the sum of its sub-skills, subtracting the
    published sub-skills must not leave a small number."""
    maps = protect(people)
    for name in maps:
        for measure, skill, node in cells():
            children = TREES.skill_children.get(skill, [])
            area = published(maps, name, measure, skill, node)
            if area is None or not children:
                continue
            if true_value(maps, name, measure, skill, node) != sum(
                true_value(maps, name, measure, child, node) for child in children
            ):
                continue  # someone counted twice or on the area alone: no equation to subtract with
            shown = [published(maps, name, measure, child, node) for child in children]
            assert not small(area - sum(value for value in shown if value is not None)), (name, measure, skill, node)


@PROPERTIES
@given(population)
def test_the_unfiltered_map_does_not_depend_on_filters(people):
    """Filters only ever hide filtered cells: the unfiltered map reads the same whatever is asked."""
    unfiltered = counts(people)
    hidden = privacy.protect_unfiltered(unfiltered, TREES, K)
    snapshot = {measure: set(keys) for measure, keys in hidden.items()}
    privacy.protect_filtered(unfiltered, hidden, {"pt": counts([p for p in people if p["speaks_pt"]])}, TREES, K)
    assert hidden == snapshot


def test_a_region_with_one_small_country_hides_a_second_country():
    trees = privacy.Trees.with_root({"africa": None, "nigeria": "africa", "kenya": "africa"}, {"s": None})
    values = {"known": {("s", ALL): 10, ("s", "africa"): 10, ("s", "nigeria"): 6, ("s", "kenya"): 4}}
    hidden = privacy.protect_unfiltered(values, trees, K)["known"]
    assert hidden == {("s", "kenya"), ("s", "nigeria")}  # 10 - 6 would give Kenya's 4 away


def test_a_filter_that_leaves_out_a_few_people_is_hidden():
    trees = privacy.Trees.with_root({"africa": None}, {"s": None})
    unfiltered = {"known": {("s", ALL): 10, ("s", "africa"): 10}}
    hidden = privacy.protect_unfiltered(unfiltered, trees, K)
    filtered = {"pt": {"known": {("s", ALL): 7, ("s", "africa"): 7}}}
    assert privacy.protect_filtered(unfiltered, hidden, filtered, trees, K)["pt"]["known"] == {
        ("s", ALL),
        ("s", "africa"),
    }  # 10 - 7 = 3 people who do not speak pt


def _solve_attack(maps, names, measure):  # noqa: PLR0912  (one equation family per loop, kept together)
    """Every count the published numbers determine, by linear algebra over all the equations at once.

    Unknowns: each population's cell, the people placed on an inner node itself, and everyone the
    filters leave out. A count is determined when its unit vector lies in the row space of the
    equations and the published values, i.e. it is orthogonal to their null space.
    """
    populations = [*names, "rest"]
    index = {}

    def var(*key):
        return index.setdefault(key, len(index))

    rows = []

    def equation(terms):
        rows.append(terms)

    inner = [node for node in TREES.territory_parent if TREES.territory_children.get(node)]
    for population in populations:
        for skill in SKILLS:
            for node in inner:
                terms = {var(population, skill, node): 1, var(population, skill, node, "own"): -1}
                for child in TREES.territory_children[node]:
                    terms[var(population, skill, child)] = -1
                equation(terms)
    filters = [name for name in names if name != "u"]
    truth = {}
    for name in names:
        for (skill, node), value in maps[name][0][measure].items():
            truth[(name, skill, node)] = value
    for skill in SKILLS:
        for node in TREES.territory_parent:
            for suffix in ((), ("own",)) if node in inner else ((),):
                terms = {var("u", skill, node, *suffix): 1, var("rest", skill, node, *suffix): -1}
                for name in filters:
                    terms[var(name, skill, node, *suffix)] = -1
                equation(terms)
    for name in names:
        for skill, children in TREES.skill_children.items():
            for node in TREES.territory_parent:
                if truth.get((name, skill, node), 0) == sum(truth.get((name, child, node), 0) for child in children):
                    terms = {var(name, skill, node): 1}
                    for child in children:
                        terms[var(name, child, node)] = -1
                    equation(terms)
        for skill in SKILLS:
            for node in TREES.territory_parent:
                if published(maps, name, measure, skill, node) is not None:
                    equation({var(name, skill, node): 1})
    matrix = numpy.zeros((len(rows), len(index)))
    for row, terms in enumerate(rows):
        for column, coefficient in terms.items():
            matrix[row, column] = coefficient
    _u, singular, vt = numpy.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null_space = vt[rank:]
    return {key for key, column in index.items() if numpy.abs(null_space[:, column]).max(initial=0) < 1e-9}


@settings(max_examples=60, deadline=None)
@given(population)
def test_no_combination_of_equations_determines_a_hidden_small_cell(people):
    """Stronger than pairs: everything the unfiltered map and the pt map (or every affiliate's map)
    imply together, solved at once."""
    maps = protect(people)
    for names in (["u", "pt"], ["u", *(a for a in AFFILIATES if a)]):
        for measure in MEASURES:
            determined = _solve_attack(maps, names, measure)
            for name in names:
                for skill, node in maps[name][1][measure]:
                    if small(true_value(maps, name, measure, skill, node)):
                        assert (name, skill, node) not in determined, (measure, name, skill, node)


def test_an_affiliate_cannot_be_subtracted_region_by_region():
    """Found by hypothesis: all minus one affiliate, minus the same in a published region, left 1 person."""

    def people(territory, affiliate, times):
        return [
            {"territory": territory, "speaks_pt": False, "affiliate": affiliate, "ratings": {"outreach": (0, 0, 1)}}
        ] * times

    population_ = [
        *people("americas", "", 4),
        *people("africa", "", 1),
        *people("africa", "wmng", 1),
        *people("americas", "wmbr", 1),
        *people(UNSPECIFIED, "wmng", 4),
    ]
    maps = protect(population_)
    whole, part = published(maps, "u", "wanted", "outreach", ALL), published(maps, "wmng", "wanted", "outreach", ALL)
    americas = published(maps, "u", "wanted", "outreach", "americas")
    americas_part = published(maps, "wmng", "wanted", "outreach", "americas")
    assert None in (whole, part, americas, americas_part) or not small((whole - part) - (americas - americas_part))
