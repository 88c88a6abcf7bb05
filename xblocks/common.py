"""What every WikiSkills block needs from its runtime: translation, page-unique element ids, and who is looking."""

import functools
import json
import re
from html import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language, get_language_bidi, gettext
from django.utils.translation import ngettext as django_ngettext
from web_fragments.fragment import Fragment
from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.utils.resources import ResourceLoader

from wikiskills.integrations import openedx_compat
from wikiskills.integrations.wikiskills_core import wikis


def _(text):
    """Mark a string for translation; the runtime's i18n service translates it when shown."""
    return text


def ngettext(singular, plural):
    """Mark a singular/plural pair as one entry for translation (extractors know ``ngettext``'s first two
    arguments); ``WikiSkillsBlockMixin._ngettext`` picks the form for the count when it is shown."""
    return singular, plural


STAFF_ONLY = _("Only course staff can do this.")
SIGN_IN = _("Sign in to take part.")
BAD_REQUEST = _("That request was not understood. Reload the page and try again.")
GONE = _("That is no longer there. Reload the page to see what is.")
NETWORK_ERROR = _(
    "The request did not reach the server. Check your connection and try again; nothing you entered was lost."
)
SERVER_ERROR = _("Something went wrong on the server. Try again in a moment; nothing you entered was lost.")
SHARED = ResourceLoader(__name__)  # what the blocks share: xblocks/static and xblocks/templates
HANDLERS_JS = SHARED.load_unicode("static/wikiskills_handlers.js")
LEARNER_CSS = SHARED.load_unicode("static/wikiskills.css")
# Shared by the structured Studio editors over a JSON setting (rubric, criteria); added before each editor.
JSON_FIELD_EDITOR_JS = SHARED.load_unicode("static/json_field_editor.js")


