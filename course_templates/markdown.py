"""Markdown in packs: split into the blocks translators translate, and rendered to HTML for the course.

CommonMark with tables, raw HTML escaped (an author cannot inject markup); ``wiki:Title`` links
point to the page on the course's wiki.
"""

import html
import re

from markdown_it import MarkdownIt

WIKI_LINK = re.compile(r"\]\(wiki:([^)\s]+)\)")
_parser = MarkdownIt("commonmark", {"html": False}).enable("table")


def blocks(text):
    """(first line offset, source) of each top-level block: paragraph, list, table, heading, quote."""
    lines = text.split("\n")
    found = []
    for token in _parser.parse(text):
        if token.level == 0 and token.map and token.nesting in (0, 1):
            start, end = token.map
            found.append((start, "\n".join(lines[start:end]).rstrip()))
    return found


def join(block_texts):
    return "\n\n".join(block_texts)


def wiki_links(text, fill_target, page_url):
    """``](wiki:${page:x})`` → ``](https://…/wiki/Title)``: placeholders are filled inside the target first."""
    return WIKI_LINK.sub(lambda match: f"]({page_url(fill_target(match.group(1)))})", text)


def render(text, language, direction):
    """HTML for the text, marked with its language and direction for browsers and screen readers."""
    return wrap(_parser.render(text).strip(), language, direction)


def wrap(body, language, direction):
    """HTML marked with its language and direction (``lang``/``dir``), for browsers and screen readers."""
    return f'<div lang="{html.escape(language)}" dir="{direction}">\n{body}\n</div>'


def render_inline(text):
    """HTML for a short text such as a choice or a hint: no paragraph around it."""
    return _parser.renderInline(text)
