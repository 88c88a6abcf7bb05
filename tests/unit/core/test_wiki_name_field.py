"""Wiki names differ after their first letter, and the database must agree (MariaDB included)."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from wikiskills.integrations.wikiskills_core.models import WikiPageRendering

pytestmark = pytest.mark.django_db


def keep(title):
    return WikiPageRendering.objects.create(wiki="demo", title=title, revision_id=1, html="", fetched_at=timezone.now())


def test_titles_differing_only_in_case_after_the_first_letter_are_different_rows():
    keep("User:Ana/Sandbox")
    keep("User:Ana/SandBox")

    assert WikiPageRendering.objects.filter(title="User:Ana/SandBox").count() == 1
    assert WikiPageRendering.objects.filter(title__in=["User:Ana/sandbox"]).count() == 0


def test_unicode_titles_that_fold_together_in_general_collations_stay_apart():
    keep("Émilie")
    keep("Emilie")

    assert WikiPageRendering.objects.get(title="Émilie").title == "Émilie"


def test_the_same_title_twice_on_one_wiki_is_refused():
    keep("Help:Referencing")

    with pytest.raises(IntegrityError), transaction.atomic():
        keep("Help:Referencing")
