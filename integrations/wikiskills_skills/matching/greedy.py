"""The Capacity Exchange-style baseline, for the benchmark and the tests only (not used to match anyone).

Each request, in arrival order, takes the available candidate with the largest skill-set overlap:
for a mentor request, the number of requested skills the candidate offers; for a peer request, the
number of requested skills the candidate fits as a peer. Ties go to the earlier candidate. The
baseline respects everything the optimal solver respects (hard constraints, positive skill fit,
mentor capacity left, one peer slot per candidate), so the two are compared on the same feasible
pairs, with the same score function (:func:`.scoring.assignment_quality`).
"""

import numpy as np

from .candidates import DEFAULT_CHUNK_SIZE, encode
from .scoring import score_block
from .solver import Assignment


def greedy_assign(requests, candidates, chunk_size=DEFAULT_CHUNK_SIZE):
    """First come, first served by skill overlap; ``total`` is the sum of the same pair scores as :func:`assign`."""
    rows, columns = encode(requests, candidates)
    mentor_left = columns.capacity.copy()
    peer_left = np.ones(len(columns), dtype=np.int64)
    pairs, unassigned, total = {}, [], 0
    for start in range(0, len(rows), chunk_size):
        stop = min(start + chunk_size, len(rows))
        block = score_block(rows, columns, start, stop) if len(columns) else None
        if block is not None:
            scores = block.total
            offers = np.rint(rows.requested[start:stop] @ columns.offered_t).astype(np.int32)
            fits = np.rint(rows.wants[start:stop] @ columns.peer_fit).astype(np.int32)
            overlap = np.where(rows.is_mentor[start:stop, None], offers, fits)
        for row in range(start, stop):
            requester = int(rows.ids[row])
            if block is None:
                unassigned.append(requester)
                continue
            left = mentor_left if rows.is_mentor[row] else peer_left
            local = row - start
            value = np.where(block.eligible[local] & (left > 0), overlap[local], -1)
            column = int(np.argmax(value))
            if value[column] < 1:
                unassigned.append(requester)
                continue
            left[column] -= 1
            pairs[requester] = int(columns.ids[column])
            total += int(scores[local, column])
    return Assignment(pairs, unassigned, total)