def allowed_wiki_choices(block):
    """Studio's drop-down of the wikis the platform administrator allows, so an author picks instead of typing."""
    return [{"display_name": wiki.name, "value": key} for key, wiki in sorted(wikis.allowed_wikis().items())]


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
        """``text`` in the viewer's language: from the blocks' catalog, else (words a block shows from an app's
        messages, such as the skills app's problems and levels) from that app's Django catalog."""
        translated = self._i18n().gettext(text)
        return translated if translated != text else gettext(text)

    def _ngettext(self, singular, plural, count):
        """The form of a message for ``count`` in the viewer's language: the plural entry of the blocks' catalog,
        else of an app's Django catalog (words a block shows from an app, such as the exercise's criteria), else
        (a message with one form, passed as both, as a criterion's "done" and "missing" words are) its
        translation as a single message."""
        english = singular if count == 1 else plural
        for translate in (self._i18n().ngettext, django_ngettext):
            translated = translate(singular, plural, count)
            if translated != english:
                return translated
        return self._gettext(english)

    def _element_id(self, part):
        """An HTML id unique to this block on the page (usage ids contain ':', '@' and '+')."""
        return "wikiskills-" + re.sub(r"[^A-Za-z0-9_-]", "-", f"{self.scope_ids.usage_id}-{part}")

    def _loader(self):
        """Resources of the block's own package (runtimes mix block classes in elsewhere, hence ``unmixed_class``)."""
        return ResourceLoader(getattr(type(self), "unmixed_class", type(self)).__module__)

    def _render(self, template, context, loader=None):
        """A Django template of the block's own package (or of ``loader``'s), translated by the runtime."""
        # The block's root carries lang and dir: an Arabic block in an English page is still laid out right to left.
        direction = "rtl" if get_language_bidi() else "ltr"
        language = {"wikiskills_language": get_language(), "wikiskills_direction": direction}
        return (loader or self._loader()).render_django_template(
            template, {**language, **context}, i18n_service=self._i18n()
        )

    def _fragment(self, html, css, scripts, init_fn, init_args=None):
        """A learner view: the block's HTML; the shared stylesheet, then the block's; the shared handler script,
        then the block's own ``scripts``; its init function, called with ``handler_errors`` (``init_args`` may
        override them)."""
        loader = self._loader()
        fragment = Fragment(html)
        fragment.add_css(LEARNER_CSS)
        fragment.add_css(loader.load_unicode(css))
        fragment.add_javascript(HANDLERS_JS)
        for script in scripts:
            fragment.add_javascript(loader.load_unicode(script))
        fragment.initialize_js(init_fn, {"handler_errors": self._handler_errors(), **(init_args or {})})
        return fragment

    def _staff_part(self, is_staff, state):
        """The block's staff panel (``_staff_html``) under the learner view: for staff, once the block is set up."""
        return self._staff_html() if is_staff and state["status"] != "not_configured" else ""

    def _linking_html(self, challenge, wiki_name, username_id, note=""):
        """The account-linking step every block that asks for a verified wiki account shows: the one-time code
        to save (when one was given), "I saved the code", and the form that asks for a code."""
        context = {"challenge": challenge, "wiki_name": wiki_name, "username_id": username_id, "note": note}
        return self._render("templates/linking_step.html", context, loader=SHARED)

    def _csv_download(self, make_text, filename):
        """A staff CSV export as a download; ``make_text()`` runs only for staff, anyone else gets a 403."""
        _user, is_staff = self._people()
        if not is_staff:  # a plain (non-JSON) handler: the refusal is plain text
            return Response(status=403, body=self._gettext(STAFF_ONLY).encode(), content_type="text/plain")
        response = Response(body=make_text().encode("utf-8"), content_type="text/csv", charset="utf-8")
        response.content_disposition = f'attachment; filename="{filename}"'
        return response

    def _handler_errors(self):
        """The words ``WikiSkillsHandlers.showFailure`` uses when a call fails without the server's own message;
        every block passes them in its initial JavaScript arguments as ``handler_errors``."""
        return {"network": self._gettext(NETWORK_ERROR), "server": self._gettext(SERVER_ERROR)}

    def _viewer_time_zone(self):
        """The viewer's time zone: Open edX's user service passes the ``time_zone`` preference among
        ``edx-platform.user_preferences``; UTC when none is set, outside the platform, or it is unknown."""
        preferences = self._xblock_user().opt_attrs.get("edx-platform.user_preferences") or {}
        try:
            return ZoneInfo(preferences.get("time_zone") or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    def _unknown_wiki_problem(self, wiki_key):
        """Studio's words for a wiki key the platform administrator does not allow, or None when it is allowed."""
        try:
            wikis.get_wiki(wiki_key)
        except ImproperlyConfigured:
            keys = ", ".join(sorted(wikis.allowed_wikis())) or self._gettext(_("none is configured"))
            return self._gettext(_("Choose one of the allowed wikis: {keys}.")).format(keys=keys)
        return None

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

    def studio_view(self, context=None):
        """Studio's settings form plus ``static/studio_save.js``, so Save works and a failed save is shown
        wherever the form runs: a page without Studio's own scripts (the demo's workbench) sends no CSRF
        header and shows no ``runtime.notify`` error. The script's words, in the author's language, travel
        in the status element's ``data-texts``."""
        fragment = super().studio_view(context)
        texts = {
            "saved": self._gettext(_("Settings saved.")),
            "forbidden": self._gettext(
                _("The server refused to save; your session may have ended. Copy your changes, reload and save again.")
            ),
            **self._handler_errors(),
        }
        fragment.add_content(
            f'<p class="wikiskills-studio-save" tabindex="-1" hidden data-texts="{escape(json.dumps(texts))}"></p>'
        )
        fragment.add_javascript(SHARED.load_unicode("static/studio_save.js"))
        if fragment.js_init_fn == "StudioEditableXBlockMixin":  # blocks with their own init call ours themselves
            fragment.initialize_js("WikiSkillsStudioEditable")
        return fragment

    def _with_json_editor(self, fragment, editor_html, css, script, init_fn):
        """``studio_view``'s form with a structured editor over one of its JSON boxes (which stays, for pasting);
        the editor's ``init_fn`` calls ``WikiSkillsStudioEditable`` first."""
        loader = self._loader()
        fragment.add_content(editor_html)
        fragment.add_css(loader.load_unicode(css))
        fragment.add_javascript(JSON_FIELD_EDITOR_JS)
        fragment.add_javascript(loader.load_unicode(script))
        fragment.initialize_js(init_fn)
        return fragment

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
