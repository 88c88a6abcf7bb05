"""What anonymous reviewers see of a wiki edit: no user page title, link or name of the author."""

import pytest

from wikiskills.integrations.wikiskills_peer_review import anonymity

PAGE, AUTHOR = "the author's page", "the author"


@pytest.mark.parametrize(
    ("title", "owner"),
    [
        ("User:Prb Ana/sandbox", "Prb Ana"),
        ("user_talk:Prb_Ana", "Prb Ana"),
        ("Usuario:Ana López/Taller", "Ana López"),
        ("Utilisateur:Odile", "Odile"),
        ("Sea otter", None),
        ("Wikipedia:User pages", None),
    ],
)
def test_the_owner_of_a_user_page_is_found_in_any_of_our_wikis_languages(title, owner):
    assert anonymity.user_page_owner(title) == owner
    assert anonymity.neutral_title(title, PAGE) == (PAGE if owner else title)


def test_links_to_user_pages_and_the_authors_name_leave_the_diff_other_links_stay():
    diff = (
        '<tr><td class="diff-addedline"><div>Otters hold hands, says Prb Ana. '
        '<a href="https://wiki.example/wiki/User:Prb_Ana" rel="nofollow">Prb Ana</a> '
        '<a href="https://wiki.example/w/index.php?title=User%20talk:Someone&amp;action=edit">talk</a> '
        '<a href="https://wiki.example/wiki/Special:Contributions/Prb_Ana">contribs</a> '
        "[[User:Prb Ana/notes|my notes]] "
        '<a href="https://wiki.example/wiki/Sea_otter">Sea otter</a></div></td></tr>'
    )

    shown = anonymity.neutral_diff(diff, "User:Prb Ana/sandbox", PAGE, AUTHOR)

    assert "Prb Ana" not in shown and "Prb_Ana" not in shown and "User:" not in shown
    assert "Someone" not in shown and "Contributions" not in shown
    assert '<a href="https://wiki.example/wiki/Sea_otter">Sea otter</a>' in shown
    assert 'class="diff-addedline"' in shown and "Otters hold hands, says the author." in shown
    assert "[[the author&#x27;s page|my notes]]" in shown


def test_the_neutral_words_are_escaped_so_the_diff_stays_sanitized():
    shown = anonymity.neutral_diff(
        '<td>User:Prb Ana <a href="/wiki/User:X">X</a></td>', "User:Prb Ana", "<b>page</b>", "<i>who</i>"
    )

    assert shown == "<td>&lt;b&gt;page&lt;/b&gt; &lt;b&gt;page&lt;/b&gt;</td>"
