"""Pack catalogs: one message per text or Markdown block, updated without losing translators' work."""

import polib
import pytest

from wikiskills.course_templates import build, markdown, translations
from wikiskills.course_templates.errors import PackError
from wikiskills.course_templates.pack import load_pack

from .pack_fixtures import replace_in, tiny_options


@pytest.fixture(autouse=True)
def without_lms(monkeypatch):
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)


def test_markdown_splits_into_the_blocks_translators_see():
    text = "# Heading\n\nA paragraph\nover two lines.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    assert markdown.blocks(text) == [
        (0, "# Heading"),
        (2, "A paragraph\nover two lines."),
        (5, "- one\n- two"),
        (8, "| a | b |\n|---|---|\n| 1 | 2 |"),
    ]


def test_raw_html_in_a_pack_is_shown_as_text_never_as_markup():
    rendered = markdown.render('<script>alert("x")</script> and <b>bold</b>', "en", "ltr")
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered


def test_updating_a_catalog_keeps_translations_adds_new_messages_and_marks_dropped_ones(tiny_pack):
    path = translations.update_catalog(load_pack(str(tiny_pack)), "es")
    catalog = polib.pofile(str(path))
    assert catalog.find("A tiny pack").msgstr == "Un paquete diminuto"
    entry = catalog.find("- Write about ${topic}.\n- Cite a source.")
    assert entry is not None and entry.msgstr == ""
    assert entry.occurrences == [("units/welcome.md", "17")]

    replace_in(tiny_pack / "pack.yaml", "title: A tiny pack", "title: A small pack")
    catalog = polib.pofile(str(translations.update_catalog(load_pack(str(tiny_pack)), "es")))
    assert catalog.find("A small pack").msgstr == ""
    assert [entry.msgid for entry in catalog.obsolete_entries()] == ["A tiny pack"]


def test_the_source_language_and_unknown_languages_have_no_catalog(tiny_pack):
    pack = load_pack(str(tiny_pack))
    with pytest.raises(PackError, match="source language"):
        translations.update_catalog(pack, "en")
    with pytest.raises(PackError, match="add 'fr' to the pack's languages first"):
        translations.update_catalog(pack, "fr")


def test_a_translation_that_drops_a_placeholder_or_is_fuzzy_falls_back_to_the_source(tiny_pack):
    catalog_path = tiny_pack / "locale" / "es.po"
    catalog = polib.pofile(str(catalog_path))
    catalog.append(polib.POEntry(msgid="Read", msgstr="Leer", flags=["fuzzy"]))
    catalog.append(polib.POEntry(msgid="- Write about ${topic}.\n- Cite a source.", msgstr="- Escribe.\n- Cita."))
    catalog.save(str(catalog_path))
    built = build.build_course(tiny_options(tiny_pack, language="es"))
    assert any("changes the placeholders" in warning for warning in built.warnings)
    assert "<li>Write about tu ciudad.</li>" in built.files["html/welcome.html"].decode()
    assert 'display_name="Read"' in built.files["sequential/read.xml"].decode()
    assert 'display_name="Un paquete diminuto"' in built.files["course/r1.xml"].decode()
