"""The candidate graph: the ``top_k`` best eligible candidates of every request.

Requests are scored in chunks of ``chunk_size`` rows against all candidates (so memory stays at
a few ``chunk_size x len(candidates)`` arrays), and each row keeps its ``top_k`` best eligible
candidates (a per-row histogram of the integer scores finds the cut-off). The solver then works
on at most ``len(requests) * top_k`` edges.
"""

from dataclasses import dataclass

import numpy as np

from .scoring import CandidateMatrix, RequestMatrix, Vocabulary, score_block

DEFAULT_TOP_K = 100
DEFAULT_CHUNK_SIZE = 1000


@dataclass(frozen=True)
class CandidateGraph:
    """Edges ``rows[e] -> columns[e]`` (request row, candidate column) worth ``scores[e]`` points."""

    requests: RequestMatrix
    candidates: CandidateMatrix
    rows: np.ndarray
    columns: np.ndarray
    scores: np.ndarray


def top_k_entries(scores, keep):
    """Row and column of the ``keep`` highest positive entries of each row; ties go to the lower column.

    Scores are small non-negative integers, so each row's cut-off is found by counting (a histogram
    per row) rather than by sorting: linear in the block, and the same result on every numpy.
    """
    height, width = scores.shape
    if keep >= width:
        return np.nonzero(scores > 0)
    bins = int(scores.max()) + 1
    counts = np.bincount((np.arange(height)[:, None] * bins + scores).ravel(), minlength=height * bins)
    counts = counts.reshape(height, bins)
    counts[:, 0] = 0
    at_least = np.cumsum(counts[:, ::-1], axis=1)[:, ::-1]  # at_least[r, s]: entries of row r scoring >= s
    # The cut-off: the highest score s with at least ``keep`` entries >= s (1, all positive ones, if none).
    cutoff = np.maximum((at_least >= keep).sum(axis=1) - 1, 1)
    above = scores > cutoff[:, None]
    tied = scores == cutoff[:, None]
    room = keep - above.sum(axis=1)
    chosen = above | (tied & (np.cumsum(tied, axis=1) <= room[:, None]))
    return np.nonzero(chosen)


def encode(requests, candidates):
    """Encode requests and candidates over one shared vocabulary."""
    requests, candidates = list(requests), list(candidates)
    vocabulary = Vocabulary.of(requests, candidates)
    columns = CandidateMatrix(candidates, vocabulary)
    return RequestMatrix(requests, vocabulary, columns), columns


def candidate_graph(requests, candidates, top_k=DEFAULT_TOP_K, chunk_size=DEFAULT_CHUNK_SIZE):
    """The ``top_k`` best eligible candidates of each request (all eligible ones when fewer).

    Ties at the cut-off go to the earlier candidates, so the graph does not depend on sort internals.
    """
    rows_matrix, columns_matrix = encode(requests, candidates)
    width = len(columns_matrix)
    keep = min(top_k, width)
    rows, columns, scores = [], [], []
    for start in range(0, len(rows_matrix), chunk_size):
        stop = min(start + chunk_size, len(rows_matrix))
        if width == 0:
            break
        block = score_block(rows_matrix, columns_matrix, start, stop)
        found_rows, found_columns = top_k_entries(np.where(block.eligible, block.total, 0), keep)
        rows.append(found_rows + start)
        columns.append(found_columns)
        scores.append(block.total[found_rows, found_columns])
    if not rows:
        rows, columns, scores = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)], [np.zeros(0, np.int32)]
    return CandidateGraph(
        rows_matrix,
        columns_matrix,
        np.concatenate(rows).astype(np.int64),
        np.concatenate(columns).astype(np.int64),
        np.concatenate(scores).astype(np.int64),
    )
