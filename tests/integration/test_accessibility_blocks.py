"""axe-core on every learner, staff and author (Studio) view of every block, in English and Arabic.

The workbench page around a block is the workbench's, not ours: each scan covers only the block's root
element. The totals of each view are printed (``axe: <view>: lang=.. violations=.. serious=.. passes=..``);
a failure lists each serious or critical violation with axe's selector and the rule's help text.
"""

import pytest
from workbench.scenarios import init_scenarios

from tests.support.axe import LANGUAGES, fail_on_blocking, page_in, scan

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

LEARNER = "a11y_learner"
STAFF = "a11y_staff"
# Block type: whether staff see more than a learner does (a staff panel).
BLOCKS = {
    "wikiskills_edit_exercise": True,
    "wikiskills_peer_review": True,
    "wikiskills_skills_survey": False,
    "wikiskills_wiki_page": False,
}


def views(block_type, has_staff_view):
    """``(name, path)`` of each view of the block's first scenario."""
    scenario = f"/scenario/{block_type}.0"
    found = [(f"{block_type}: learner", f"{scenario}/?student={LEARNER}")]
    if has_staff_view:
        found.append((f"{block_type}: staff", f"{scenario}/?student={STAFF}"))
    found.append((f"{block_type}: author (Studio)", f"{scenario}/studio_view/"))
    return found


@pytest.mark.parametrize("block_type", BLOCKS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_block_views(  # noqa: PLR0917
    block_type,
    language,
    live_server,
    axe_browser,
    axe_script,
    wiki,
    skills_taxonomy,
    django_user_model,
):
    django_user_model.objects.create_user(STAFF, f"{STAFF}@example.org", "pw", is_staff=True)
    init_scenarios()
    root = f'[data-block-type="{block_type}"]'
    reports = []
    for name, path in views(block_type, BLOCKS[block_type]):
        with page_in(axe_browser, live_server.url, language) as page:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, f"{name}: {path} answered {response.status}"
            page.wait_for_load_state("networkidle")
            reports.append(scan(page, axe_script, name, language, selector=root))
    fail_on_blocking(reports)
