"""``make translations``: extract every marked string into the shipped catalogs, and compile them.

Catalogs (see docs/decisions/0052-translation-catalogs.md):

- each plugin app: ``integrations/<app>/locale/<lang>/LC_MESSAGES/django.po`` (and ``djangojs.po`` when the
  app's JavaScript marks strings), where Django finds an installed app's translations;
- the blocks: one catalog for the ``wikiskills`` module, ``xblocks/conf/locale/<lang>/LC_MESSAGES/django.po``,
  the layout Open edX's translation pipeline (openedx-translations, atlas) pulls by module name, compiled also
  to ``xblocks/<block>/translations/<lang>/LC_MESSAGES/text.mo``, where the XBlock i18n service falls back;
- the demo: ``demo/locale``.

Subcommands: ``extract`` (update every catalog from the code, keeping translations), ``compile`` (.po → .mo),
``check`` (what the test suite runs: every marked string is in every shipped catalog, translated and not fuzzy; every
catalog compiles with ``msgfmt --check``; every .mo matches its .po), ``stats`` (the ``bench: i18n:`` line),
and for translators ``todo LANG`` / ``fill LANG FILE.json`` (one translation per message across catalogs).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("es", "fr", "ar", "hi", "pt_BR")
SOURCE_LANGUAGE = "en"
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ar": ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"),
    "hi": "nplurals=2; plural=(n != 1);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
}
BLOCKS = ("edit_exercise", "peer_review", "skills_survey", "wiki_page")
SOURCE_SUFFIXES = {"django": (".py", ".html", ".txt"), "djangojs": (".js",)}


class Catalog:
    """One gettext domain of one part of the product: where its sources are and where its catalogs go."""

    def __init__(self, name, source, locale, domain="django"):
        self.name, self.source, self.locale, self.domain = name, source, locale, domain

    def po_path(self, language):
        return self.locale / language / "LC_MESSAGES" / f"{self.domain}.po"

    def mo_paths(self, language):
        """Where the compiled catalog goes; the blocks' one also goes where the XBlock i18n service looks."""
        paths = [self.po_path(language).with_suffix(".mo")]
        if self.name == "xblocks":
            paths += [
                ROOT / "xblocks" / block / "translations" / language / "LC_MESSAGES" / "text.mo" for block in BLOCKS
            ]
        return paths


def catalogs():
    """Every catalog the product ships, for each domain that has marked strings in its sources."""
    parts = [Catalog("xblocks", ROOT / "xblocks", ROOT / "xblocks" / "conf" / "locale")]
    for app in sorted((ROOT / "integrations").glob("wikiskills_*")):
        parts.append(Catalog(app.name, app, app / "locale"))
        if any(app.rglob("*.js")):
            parts.append(Catalog(app.name, app, app / "locale", "djangojs"))
    parts.append(Catalog("demo", ROOT / "demo", ROOT / "demo" / "locale"))
    return parts


# Django's makemessages (templates, Python, JavaScript through xgettext), with settings that need no project.
MAKEMESSAGES = """
import json, sys
import django
from django.conf import settings
from django.core.management import call_command
settings.configure(USE_I18N=True)
django.setup()
call_command("makemessages", no_obsolete=True, **json.loads(sys.argv[1]))
"""


