"""XBlock adapter for wiki pages; fetching, sanitizing and caching live in the core app."""

from xblock.core import XBlock
from xblock.fields import Scope, String
from xblock.utils.studio_editable import StudioEditableXBlockMixin
from xblock.validation import ValidationMessage

from wikiskills.integrations.mediawiki.errors import MediaWikiError
from wikiskills.integrations.wikiskills_core import pages, tasks, wikis

from ..common import WikiSkillsBlockMixin, _, allowed_wiki_choices, json_handler

# Titles MediaWiki refuses (Title::legalChars excludes these).
ILLEGAL_TITLE_CHARACTERS = set("#<>[]|{}")


@XBlock.needs("i18n")
class WikiPageBlock(WikiSkillsBlockMixin, StudioEditableXBlockMixin, XBlock):
    """Shows a page of an allowed wiki, such as a help page the learner needs for an exercise."""

    display_name = String(
        display_name=_("Display name"),
        default=_("Wiki page"),
        scope=Scope.settings,
    )
    wiki = String(
        display_name=_("Wiki"),
        help=_("The wiki the page is on, from the wikis your platform administrator allows."),
        default="",
        values_provider=allowed_wiki_choices,
        scope=Scope.settings,
    )
    page_title = String(
        display_name=_("Page title"),
        help=_("Exact title of the page, e.g. Help:Introduction to referencing."),
        default="",
        scope=Scope.settings,
    )

    editable_fields = ("display_name", "wiki", "page_title")

    def validate_field_data(self, validation, data):
        """Studio refuses an unknown wiki, a title the wiki would refuse, or a page the wiki does not have."""
        problems = self._setting_problems(data)
        for text in problems:
            validation.add(ValidationMessage(ValidationMessage.ERROR, text))
        if not problems:
            self._check_on_wiki(validation, data)

    def _check_on_wiki(self, validation, data):
        """An error when the wiki has no such page; only a warning, on the saved block, when it cannot be asked.

        Studio's editor saves only when there is no message at all, so an unreachable wiki must say
        nothing while it validates the new settings (a preview of them); Studio's check of the saved
        block passes the block itself, and there the author is warned.
        """
        wiki = wikis.get_wiki(data.wiki)

        def add(kind, message, **params):
            validation.add(ValidationMessage(kind, self._gettext(message).format(wiki=wiki.name, **params)))

        try:
            missing = pages.page_missing(wiki, data.page_title, wikis.client_for(wiki, background=False))
        except MediaWikiError:
            if data is self:
                add(ValidationMessage.WARNING, _("{wiki} could not be reached to check that the page exists."))
            return
        if missing:
            message = _("{wiki} has no page titled {title}. Check the spelling, or create the page first.")
            add(ValidationMessage.ERROR, message, title=data.page_title.strip())

    def _setting_problems(self, data):
        """What is wrong with the settings themselves, in the reader's language; no wiki is asked."""
        wiki_problem = self._unknown_wiki_problem(data.wiki)
        if wiki_problem:
            return [wiki_problem]
        title = data.page_title.strip()
        if not title:
            return [self._gettext(_("Enter a page title."))]
        if ILLEGAL_TITLE_CHARACTERS & set(title):
            return [self._gettext(_("A page title cannot contain any of # < > [ ] | { }."))]
        return []

    def page_state(self):
        """What the learner sees now: the kept page (refreshed when stale) or why there is none.

        Only the settings are checked here, never the wiki: a learner's view must not wait on it.
        """
        if self._setting_problems(self):
            return {"status": "not_configured", "message": self._gettext(_("This page has not been set up yet."))}
        wiki = wikis.get_wiki(self.wiki)
        rendering = pages.rendering_for_view(wiki, self.page_title, tasks.refresh_wiki_page.delay)
        state = {"page_url": wiki.page_url(self.page_title), "wiki_name": wiki.name, "title": self.page_title}
        if rendering is None:
            message = self._gettext(_("Loading the page from {wiki}…")).format(wiki=wiki.name)
            return {**state, "status": "loading", "message": message}
        if rendering.missing:
            return {**state, "status": "missing", "message": self._gettext(_("This page is not available."))}
        return {**state, "status": "ready", "message": "", "html": rendering.html, "revision_id": rendering.revision_id}

    def student_view(self, context=None):
        """The page, with a link to it on the wiki; polls while the first fetch is under way."""
        state = self.page_state()
        html = self._render(
            "templates/wiki_page.html", {"block": self, "state": state, "heading_id": self._element_id("heading")}
        )
        gave_up = self._gettext(_("The wiki did not answer in time."))
        init_args = {"status": state["status"], "gave_up_message": gave_up}
        return self._fragment(html, "static/wiki_page.css", ["static/wiki_page.js"], "WikiSkillsWikiPage", init_args)

    def student_view_data(self, context=None):
        """The same state as JSON, for the Learning MFE and mobile apps."""
        return self.page_state()

    @json_handler
    def current_state(self, data, suffix=""):
        """Polled by the view until the page has been fetched."""
        return self.page_state()

    @staticmethod
    def workbench_scenarios():
        """Demo scenarios; the demo settings define the ``demo`` wiki."""
        return [
            (
                "WikiSkills: a help page from the wiki",
                '<wikiskills_wiki_page display_name="Before you start: citing sources" wiki="demo"'
                ' page_title="Help:Referencing for beginners"/>',
            ),
            (
                "WikiSkills: a wiki page block not set up yet",
                "<wikiskills_wiki_page/>",
            ),
        ]
