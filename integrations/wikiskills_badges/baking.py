"""Baked badge images: the badge's assertion and credential embedded in its PNG or SVG image.

PNG: ``iTXt`` chunks with keyword ``openbadges`` (OB 2.0 assertion) and ``openbadgecredential``
(OB 3.0 credential), right after ``IHDR``.

SVG, as OB 3.0 §5.3.2 says: ``xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`` on the ``<svg>``
element and an ``<openbadges:credential>`` element directly after the opening ``<svg>`` tag, the
credential in CDATA. The OB 2.0 ``<openbadges:assertion verify="…">`` follows it in its own namespace,
``http://openbadges.org``, declared on that element itself (one prefix cannot name both namespaces on
``<svg>``; readers of either version find the tag name they look for). See ADR 0049.
"""

import json
import struct
import zlib

from lxml import etree

from . import ob2, ob3
from .images import PNG_SIGNATURE, NotAnImage, png_chunks, svg_parser

OB2_KEYWORD = b"openbadges"
OB3_KEYWORD = b"openbadgecredential"
OB2_SVG_NAMESPACE = "http://openbadges.org"
OB3_SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"


def _itxt_chunk(keyword, text):
    data = keyword + b"\0" + b"\0\0" + b"\0" + b"\0" + text.encode()
    return struct.pack(">I", len(data)) + b"iTXt" + data + struct.pack(">I", zlib.crc32(b"iTXt" + data))


def _itxt_keyword(data):
    return data.split(b"\0", 1)[0]


def bake_png(png, assertion_json, credential_json):
    """The PNG with the assertion and credential embedded (replacing any earlier ones)."""
    baked = [PNG_SIGNATURE]
    for kind, data, chunk in png_chunks(png):
        if kind == b"iTXt" and _itxt_keyword(data) in (OB2_KEYWORD, OB3_KEYWORD):
            continue
        baked.append(chunk)
        if kind == b"IHDR":
            baked += [_itxt_chunk(OB2_KEYWORD, assertion_json), _itxt_chunk(OB3_KEYWORD, credential_json)]
    return b"".join(baked)


def bake_svg(svg, assertion_json, assertion_id, credential_json):
    """The SVG with the credential, then the assertion, as CDATA elements first under its ``<svg>`` element."""
    try:
        root = etree.fromstring(svg, svg_parser())
    except etree.XMLSyntaxError as error:
        raise NotAnImage(f"not an SVG file: {error}") from error
    for namespace, name in ((OB2_SVG_NAMESPACE, "assertion"), (OB3_SVG_NAMESPACE, "credential")):
        for old in root.findall(f"{{{namespace}}}{name}"):
            root.remove(old)
    root = _with_ob3_namespace(root)
    credential = etree.Element(f"{{{OB3_SVG_NAMESPACE}}}credential")
    credential.text = etree.CDATA(credential_json)
    assertion = etree.Element(f"{{{OB2_SVG_NAMESPACE}}}assertion", nsmap={"openbadges": OB2_SVG_NAMESPACE})
    assertion.set("verify", assertion_id)
    assertion.text = etree.CDATA(assertion_json)
    credential.tail, assertion.tail = root.text, None
    root.text = None
    root.insert(0, assertion)
    root.insert(0, credential)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _with_ob3_namespace(root):
    """``root`` declaring ``xmlns:openbadges`` as the OB 3.0 namespace (lxml fixes an element's
    namespace declarations when it is made, so the ``<svg>`` element is remade with its children)."""
    if root.nsmap.get("openbadges") == OB3_SVG_NAMESPACE:
        return root
    nsmap = {prefix: uri for prefix, uri in root.nsmap.items() if prefix != "openbadges"}
    remade = etree.Element(root.tag, attrib=dict(root.attrib), nsmap={**nsmap, "openbadges": OB3_SVG_NAMESPACE})
    remade.text = root.text
    for child in root:
        remade.append(child)
    return remade


def baked_badge_image(award, image, suffix):
    """The badge class's image (``.png`` or ``.svg`` bytes) with this award's assertion and signed credential."""
    assertion = ob2.hosted_assertion(award)
    assertion_json = json.dumps(assertion, ensure_ascii=False)
    credential_json = json.dumps(ob3.signed_credential(award), ensure_ascii=False)
    if suffix == ".svg":
        return bake_svg(image, assertion_json, assertion["id"], credential_json)
    return bake_png(image, assertion_json, credential_json)
