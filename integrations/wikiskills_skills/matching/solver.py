"""Optimal assignment with capacities: the most total score over the candidate graph.

Each request gets at most one candidate; a mentor request uses one of the candidate's
``capacity`` open mentoring slots, a peer request the candidate's single peer slot (a person is
picked as the peer of at most one requester per run, whatever their mentoring capacity). A request
may stay unassigned, worth 0. The problem is a maximum-weight b-matching, solved exactly as a
minimum-cost full matching (``scipy.sparse.csgraph.min_weight_full_bipartite_matching``, LAPJVsp):

* every candidate node (mentor slots of a candidate, or its peer slot) is expanded into as many
  identical columns as its capacity (at most its number of edges, as more can never be used);
* every request gets one private "unassigned" column;
* an edge costs ``offset - score`` and the private column ``offset``, with ``offset`` above every score,
  so every cost is positive and a full matching of minimum cost is one of maximum total score.

See docs/decisions/0028-matching-solver.md for the measurements behind the choice.
"""

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from .candidates import DEFAULT_CHUNK_SIZE, DEFAULT_TOP_K, CandidateGraph, candidate_graph


@dataclass(frozen=True)
class Assignment:
    """``pairs`` maps requester id to candidate id; ``unassigned`` lists requester ids in request order."""

    pairs: dict[int, int]
    unassigned: list[int]
    total: int


def node_capacities(graph: CandidateGraph):
    """Per edge, the node it uses (mentor slots of candidate c: c; peer slot of c: n + c), and node capacities."""
    width = len(graph.candidates)
    peer_edge = ~graph.requests.is_mentor[graph.rows]
    nodes = graph.columns + width * peer_edge
    capacity = np.concatenate([graph.candidates.capacity, np.ones(width, dtype=np.int64)])
    return nodes, capacity


def solve(graph: CandidateGraph):
    """The chosen column of every request row (-1 when unassigned), maximizing total score."""
    height = len(graph.requests)
    chosen = np.full(height, -1, dtype=np.int64)
    if len(graph.rows) == 0:
        return chosen
    nodes, capacity = node_capacities(graph)
    degree = np.bincount(nodes, minlength=len(capacity))
    slots = np.minimum(capacity, degree)
    first_slot = np.cumsum(slots) - slots
    # Only requests with an edge take part; the others stay unassigned.
    active, local_rows = np.unique(graph.rows, return_inverse=True)

    copies = slots[nodes]
    edge_of = np.repeat(np.arange(len(nodes)), copies)
    within = np.arange(len(edge_of)) - np.repeat(np.cumsum(copies) - copies, copies)
    slot_columns = first_slot[nodes][edge_of] + within
    slot_count = int(slots.sum())

    offset = float(graph.scores.max() + 1)
    matrix_rows = np.concatenate([local_rows[edge_of], np.arange(len(active))])
    matrix_columns = np.concatenate([slot_columns, slot_count + np.arange(len(active))])
    costs = np.concatenate([offset - graph.scores[edge_of], np.full(len(active), offset)])
    matrix = csr_matrix((costs, (matrix_rows, matrix_columns)), shape=(len(active), slot_count + len(active)))
    row_index, column_index = min_weight_full_bipartite_matching(matrix)

    # Slot column -> candidate column: the node owning the slot, folded back onto candidates.
    taken = column_index < slot_count
    slot_node = np.repeat(np.arange(len(slots)), slots)
    chosen[active[row_index[taken]]] = slot_node[column_index[taken]] % len(graph.candidates)
    return chosen


def assign(requests, candidates, top_k=DEFAULT_TOP_K, chunk_size=DEFAULT_CHUNK_SIZE):
    """Assign requests to candidates, optimally over each request's ``top_k`` best eligible candidates.

    Never breaks a hard constraint nor a capacity (mentor slots for mentor requests, one peer slot per
    candidate for peer requests). Requester ids must be unique; with ``top_k >= len(candidates)`` the
    result is optimal over all eligible pairs.
    """
    requests = list(requests)
    if len({request.requester.id for request in requests}) != len(requests):
        raise ValueError("requester ids must be unique")
    graph = candidate_graph(requests, candidates, top_k=top_k, chunk_size=chunk_size)
    return assignment_from(graph, solve(graph))


def assignment_from(graph: CandidateGraph, chosen):
    """An :class:`Assignment` from the chosen column of each request row (-1 = unassigned)."""
    chosen = np.asarray(chosen)
    width = max(len(graph.candidates), 1)
    keys = graph.rows * width + graph.columns
    order = np.argsort(keys)
    taken = np.flatnonzero(chosen >= 0)
    edges = order[np.searchsorted(keys[order], taken * width + chosen[taken])]
    requester_ids, candidate_ids = graph.requests.ids, graph.candidates.ids
    pairs = dict(zip(requester_ids[taken].tolist(), candidate_ids[chosen[taken]].tolist(), strict=True))
    unassigned = requester_ids[chosen < 0].tolist()
    return Assignment(pairs, unassigned, int(graph.scores[edges].sum()))
