"""A task travels through a real Redis broker to a real worker process and back."""

import pytest

from wikiskills.integrations.mediawiki.local_wiki import Edit
from wikiskills.integrations.wikiskills_core.models import WikiPageRendering
from wikiskills.integrations.wikiskills_core.tasks import refresh_wiki_page

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_worker_fetches_and_keeps_a_wiki_page(celery_worker, local_wiki):
    (revid,) = local_wiki.make_edits(
        [Edit(user=local_wiki.admin_name, title="Worker test page", text="Fetched by a worker.<ref>Cited</ref>")]
    )

    result = celery_worker.send(refresh_wiki_page, "demo", "worker_test page")

    assert result.get(timeout=60) == revid, celery_worker.log_text()
    rendering = WikiPageRendering.objects.get(wiki="demo", title="Worker test page")
    assert rendering.revision_id == revid
    assert "Fetched by a worker." in rendering.html
