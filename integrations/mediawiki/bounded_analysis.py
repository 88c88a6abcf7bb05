"""Edit analysis under a time limit, so broken wikitext cannot hold a worker for seconds.

mwparserfromhell's tokenizer slows down steeply on some broken wikitext
(8,000 characters of unclosed ``{{x|`` take 1.4 s here, 48,000 of unclosed
``<ref>`` 3.6 s, 8,000 of ``<!--\n{|`` repeated 13 s or more). It is a single
C call: no signal handler runs inside it and a thread cannot be stopped, and Celery's prefork workers may not start
``multiprocessing`` children. So a text of any size is analysed in a child
process (``python -m …_analysis_child``) kept for a whole batch, and an edit
over its time kills the child, which is started again for the next edit.
Small texts, whose worst case takes a few hundredths of a second, are analysed
in-process: most learners' edits are that small and need no child at all.
"""

import json
import os
import selectors
import subprocess
import sys
import time
from dataclasses import asdict, fields

from .wikitext import EditDelta, Section, WikiVocabulary, compute_edit_delta

# Texts up to this many characters (old and new together) are analysed in-process: the worst input
# known here parses in about 0.04 s at this size (0.33 s at 2,000; the cost grows with about the cube).
INLINE_CHARACTERS = 1000
CHILD_MODULE = "wikiskills.integrations.mediawiki._analysis_child"
CHILD_START_SECONDS = 30
READY = "ready"


class EditAnalyzer:
    """``compute_edit_delta`` with at most ``seconds`` per edit; use as a context manager around a batch.

    Texts longer than ``max_characters`` (old and new together) are not analysed at all: a learner's
    megabytes of hostile wikitext cost nothing but the read, and the edit goes to staff.
    """

    def __init__(self, seconds, max_characters=None):
        self.seconds = seconds
        self.max_characters = max_characters
        self._child = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def analyze(self, old_text, new_text, *, vocabulary=None):
        """What the edit added, or None when the texts are too long or analysing them took longer than allowed."""
        size = len(old_text) + len(new_text)
        if self.max_characters is not None and size > self.max_characters:
            return None
        if size <= INLINE_CHARACTERS:
            return compute_edit_delta(old_text, new_text, **_vocabulary_kwargs(vocabulary))
        request = {"old": old_text, "new": new_text, "vocabulary": vocabulary_to_json(vocabulary)}
        answer = self._ask(json.dumps(request))
        return None if answer is None else delta_from_json(json.loads(answer))

    def close(self):
        """Stop the child process, if one runs (by its own process id)."""
        child, self._child = self._child, None
        if child is None:
            return
        child.kill()
        child.wait()
        for stream in (child.stdin, child.stdout):
            stream.close()

    def _ask(self, line):
        child = self._child or self._start()
        child.stdin.write((line + "\n").encode())
        child.stdin.flush()
        answer = _read_line(child, time.monotonic() + self.seconds)
        if answer is None:
            self.close()  # still parsing: only killing it frees the worker
        return answer

    def _start(self):
        child = subprocess.Popen(  # noqa: S603  (our own module, on this interpreter)
            [sys.executable, "-m", CHILD_MODULE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=os.environ.copy(),
        )
        if _read_line(child, time.monotonic() + CHILD_START_SECONDS) != READY:
            child.kill()
            child.wait()
            raise RuntimeError(f"the edit analysis process ({CHILD_MODULE}) did not start")
        self._child = child
        return child


def _read_line(child, deadline):
    """One line from the child's output, or None if none came before ``deadline`` (monotonic seconds)."""
    buffer = b""
    with selectors.DefaultSelector() as selector:
        selector.register(child.stdout, selectors.EVENT_READ)
        while not buffer.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                return None
            chunk = os.read(child.stdout.fileno(), 1 << 16)
            if not chunk:
                return None  # the child died
            buffer += chunk
    return buffer.decode().rstrip("\n")


def _vocabulary_kwargs(vocabulary):
    return {} if vocabulary is None else {"vocabulary": vocabulary}


def vocabulary_to_json(vocabulary):
    """A ``WikiVocabulary`` as JSON-safe lists (None stays None)."""
    if vocabulary is None:
        return None
    values = {item.name: getattr(vocabulary, item.name) for item in fields(WikiVocabulary)}
    return {name: sorted(value) if isinstance(value, frozenset) else list(value) for name, value in values.items()}


def vocabulary_from_json(data):
    if data is None:
        return None
    defaults = WikiVocabulary()
    return WikiVocabulary(
        **{
            name: frozenset(values) if isinstance(getattr(defaults, name), frozenset) else tuple(values)
            for name, values in data.items()
        }
    )


def delta_to_json(delta):
    return asdict(delta)


def delta_from_json(data):
    values = {}
    for item in fields(EditDelta):
        value = data[item.name]
        if item.name == "sections_added":
            value = tuple(Section(**section) for section in value)
        elif isinstance(value, list):
            value = tuple(value)
        values[item.name] = value
    return EditDelta(**values)
