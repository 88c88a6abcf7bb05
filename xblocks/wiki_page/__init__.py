"""The wiki page block: a page from an allowed wiki, shown safely inside a course."""

from .block import WikiPageBlock

__all__ = ["WikiPageBlock"]
