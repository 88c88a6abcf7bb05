"""Demo only: a bar on every page to act as one of the demo people and to choose the language.

The plugin apps' pages and the workbench's are not the demo's to edit, so the bar is added to each full
HTML page on its way out, as django-debug-toolbar adds its own: at the end of ``<body>``, a labelled landmark
after the page's own content, so the page's keyboard order and reading order stay its own. The workbench's
pages, which set no language, get ``lang`` and ``dir`` from the active language, and its blocks act as the
person you act as (its ``?student=``) unless the URL names another.
"""

import re

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, get_language_bidi

from demo.views import bar_context

BODY_END = "</body>"
BARE_HTML = re.compile(r"<html>")
HEAD_END = "</head>"
# Handlers, resources and the admin answer with their own markup, never a page to add the bar to.
NOT_PAGES = ("/handler/", "/unauth_handler/", "/aside_handler/", "/resource/", "/admin/", "/static/", "/jsi18n/")
WORKBENCH_PAGES = ("/scenario/", "/view/")


def demo_urls_installed():
    """Whether this request's URLs have the demo's views (a test may serve only an app's own URLs)."""
    try:
        reverse("demo_act_as")
    except NoReverseMatch:
        return False
    return True


class DemoBarMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(WORKBENCH_PAGES) and "student" not in request.GET and request.user.is_authenticated:
            request.GET = request.GET.copy()
            request.GET["student"] = request.user.username
        response = self.get_response(request)
        if self._is_page(request, response):
            self._add_bar(request, response)
        return response

    @staticmethod
    def _is_page(request, response):
        return (
            demo_urls_installed()
            and not request.path.startswith(NOT_PAGES)
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and b"<body" in response.content
        )

    @staticmethod
    def _add_bar(request, response):
        page = response.content.decode(response.charset)
        bar = render_to_string("demo/bar.html", bar_context(request), request=request)
        at = page.rfind(BODY_END)
        page = page[:at] + bar + page[at:]
        direction = "rtl" if get_language_bidi() else "ltr"
        page = BARE_HTML.sub(f'<html lang="{get_language()}" dir="{direction}">', page, count=1)
        page = page.replace(HEAD_END, render_to_string("demo/bar_style.html") + HEAD_END, 1)
        response.content = page.encode(response.charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
