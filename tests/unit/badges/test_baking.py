"""Baked badges: the downloaded PNG or SVG carries a verifiable assertion and credential."""

import json
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from lxml import etree

from tests.support.badge_verifiers import read_baked_svg, verify_data_integrity
from wikiskills.integrations.wikiskills_badges.awarding import revoke_badge


def tiny_png():
    """A valid 1x1 grey PNG, built from the PNG spec."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\x80")) + chunk(b"IEND", b"")
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4" cx="5" cy="5"/></svg>'


def png_text_chunks(png):
    """iTXt keyword -> text, read independently of the baking code; every chunk's CRC is checked."""
    texts, position = {}, 8
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind, data = png[position + 4 : position + 8], png[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", png[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + data)
        if kind == b"iTXt":
            keyword, rest = data.split(b"\0", 1)
            assert rest[:2] == b"\0\0", "uncompressed"
            _language, _translated, text = rest[2:].split(b"\0", 2)
            texts[keyword.decode()] = text.decode()
        position += 12 + length
    return texts


@pytest.fixture
def image_badge(award, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return award


def did_key(client, credential):
    did_document = client.get("/badges/issuers/wikimedia-learning/did.json").json()
    method_id = credential["proof"]["verificationMethod"]
    return next(m for m in did_document["verificationMethod"] if m["id"] == method_id)["publicKeyMultibase"]


def test_baked_png_carries_the_assertion_and_a_verifiable_credential(client, image_badge):
    image_badge.badge_class.image.save("first-citation.png", ContentFile(tiny_png()))

    response = client.get(f"/badges/v2/assertions/{image_badge.uuid}/baked")

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    texts = png_text_chunks(response.content)
    assertion = json.loads(texts["openbadges"])
    assert assertion["id"] == f"https://learn.example.org/badges/v2/assertions/{image_badge.uuid}"
    assert assertion["badge"] == "https://learn.example.org/badges/v2/classes/first-citation"
    credential = json.loads(texts["openbadgecredential"])
    verify_data_integrity(credential, did_key(client, credential))
    assert response.content.endswith(tiny_png()[-12:]), "the image itself is unchanged"


def test_baked_svg_carries_the_assertion_and_credential(client, image_badge):
    image_badge.badge_class.image.save("first-citation.svg", ContentFile(SVG))

    response = client.get(f"/badges/v2/assertions/{image_badge.uuid}/baked")

    assert response["Content-Type"] == "image/svg+xml"
    assert "sandbox" in response["Content-Security-Policy"]
    root = etree.fromstring(response.content)
    (assertion,) = root.findall("{http://openbadges.org}assertion")
    assert assertion.get("verify") == f"https://learn.example.org/badges/v2/assertions/{image_badge.uuid}"
    assert json.loads(assertion.text)["type"] == "Assertion"
    (credential,) = root.findall("{https://purl.imsglobal.org/ob/v3p0}credential")
    document = json.loads(credential.text)
    verify_data_integrity(document, did_key(client, document))
    assert root.find("{http://www.w3.org/2000/svg}circle") is not None


@pytest.mark.parametrize(
    "svg",
    [
        SVG,
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        b'\n  <openbadges:assertion verify="https://old.example/a"><![CDATA[{}]]></openbadges:assertion>'
        b'\n  <circle r="4" cx="5" cy="5"/>\n</svg>',
    ],
    ids=["plain", "baked-before-in-ob2-only"],
)
def test_baked_svg_follows_ob3_5_3_2(client, image_badge, svg):
    """``xmlns:openbadges`` (OB 3.0) on ``<svg>``, ``<openbadges:credential>`` directly after it; the OB 2.0
    assertion in its own namespace. Read with the standard library's DOM, not the baking code's parser."""
    image_badge.badge_class.image.save("first-citation.svg", ContentFile(svg))

    baked = client.get(f"/badges/v2/assertions/{image_badge.uuid}/baked").content

    credential_text, assertion = read_baked_svg(baked)
    credential = json.loads(credential_text)
    verify_data_integrity(credential, did_key(client, credential))
    assert assertion.getAttribute("verify") == f"https://learn.example.org/badges/v2/assertions/{image_badge.uuid}"
    assert json.loads(assertion.firstChild.data)["type"] == "Assertion"
    assert b"https://old.example/a" not in baked, "an earlier baked assertion is replaced"


def test_documents_point_at_the_uploaded_image(client, image_badge):
    image_badge.badge_class.image.save("first-citation.png", ContentFile(tiny_png()))
    image_url = "https://learn.example.org/badges/v2/classes/first-citation/image"
    assert client.get("/badges/v2/classes/first-citation").json()["image"] == image_url
    assert client.get("/badges/v2/classes/first-citation/image").content == tiny_png()


def test_no_baked_image_for_a_revoked_badge_or_without_an_uploaded_image(client, image_badge):
    assert client.get(f"/badges/v2/assertions/{image_badge.uuid}/baked").status_code == 404
    image_badge.badge_class.image.save("first-citation.png", ContentFile(tiny_png()))
    revoke_badge(image_badge, "Mistake")
    assert client.get(f"/badges/v2/assertions/{image_badge.uuid}/baked").status_code == 410


@pytest.mark.parametrize(
    ("name", "content"),
    [("broken.png", b"\x89PNG\r\n\x1a\n\x00"), ("text.svg", b"not xml"), ("html.svg", b"<html></html>")],
)
def test_uploads_that_are_not_png_or_svg_are_refused(badge_class, settings, tmp_path, name, content):
    settings.MEDIA_ROOT = str(tmp_path)
    badge_class.image.save(name, ContentFile(content), save=False)
    with pytest.raises(ValidationError, match=r"Upload a PNG or SVG image\."):
        badge_class.full_clean()


def test_an_svg_with_entities_is_not_expanded(badge_class, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    svg = b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'
    badge_class.image.save("entity.svg", ContentFile(svg))
    badge_class.full_clean()
    from wikiskills.integrations.wikiskills_badges.baking import bake_svg  # noqa: PLC0415

    assert b"root:" not in bake_svg(svg, "{}", "https://learn.example.org/a", "{}")
