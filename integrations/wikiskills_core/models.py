"""What the core app keeps: rendered wiki pages, fetched in the background and shown many times."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import WikiNameField


class WikiPageRendering(models.Model):
    """The sanitized HTML of a wiki page's revision, as the wiki page block shows it.

    One row per wiki and title, replaced in place when the page is fetched again. A page the
    wiki does not have is kept too (``missing``, no revision), so it is asked for again only
    when stale, like any page.
    """

    wiki = models.CharField(_("wiki"), max_length=64)
    title = WikiNameField(_("title"))
    missing = models.BooleanField(_("missing on the wiki"), default=False)
    revision_id = models.PositiveBigIntegerField(_("revision id"), null=True, blank=True)
    html = models.TextField(_("sanitized HTML"))
    fetched_at = models.DateTimeField(_("fetched at"))

    class Meta:
        verbose_name = _("wiki page rendering")
        constraints = [models.UniqueConstraint(fields=["wiki", "title"], name="wikiskills_page_per_wiki_title")]

    def __str__(self):
        return f"{self.wiki}:{self.title}@{self.revision_id}"
