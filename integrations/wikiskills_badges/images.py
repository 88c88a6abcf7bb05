"""Badge images an admin uploads: PNG or SVG, checked when uploaded so baking never meets a broken one."""

import struct

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from lxml import etree

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_ROOT = "{http://www.w3.org/2000/svg}svg"


class NotAnImage(ValueError):
    """The bytes are not a PNG or SVG image we can bake."""


def validate_badge_image(file):
    """Model validator: the uploaded file is a PNG or an SVG we can bake (checked on upload, not on download)."""
    content = file.read()
    file.seek(0)
    try:
        if content.startswith(PNG_SIGNATURE):
            list(png_chunks(content))
        elif etree.fromstring(content, svg_parser()).tag != SVG_ROOT:
            raise NotAnImage("not an SVG file")
    except (NotAnImage, etree.XMLSyntaxError, struct.error) as error:
        raise ValidationError(_("Upload a PNG or SVG image.")) from error


def svg_parser():
    """An XML parser that neither expands entities nor fetches anything."""
    return etree.XMLParser(resolve_entities=False, no_network=True)


def png_chunks(png):
    """``(type, data, whole chunk)`` of each chunk of a PNG file."""
    if not png.startswith(PNG_SIGNATURE):
        raise NotAnImage("not a PNG file")
    position = len(PNG_SIGNATURE)
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        yield kind, png[position + 8 : position + 8 + length], png[position : position + 12 + length]
        position += 12 + length
