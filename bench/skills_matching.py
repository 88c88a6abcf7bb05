"""Mentor matching of 10,000 requesters against 2,000 mentors: the optimal solver beside the CapX-style greedy.

A synthetic pool from a fixed seed: 60 skills of skewed popularity, 15 languages (a few spoken by
most, native or not), a 3-level territory tree (regions, sub-regions, countries) with one UTC offset
per sub-region, evening and weekend availability converted to UTC, mentor capacities 1-5, some mentors
away, some requests for a peer, across regions, or with declined partners. ``seconds`` is the wall time
of ``assign`` (encoding, candidate generation and solving); ``quality`` and ``greedy_quality`` are
the sums of pair scores of both assignments, from the same score function; ``quality_vs_greedy`` is
their ratio. Needs no Django: ``python -m bench.skills_matching`` runs it alone;
``python -m bench.skills_matching --compare-solvers`` also times the solvers the ADR compares.
"""

import argparse
import time

import numpy as np

from wikiskills.integrations.wikiskills_skills.matching import (
    NATIVE,
    Person,
    Request,
    assign,
    assignment_quality,
    greedy_assign,
)

from .report import report

SEED = 20261127
REQUESTERS = 10_000
MENTORS = 2_000
SKILLS = [f"skill-{number:02}" for number in range(60)]
LANGUAGES = ["en", "es", "fr", "ar", "pt", "de", "ru", "hi", "id", "sw", "zh", "ja", "it", "bn", "yo"]
REGIONS, SUBREGIONS, COUNTRIES = 5, 4, 5  # 5 regions x 4 sub-regions x 5 countries
PEER_SHARE, ACROSS_SHARE, AWAY_SHARE, EXCLUDED_SHARE = 0.15, 0.1, 0.08, 0.05


def _territories():
    """Every country's path, most specific first, and the UTC offset of its sub-region."""
    paths = []
    for region in range(REGIONS):
        for sub in range(SUBREGIONS):
            offset = (region * SUBREGIONS + sub) * 24 // (REGIONS * SUBREGIONS) - 11
            for country in range(COUNTRIES):
                path = (
                    f"Q{1000 + (region * SUBREGIONS + sub) * COUNTRIES + country}",
                    f"Q{100 + region * 10 + sub}",
                    f"Q{region + 1}",
                )
                paths.append((path, offset))
    return paths


def _availability(rng, offset):
    """Two to four local evenings and maybe a weekend block, as UTC hours of the week."""
    hours = set()
    for day in rng.choice(7, size=rng.integers(2, 5), replace=False):
        start = int(rng.integers(17, 21))
        hours.update(range(day * 24 + start, day * 24 + start + int(rng.integers(1, 4))))
    if rng.random() < 0.4:
        day = int(rng.integers(5, 7))
        start = int(rng.integers(9, 15))
        hours.update(range(day * 24 + start, day * 24 + start + 3))
    return frozenset((hour - offset) % 168 for hour in hours)


def _languages(rng, popularity):
    spoken = rng.choice(len(LANGUAGES), size=rng.integers(1, 4), replace=False, p=popularity)
    languages = {LANGUAGES[spoken[0]]: NATIVE if rng.random() < 0.6 else 5}
    for index in spoken[1:]:
        languages[LANGUAGES[index]] = int(rng.integers(1, 6))
    return languages


def instance(requesters=REQUESTERS, mentors=MENTORS, seed=SEED):
    """``(requests, mentors)``: a reproducible synthetic pool."""
    rng = np.random.default_rng(seed)
    skill_popularity = 1 / np.arange(1, len(SKILLS) + 1) ** 0.8
    skill_popularity /= skill_popularity.sum()
    language_popularity = 1 / np.arange(1, len(LANGUAGES) + 1) ** 1.2
    language_popularity /= language_popularity.sum()
    territories = _territories()

    def place():
        return territories[int(rng.integers(len(territories)))]

    pool = []
    for number in range(mentors):
        territory, offset = place()
        skills = rng.choice(len(SKILLS), size=rng.integers(3, 9), replace=False, p=skill_popularity)
        known = {SKILLS[s]: int(rng.integers(2, 6)) for s in skills}
        wanted = rng.choice(len(SKILLS), size=rng.integers(0, 4), replace=False, p=skill_popularity)
        pool.append(
            Person(
                id=100_000 + number,
                known=known,
                offered=frozenset(code for code, level in known.items() if level >= 3),
                wanted=frozenset(SKILLS[s] for s in wanted) - set(known),
                languages=_languages(rng, language_popularity),
                territory=territory,
                availability=_availability(rng, offset),
                capacity=int(rng.integers(1, 6)),
                away=bool(rng.random() < AWAY_SHARE),
            )
        )
    requests = []
    for number in range(requesters):
        territory, offset = place()
        wanted = rng.choice(len(SKILLS), size=rng.integers(2, 6), replace=False, p=skill_popularity)
        known = {SKILLS[s]: int(rng.integers(1, 4)) for s in wanted if rng.random() < 0.5}
        person = Person(
            id=number + 1,
            known=known,
            wanted=frozenset(SKILLS[s] for s in wanted),
            languages=_languages(rng, language_popularity),
            territory=territory,
            availability=_availability(rng, offset),
        )
        asked = rng.choice(wanted, size=rng.integers(1, min(3, len(wanted)) + 1), replace=False)
        excluded = frozenset()
        if rng.random() < EXCLUDED_SHARE:
            excluded = frozenset(int(100_000 + m) for m in rng.integers(0, mentors, size=3))
        requests.append(
            Request(
                requester=person,
                kind="peer" if rng.random() < PEER_SHARE else "mentor",
                skills=frozenset(SKILLS[s] for s in asked),
                across_regions=bool(rng.random() < ACROSS_SHARE),
                excluded=excluded,
            )
        )
    return requests, pool


