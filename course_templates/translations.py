"""Pack translations as gettext catalogs (``locale/<lang>.po``), one message per text or Markdown block.

Why gettext: translatewiki.net and Weblate take it as is, a changed source sentence shows up as
one untranslated message instead of a stale copy, and placeholders can be checked (ADR 0046).
"""

from dataclasses import dataclass

import polib

from . import markdown, placeholders
from .errors import PackError, relative


@dataclass(frozen=True)
class Message:
    msgid: str
    path: object
    line: int


def messages_of(pack):
    """The pack's messages, once each, with where each was first written."""
    seen = {}
    for text in pack.texts():
        parts = markdown.blocks(text.value) if text.markdown else [(0, text.value)]
        for offset, msgid in parts:
            if msgid and msgid not in seen:
                seen[msgid] = Message(msgid, text.path, text.line + offset)
    return list(seen.values())


def catalog_path(pack, language):
    return pack.folder / "locale" / f"{language}.po"


def update_catalog(pack, language):
    """Write ``locale/<language>.po``: new messages added, translations kept, dropped ones marked obsolete."""
    if language == pack.source_language:
        raise PackError(f"{language} is the pack's source language: its texts are the pack itself")
    if language not in pack.languages:
        raise PackError(f"add '{language}' to the pack's languages first", relative(pack.folder / "pack.yaml"))
    path = catalog_path(pack, language)
    catalog = polib.pofile(str(path), wrapwidth=0) if path.exists() else polib.POFile(wrapwidth=0)
    catalog.metadata = {
        "Project-Id-Version": f"{pack.name} {pack.version}",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": "wikiskills-pack",
        **{key: value for key, value in catalog.metadata.items() if key in ("Last-Translator", "Language-Team")},
    }
    messages = messages_of(pack)
    wanted = {message.msgid for message in messages}
    old = {entry.msgid: entry for entry in catalog if not entry.obsolete}
    fresh = polib.POFile(wrapwidth=0)
    fresh.metadata = catalog.metadata
    for message in messages:
        entry = old.get(message.msgid) or polib.POEntry(msgid=message.msgid, msgstr="")
        entry.occurrences = [(relative_to_pack(pack, message.path), str(message.line))]
        entry.obsolete = False
        fresh.append(entry)
    for msgid, entry in old.items():
        if msgid not in wanted and entry.msgstr:
            entry.obsolete = True
            fresh.append(entry)
    path.parent.mkdir(exist_ok=True)
    fresh.save(str(path))
    return path


def relative_to_pack(pack, path):
    try:
        return str(path.resolve().relative_to(pack.folder.resolve()))
    except ValueError:
        return str(path)


class Translator:
    """Looks up a pack's texts in one language; a missing, fuzzy or broken translation falls back to the source."""

    def __init__(self, pack, language):
        self.language = language
        self.problems = []
        self.table = {}
        if language == pack.source_language:
            return
        path = catalog_path(pack, language)
        if not path.exists():
            raise PackError(f"there is no catalog for '{language}' yet", relative(path))
        try:
            catalog = polib.pofile(str(path))
        except (OSError, ValueError) as error:
            raise PackError(f"the catalog cannot be read: {error}", relative(path)) from None
        for entry in catalog:
            if entry.obsolete or not entry.msgstr or entry.fuzzy:
                continue
            if sorted(placeholders.names_in(entry.msgstr)) != sorted(placeholders.names_in(entry.msgid)):
                self.problems.append(f"{relative(path)}:{entry.linenum}: the translation changes the placeholders")
                continue
            self.table[entry.msgid] = entry.msgstr

    def text(self, text):
        """The text in this language (Markdown block by block)."""
        if not text.markdown:
            return self.table.get(text.value, text.value)
        return markdown.join(self.table.get(block, block) for _offset, block in markdown.blocks(text.value))

    def missing(self, pack):
        """Messages of the pack with no usable translation."""
        if self.language == pack.source_language:
            return []
        return [message for message in messages_of(pack) if message.msgid not in self.table]


def completeness(pack):
    """{language: (translated, total, problems)} for every language of the pack."""
    total = len(messages_of(pack))
    report = {}
    for language in pack.languages:
        try:
            translator = Translator(pack, language)
        except PackError as error:
            report[language] = (0, total, [str(error)])
            continue
        report[language] = (total - len(translator.missing(pack)), total, translator.problems)
    return report
