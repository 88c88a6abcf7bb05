"""When the small-group warning is worth showing, and a diff's changes marked in words, not colour alone."""

from datetime import UTC, datetime, timedelta

from wikiskills.integrations.wikiskills_peer_review.diffs import readable_diff
from wikiskills.integrations.wikiskills_peer_review.policy import small_group_warning_due

SUBMITTED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
GRACE_ENDS = SUBMITTED + timedelta(days=4)


def test_no_small_group_warning_right_after_submitting():
    assert not small_group_warning_due(SUBMITTED, GRACE_ENDS, None, SUBMITTED)
    assert not small_group_warning_due(SUBMITTED, GRACE_ENDS, None, SUBMITTED + timedelta(days=1, hours=23))


def test_the_warning_comes_once_half_the_grace_period_has_passed():
    assert small_group_warning_due(SUBMITTED, GRACE_ENDS, None, SUBMITTED + timedelta(days=2))
    assert small_group_warning_due(SUBMITTED, GRACE_ENDS, None, GRACE_ENDS)


def test_the_warning_comes_as_soon_as_submissions_close_since_nobody_else_can_join():
    closes = SUBMITTED + timedelta(hours=3)
    assert not small_group_warning_due(SUBMITTED, GRACE_ENDS, closes, SUBMITTED + timedelta(hours=2))
    assert small_group_warning_due(SUBMITTED, GRACE_ENDS, closes, closes)


def test_a_zero_grace_period_warns_at_once_as_the_rule_applies_at_once():
    assert small_group_warning_due(SUBMITTED, SUBMITTED, None, SUBMITTED)


ROW = (
    '<tr><td class="diff-marker" data-marker="−"></td><td class="diff-deletedline"><div>Old</div></td>'
    '<td class="diff-marker" data-marker="+"></td><td class="diff-addedline"><div>New</div></td></tr>'
    '<tr><td class="diff-marker"></td><td class="diff-context">Same</td></tr>'
)


def test_each_changed_line_shows_its_sign_and_says_removed_or_added_to_screen_readers():
    marked = readable_diff(ROW, "Supprimé :", "Ajouté <&> :")

    assert (
        '<td class="diff-marker" data-marker="−"><span aria-hidden="true">−</span>'
        '<span class="wikiskills-sr-only">Supprimé :</span></td>'
    ) in marked
    assert '<span aria-hidden="true">+</span><span class="wikiskills-sr-only">Ajouté &lt;&amp;&gt; :</span>' in marked
    assert '<tr><td class="diff-marker"></td><td class="diff-context">Same</td></tr>' in marked  # context: no sign


def test_attribute_order_does_not_matter_and_nothing_else_changes():
    row = '<td data-marker="+" class="diff-marker"></td><td class="diff-addedline">x</td>'
    assert readable_diff(row, "Removed line:", "Added line:").count("Added line:") == 1
    assert readable_diff("", "a", "b") == ""
