"""Edit analysis under a time limit: same answers as in-process, broken wikitext cut off, no process left."""

import os
import time

from wikiskills.integrations.mediawiki.bounded_analysis import (
    INLINE_CHARACTERS,
    EditAnalyzer,
    delta_from_json,
    delta_to_json,
    vocabulary_from_json,
    vocabulary_to_json,
)
from wikiskills.integrations.mediawiki.wikitext import WikiVocabulary, compute_edit_delta

ARABIC = WikiVocabulary(file_aliases=("ملف",), category_aliases=("تصنيف",), redirect_words=("#تحويل", "#REDIRECT"))
LONG_EDIT = "Text.<ref>A source</ref>\n== History ==\n[[تصنيف:س]] [[ملف:س.jpg]] [[Paris]]\n" + "Prose. " * 1000
BROKEN = "{{x|" * 4000  # about 6 s to parse here


def _gone(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_long_edit_gets_the_same_answer_from_the_child_process():
    with EditAnalyzer(seconds=5) as analyzer:
        delta = analyzer.analyze("Old.\n", LONG_EDIT, vocabulary=ARABIC)
        child = analyzer._child.pid

    assert len(LONG_EDIT) > INLINE_CHARACTERS
    assert delta == compute_edit_delta("Old.\n", LONG_EDIT, vocabulary=ARABIC)
    assert delta.categories_added == ("س",) and delta.files_added == ("س.jpg",)
    assert _gone(child)


def test_broken_wikitext_is_cut_off_at_the_limit_and_later_edits_are_still_analysed():
    with EditAnalyzer(seconds=0.5) as analyzer:
        started = time.monotonic()
        cut_off = analyzer.analyze("", BROKEN)
        waited = time.monotonic() - started
        after = analyzer.analyze("", LONG_EDIT)
        small = analyzer.analyze("", "Short.<ref>x</ref>")

    assert cut_off is None and waited < 1.5
    assert after == compute_edit_delta("", LONG_EDIT)
    assert small.references_added == 1


def test_vocabulary_and_delta_round_trip_through_json():
    delta = compute_edit_delta("", LONG_EDIT, vocabulary=ARABIC)

    assert vocabulary_from_json(vocabulary_to_json(ARABIC)) == ARABIC
    assert delta_from_json(delta_to_json(delta)) == delta
