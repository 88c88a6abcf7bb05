"""The admin guide's settings table is the one the code makes: every setting, its default, its meaning."""

from pathlib import Path

from wikiskills.integrations.wikiskills_core import settings_reference

GUIDE = Path(__file__).parents[2] / "docs" / "admin-guide.md"


def test_every_setting_has_a_meaning_and_no_meaning_is_left_over():
    assert set(settings_reference.defaults()) == set(settings_reference.MEANINGS)


def test_the_admin_guide_holds_the_generated_table():
    text = GUIDE.read_text(encoding="utf-8")
    shown = text.split("<!-- settings-reference:start -->\n", 1)[1].split("<!-- settings-reference:end -->", 1)[0]
    assert shown == settings_reference.markdown_table(), (
        "docs/admin-guide.md is out of date: paste the output of "
        "`python -m wikiskills.integrations.wikiskills_core.settings_reference` between its markers"
    )
