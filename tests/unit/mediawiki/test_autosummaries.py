"""The learner's own words in an edit summary, with MediaWiki's automatic ones recognised (no wiki needed)."""

import pytest

from wikiskills.integrations.mediawiki.autosummaries import ENGLISH_SUMMARIES, AutomaticSummaries

ARABIC = AutomaticSummaries.from_messages(
    {"autosumm-new": "أنشأ الصفحة ب'$1'", "autosumm-blank": "أفرغ الصفحة", "newsectionsummary": "/* $1 */ قسم جديد"}
)


@pytest.mark.parametrize(
    ("comment", "own"),
    [
        ('Created page with "Paris is a city"', ""),
        ('Created page with "He said "hi" to me"', ""),
        ("Created blank page", ""),
        ('Replaced content with "lol"', ""),
        ("Blanked the page", ""),
        ("Redirected page to [[Paris]]", ""),
        ("/* Sources */ new section", ""),
        ("/* Sources */ added two books", "added two books"),
        ("/* Sources */ ", ""),
        ("Undo revision 12 by [[Special:Contributions/Vandal|Vandal]] ([[User talk:Vandal|talk]])", ""),
        ("Undo revision 12 by [[Special:Contributions/V|V]] ([[User talk:V|talk]]) unsourced", "unsourced"),
        ("Reverted edits by [[Special:Contributions/V|V]] ([[User talk:V|talk]]) to last revision by [[User:A|A]]", ""),
        ("Ana moved page [[User:Ana/sandbox]] to [[Paris (city)]]: ready to publish", "ready to publish"),
        ("Ana moved page [[User:Ana/sandbox]] to [[Paris (city)]]", ""),
        ("Added two sources on the history", "Added two sources on the history"),
        ("Created a new section about history", "Created a new section about history"),
    ],
)
def test_only_the_editors_own_words_are_left(comment, own):
    assert ENGLISH_SUMMARIES.own_summary(comment) == own


def test_a_wikis_own_language_is_recognised_and_english_still_is():
    assert ARABIC.own_summary("أنشأ الصفحة ب'باريس مدينة'") == ""
    assert ARABIC.own_summary("/* مصادر */ قسم جديد") == ""
    assert ARABIC.own_summary("أفرغ الصفحة") == ""
    assert ARABIC.own_summary("أضفت مصدرين") == "أضفت مصدرين"
    assert ARABIC.own_summary("Blanked the page") == ""  # messages the wiki did not give fall back to English