def _timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def run(_wiki=None, requesters=REQUESTERS, mentors=MENTORS):
    requests, pool = instance(requesters, mentors)
    optimal, seconds = _timed(assign, requests, pool)
    greedy, greedy_seconds = _timed(greedy_assign, requests, pool)
    quality = assignment_quality(requests, pool, optimal.pairs)
    greedy_quality = assignment_quality(requests, pool, greedy.pairs)
    assert (quality, greedy_quality) == (optimal.total, greedy.total)
    return {
        "requesters": requesters,
        "mentors": mentors,
        "seconds": round(seconds, 2),
        "quality": quality,
        "greedy_quality": greedy_quality,
        "quality_vs_greedy": round(quality / greedy_quality, 3),  # a ratio: 1.25 = 25% more total score
        "unassigned": len(optimal.unassigned),
        "greedy_unassigned": len(greedy.unassigned),
        "greedy_seconds": round(greedy_seconds, 2),
    }


def compare_solvers(top_ks=(50, 100, 150)):
    """Time candidate generation and each solver on the same graph (for docs/decisions/0028)."""
    from wikiskills.integrations.wikiskills_skills.matching.candidates import candidate_graph  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_skills.matching.solver import assignment_from, solve  # noqa: PLC0415

    requests, pool = instance()
    for top_k in top_ks:
        graph, graph_seconds = _timed(candidate_graph, requests, pool, top_k=top_k)
        print(f"top_k={top_k}: candidate graph {graph_seconds:.2f} s, {len(graph.rows)} edges", flush=True)
        for name, solver in (("scipy-lapjvsp", solve), ("ortools-mincostflow", _solve_ortools)):
            try:
                chosen, seconds = _timed(solver, graph)
            except ImportError as exc:
                print(f"  {name}: not installed ({exc})")
                continue
            result = assignment_from(graph, chosen)
            print(f"  {name}: {seconds:.2f} s, total {result.total}, unassigned {len(result.unassigned)}", flush=True)


def _solve_ortools(graph):
    """The same problem as min-cost flow (OR-Tools ``SimpleMinCostFlow``), for comparison only."""
    from ortools.graph.python import min_cost_flow  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_skills.matching.solver import node_capacities  # noqa: PLC0415

    height, width = len(graph.requests), len(graph.candidates)
    nodes, capacity = node_capacities(graph)
    source, sink = 0, 1
    request_node = 2 + np.arange(height)
    candidate_node = 2 + height + np.arange(2 * width)
    tails = np.concatenate([np.zeros(height, np.int64), request_node[graph.rows], request_node, candidate_node])
    heads = np.concatenate([request_node, candidate_node[nodes], np.full(height, sink), np.full(2 * width, sink)])
    capacities = np.concatenate([np.ones(height + len(nodes) + height, np.int64), capacity])
    costs = np.concatenate([np.zeros(height, np.int64), -graph.scores, np.zeros(height + 2 * width, np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_nodes_supplies(np.array([source, sink]), np.array([height, -height]))
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("min cost flow failed")
    edge_arcs = arcs[height : height + len(nodes)]
    used = flow.flows(edge_arcs) > 0
    chosen = np.full(height, -1, dtype=np.int64)
    chosen[graph.rows[used]] = graph.columns[used]
    return chosen


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compare-solvers", action="store_true", help="also time each solver (not reported)")
    if parser.parse_args().compare_solvers:
        compare_solvers()
    report("skills-matching", run())


if __name__ == "__main__":
    main()
