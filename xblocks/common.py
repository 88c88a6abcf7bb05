"""What every WikiSkills block needs from its runtime: translation, page-unique element ids, and who is looking."""

import functools
import json
import re
from html import escape

from web_fragments.fragment import Fragment
from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.utils.resources import ResourceLoader

from wikiskills.integrations import openedx_compat


def _(text):
    """Mark a string for translation; the runtime's i18n service translates it when shown."""
    return text


STAFF_ONLY = _("Only course staff can do this.")
SIGN_IN = _("Sign in to take part.")
BAD_REQUEST = _("That request was not understood. Reload the page and try again.")
GONE = _("That is no longer there. Reload the page to see what is.")
HANDLERS_JS = ResourceLoader(__name__).load_unicode("static/wikiskills_handlers.js")


def json_handler(method):
    """``XBlock.json_handler`` that answers a body other than a JSON object with a 400 in the caller's language.

    Every handler reads its body with ``data.get``: a list or a string must not become a 500.
    """

    @functools.wraps(method)
    def checked(block, data, suffix=""):
        if not isinstance(data, dict):
            raise JsonHandlerError(400, block._gettext(BAD_REQUEST))
        return method(block, data, suffix)

    return XBlock.json_handler(checked)


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

    def _viewer(self):
        """(Django user, is staff) of whoever is looking; (None, False) for an anonymous visitor (public courseware).

        Views show ``_sign_in_fragment`` to an anonymous visitor; handlers use ``_people``.
        """
        xblock_user = self._xblock_user()
        user = openedx_compat.django_user_for(xblock_user)
        return (None, False) if user is None else (user, openedx_compat.user_is_staff(xblock_user, user))

    def _people(self):
        """(Django user, is staff) of whoever is looking; an anonymous caller gets a 403 asking to sign in."""
        user, is_staff = self._viewer()
        if user is None:
            raise JsonHandlerError(403, self._gettext(SIGN_IN))
        return user, is_staff

    def _sign_in_fragment(self):
        return Fragment(f'<p class="wikiskills-sign-in">{escape(self._gettext(SIGN_IN))}</p>')

    def _require_staff(self):
        """The staff user, or a 403 in the learner's language."""
        user, is_staff = self._people()
        if not is_staff:
            raise JsonHandlerError(403, self._gettext(STAFF_ONLY))
        return user

    def _whole_number(self, data, key):
        """``data[key]`` as an int a database id can be; anything else is a 400 in the caller's language.

        Beyond 64 bits SQLite's driver raises instead of finding nothing, so such a number is refused here.
        """
        try:
            number = int(data[key])
        except (KeyError, TypeError, ValueError, OverflowError):
            number = None
        if number is None or not -(2**63) <= number < 2**63:
            raise JsonHandlerError(400, self._gettext(BAD_REQUEST))
        return number

    def _gone(self):
        """A 404 for a row the request names that is not (or no longer) there."""
        return JsonHandlerError(404, self._gettext(GONE))

    @XBlock.handler
    def submit_studio_edits(self, request, suffix=""):
        """Studio's Save (``StudioEditableXBlockMixin``), with a malformed body or a value of the wrong type
        answered by a 400 in the author's language instead of the library's 500."""
        try:
            data = json.loads(request.body)
        except ValueError:
            data = None
        well_formed = (
            isinstance(data, dict) and isinstance(data.get("values"), dict) and isinstance(data.get("defaults"), list)
        )
        if well_formed:
            try:
                return super().submit_studio_edits(request, suffix)
            except (TypeError, ValueError):
                pass
        return Response(
            json_body={"error": self._gettext(BAD_REQUEST)},
            status=400,
            content_type="application/json",
            charset="utf-8",
        )

    def _forbidden(self):
        """403 for a plain (non-JSON) handler a learner may not use."""
        return Response(status=403, body=self._gettext(STAFF_ONLY).encode(), content_type="text/plain")
