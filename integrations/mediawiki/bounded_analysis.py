"""TEMPORARY STUB until the bounded analyzer lands (replaced by its real module)."""

from .wikitext import compute_edit_delta


class EditAnalyzer:
    def __init__(self, seconds):
        self.seconds = seconds

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return None

    def analyze(self, old_text, new_text, **kwargs):
        return compute_edit_delta(old_text, new_text, **kwargs)
