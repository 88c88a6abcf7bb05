"""``bench: i18n:``: how complete the shipped translation catalogs are (what ``make translations`` reports)."""

from scripts.translations import catalog_figures


def run(wiki):
    """The catalogs need no wiki; the figures are messages, languages and what is missing or fuzzy."""
    return catalog_figures()
