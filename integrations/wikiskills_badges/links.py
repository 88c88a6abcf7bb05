"""Public URLs and identifiers of badge documents, built on ``WIKISKILLS_BADGES_BASE_URL``."""

from urllib.parse import quote, urlsplit

from django.conf import settings
from django.urls import reverse

from .. import openedx_compat


def base_url():
    """Origin every public badge id lies under (the issuer's verification scope)."""
    return (settings.WIKISKILLS_BADGES_BASE_URL or openedx_compat.lms_root_url()).rstrip("/")


def absolute(view_name, *args):
    return base_url() + reverse(f"wikiskills_badges:{view_name}", args=args)


def issuer_did(issuer):
    """The issuer's ``did:web``, resolved at ``/badges/issuers/<slug>/did.json`` of the base URL."""
    host = quote(urlsplit(base_url()).netloc, safe="")
    path = reverse("wikiskills_badges:did_document", args=[issuer.slug]).strip("/").removesuffix("/did.json")
    return ":".join(["did:web", host, *path.split("/")])


def verification_method_id(signing_key):
    return f"{issuer_did(signing_key.issuer)}#{signing_key.key_id}"


def status_list_entry_url(award):
    """The award's entry in the status list that holds its bit (``status_list_index``)."""
    return f"{absolute('status_list', award.status_list.slug)}#{award.status_list_index}"


def badge_image_url(badge_class):
    """The badge class's image: the uploaded file as we serve it, else the URL the admin gave."""
    return absolute("badge_image", badge_class.slug) if badge_class.image else badge_class.image_url


def badge_class_url(badge_class, edition):
    """The OB 2.0 BadgeClass id of one language edition; the original keeps the badge class's own id."""
    if edition.is_original:
        return absolute("badge_class", badge_class.slug)
    return absolute("badge_class_edition", badge_class.slug, edition.language)


def achievement_url(badge_class, edition):
    """The OB 3.0 Achievement id of one language edition; the original keeps the badge class's own id."""
    if edition.is_original:
        return absolute("achievement", badge_class.slug)
    return absolute("achievement_edition", badge_class.slug, edition.language)