@contextmanager
def source_copy(catalog):
    """The catalog's source files alone in a temporary tree, so extraction writes nothing into the repository."""
    with tempfile.TemporaryDirectory(prefix="wikiskills-i18n-") as workdir:
        tree = Path(workdir) / catalog.name
        for path in catalog.source.rglob("*"):
            inside = path.relative_to(catalog.source).parts
            if path.suffix in SOURCE_SUFFIXES[catalog.domain] and not {"locale", "conf", "translations"} & set(inside):
                target = tree / path.relative_to(catalog.source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
        (tree / "locale").mkdir(parents=True)
        yield tree


def extract_template(catalog):
    """The catalog's messages as Django's ``makemessages`` finds them (templates, Python, JavaScript)."""
    with source_copy(catalog) as tree:
        options = {"locale": [SOURCE_LANGUAGE], "domain": catalog.domain, "add_location": "file", "verbosity": 0}
        subprocess.run([sys.executable, "-c", MAKEMESSAGES, json.dumps(options)], cwd=tree, check=True)
        po = tree / "locale" / SOURCE_LANGUAGE / "LC_MESSAGES" / f"{catalog.domain}.po"
        return polib.pofile(str(po)) if po.exists() else polib.POFile()


def key(entry):
    """A message's identity; polib gives "" where JSON from ``todo`` has no context or plural."""
    return (entry.msgctxt or None, entry.msgid, entry.msgid_plural or None)


def merged(template, existing, language):
    """``template``'s messages with ``existing``'s translations kept (msgmerge without fuzzy guesses)."""
    known = {key(entry): entry for entry in existing} if existing is not None else {}
    catalog = polib.POFile(wrapwidth=120)
    catalog.metadata = {
        "Project-Id-Version": "openedx-wikiskills",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS[language],
    }
    plural_count = int(PLURAL_FORMS[language].split("nplurals=")[1].split(";")[0])
    for entry in sorted(template, key=lambda e: (e.msgid, e.msgctxt or "", e.msgid_plural or "")):
        old = known.get(key(entry))
        fresh = polib.POEntry(
            msgid=entry.msgid,
            msgctxt=entry.msgctxt,
            msgid_plural=entry.msgid_plural,
            occurrences=sorted(set(entry.occurrences)),
            comment=entry.comment,
            flags=[flag for flag in entry.flags if flag != "fuzzy"],
        )
        if entry.msgid_plural:
            fresh.msgstr_plural = dict(old.msgstr_plural) if old is not None else dict.fromkeys(range(plural_count), "")
        else:
            fresh.msgstr = old.msgstr if old is not None else ""
        if old is not None and "fuzzy" in old.flags:
            fresh.flags.append("fuzzy")
        catalog.append(fresh)
    return catalog


def extract():
    for catalog in catalogs():
        template = extract_template(catalog)
        if not len(template):
            continue
        for language in (SOURCE_LANGUAGE, *LANGUAGES):
            path = catalog.po_path(language)
            existing = polib.pofile(str(path)) if path.exists() else None
            path.parent.mkdir(parents=True, exist_ok=True)
            merged(template, existing, language).save(str(path))
        print(f"translations: {catalog.name} {catalog.domain}: {len(template)} messages")


def shipped():
    """(catalog, language, path) of every .po file in the repository's catalogs."""
    for catalog in catalogs():
        for language in (SOURCE_LANGUAGE, *LANGUAGES):
            path = catalog.po_path(language)
            if path.exists():
                yield catalog, language, path


def compile_all():
    for catalog, language, path in shipped():
        po = polib.pofile(str(path))
        for mo in catalog.mo_paths(language):
            mo.parent.mkdir(parents=True, exist_ok=True)
            po.save_as_mofile(str(mo))


def unfinished(entry):
    """Why a message is not usable as shipped: None when it is translated and not fuzzy."""
    if entry.obsolete:
        return None
    if "fuzzy" in getattr(entry, "flags", ()):  # compiled (.mo) entries have no flags
        return "fuzzy"
    strings = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
    return "missing" if not all(strings) else None


def problems():
    """Every reason the shipped catalogs are not what the code needs, one line each."""
    found = []
    for catalog in catalogs():
        template = extract_template(catalog)
        wanted = {key(entry) for entry in template}
        for language in (SOURCE_LANGUAGE, *LANGUAGES):
            path = catalog.po_path(language)
            if not wanted:
                continue
            if not path.exists():
                found.append(f"{path.relative_to(ROOT)}: missing catalog")
                continue
            po = polib.pofile(str(path))
            have = {key(entry) for entry in po if not entry.obsolete}
            found += [f"{path.relative_to(ROOT)}: not extracted: {msgid!r}" for _, msgid, _ in sorted(wanted - have)]
            if language == SOURCE_LANGUAGE:
                continue
            found += [f"{path.relative_to(ROOT)}: {why}: {entry.msgid!r}" for entry in po if (why := unfinished(entry))]
            result = subprocess.run(
                ["msgfmt", "--check", "--output-file", os.devnull, str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode:
                found.append(f"{path.relative_to(ROOT)}: msgfmt --check: {result.stderr.strip()}")
            for mo in catalog.mo_paths(language):
                if not mo.exists() or mo_messages(polib.mofile(str(mo))) != mo_messages(po):
                    found.append(f"{mo.relative_to(ROOT)}: not compiled from {path.name}; run make translations")
    return found


def mo_messages(catalog):
    return {
        (entry.msgctxt, entry.msgid): (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
        for entry in catalog
        if entry.msgid and not unfinished(entry)  # msgfmt and polib leave untranslated and fuzzy messages out
    }


def catalog_figures():
    """For the ``bench: i18n:`` line: distinct messages, and what is missing or fuzzy over every shipped language."""
    messages, missing, fuzzy = set(), 0, 0
    for _, language, path in shipped():
        for entry in polib.pofile(str(path)):
            messages.add(key(entry))
            why = unfinished(entry) if language != SOURCE_LANGUAGE else None
            missing += why == "missing"
            fuzzy += why == "fuzzy"
    return {"strings": len(messages), "languages": len(LANGUAGES), "missing": missing, "fuzzy": fuzzy}


def todo(language):
    """Untranslated messages of ``language``, each once, as JSON for a translator (or a helper script)."""
    seen, out = set(), []
    for catalog, lang, path in shipped():
        if lang != language:
            continue
        for entry in polib.pofile(str(path)):
            if unfinished(entry) and key(entry) not in seen:
                seen.add(key(entry))
                item = {"msgid": entry.msgid, "where": f"{catalog.name}: {', '.join(o[0] for o in entry.occurrences)}"}
                if entry.msgctxt:
                    item["msgctxt"] = entry.msgctxt
                if entry.comment:
                    item["comment"] = entry.comment
                if entry.msgid_plural:
                    item["msgid_plural"] = entry.msgid_plural
                    item["msgstr_plural"] = {str(i): "" for i in range(len(entry.msgstr_plural))}
                else:
                    item["msgstr"] = ""
                out.append(item)
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()


def fill(language, translations):
    """Write translations (``todo``'s JSON with msgstr filled) into every catalog of ``language`` that has them."""
    given = {}
    for item in json.loads(Path(translations).read_text(encoding="utf-8")):
        given[(item.get("msgctxt") or None, item["msgid"], item.get("msgid_plural") or None)] = item
    filled = 0
    for _, lang, path in shipped():
        if lang != language:
            continue
        po = polib.pofile(str(path), wrapwidth=120)
        for entry in po:
            item = given.get(key(entry))
            if item is None:
                continue
            if entry.msgid_plural and all(item.get("msgstr_plural", {}).values()):
                entry.msgstr_plural = {int(index): text for index, text in item["msgstr_plural"].items()}
            elif not entry.msgid_plural and item.get("msgstr"):
                entry.msgstr = item["msgstr"]
            else:
                continue
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
        po.save(str(path))
    print(f"translations: {language}: {filled} catalog entries filled")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("extract")
    commands.add_parser("compile")
    commands.add_parser("check")
    commands.add_parser("stats")
    commands.add_parser("todo").add_argument("language", choices=LANGUAGES)
    filler = commands.add_parser("fill")
    filler.add_argument("language", choices=LANGUAGES)
    filler.add_argument("translations", help="todo's JSON with msgstr (or msgstr_plural) filled in")
    arguments = parser.parse_args()
    if arguments.command == "extract":
        extract()
    elif arguments.command == "compile":
        compile_all()
    elif arguments.command == "check":
        found = problems()
        print("\n".join(found) or "translations: every catalog is complete and compiled")
        sys.exit(1 if found else 0)
    elif arguments.command == "stats":
        print("bench: i18n: " + " ".join(f"{name}={value}" for name, value in catalog_figures().items()))
    elif arguments.command == "todo":
        todo(arguments.language)
    else:
        fill(arguments.language, arguments.translations)


if __name__ == "__main__":
    main()
