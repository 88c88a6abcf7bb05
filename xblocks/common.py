"""What every WikiSkills block needs from its runtime: translation, page-unique element ids, and who is looking."""

import re

from webob import Response
from xblock.exceptions import JsonHandlerError
from xblock.utils.resources import ResourceLoader

from wikiskills.integrations import openedx_compat


def _(text):
    """Mark a string for translation; the runtime's i18n service translates it when shown."""
    return text


STAFF_ONLY = _("Only course staff can do this.")
HANDLERS_JS = ResourceLoader(__name__).load_unicode("static/wikiskills_handlers.js")


class WikiSkillsBlockMixin:
    """Helpers shared by the blocks; each block also declares ``@XBlock.needs("i18n")`` and ``("user")``."""

    def _i18n(self):
        return self.runtime.service(self, "i18n")

    def _gettext(self, text):
        return self._i18n().gettext(text)

    def _element_id(self, part):
        """An HTML id unique to this block on the page (usage ids contain ':', '@' and '+')."""
        return "wikiskills-" + re.sub(r"[^A-Za-z0-9_-]", "-", f"{self.scope_ids.usage_id}-{part}")

    def _render(self, template, context):
        """A Django template of the block's own package, translated by the runtime."""
        block_class = getattr(type(self), "unmixed_class", type(self))  # runtimes mix classes in elsewhere
        loader = ResourceLoader(block_class.__module__)
        return loader.render_django_template(template, context, i18n_service=self._i18n())

    def _xblock_user(self):
        return self.runtime.service(self, "user").get_current_user()

    def _people(self):
        """(Django user, is staff) of whoever is looking."""
        xblock_user = self._xblock_user()
        user = openedx_compat.django_user_for(xblock_user)
        return user, openedx_compat.user_is_staff(xblock_user, user)

    def _require_staff(self):
        """The staff user, or a 403 in the learner's language."""
        user, is_staff = self._people()
        if not is_staff:
            raise JsonHandlerError(403, self._gettext(STAFF_ONLY))
        return user

    def _forbidden(self):
        """403 for a plain (non-JSON) handler a learner may not use."""
        return Response(status=403, body=self._gettext(STAFF_ONLY).encode(), content_type="text/plain")
