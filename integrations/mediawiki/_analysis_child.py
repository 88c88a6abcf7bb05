"""The child process of ``bounded_analysis``: one JSON request a line in, one ``EditDelta`` as JSON a line out.

It says ``ready`` once its imports are done, so starting it never counts against an edit's time.
"""

import json
import sys

from .bounded_analysis import READY, delta_to_json, vocabulary_from_json
from .wikitext import compute_edit_delta


def main():
    print(READY, flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        vocabulary = vocabulary_from_json(request["vocabulary"])
        kwargs = {} if vocabulary is None else {"vocabulary": vocabulary}
        delta = compute_edit_delta(request["old"], request["new"], **kwargs)
        print(json.dumps(delta_to_json(delta)), flush=True)


if __name__ == "__main__":
    main()
