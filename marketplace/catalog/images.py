"""Checking an uploaded listing picture by its content and making its thumbnail. No Flask, no database.

The file's name and the browser's stated type are ignored: Pillow reads the bytes, and only PNG,
JPEG and WebP pictures of a sensible size pass, so nothing else is ever stored or served.
"""
import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # far beyond any product photo; stops decompression bombs
THUMBNAIL_EDGE = 320

FORMATS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"), "WEBP": ("image/webp", "webp")}


class ImageRefused(ValueError):
    """``code`` is one of ``too_large``, ``empty``, ``not_an_image``, ``wrong_type``, ``too_many_pixels``."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Picture:
    content_type: str
    extension: str
    width: int
    height: int
    size_bytes: int


def inspect(data):
    """:return: what the bytes are. :raise ImageRefused: unless they are a whole PNG, JPEG or WebP picture."""
    if not data:
        raise ImageRefused("empty")
    if len(data) > MAX_BYTES:
        raise ImageRefused("too_large")
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            width, height = image.size
            if kind in FORMATS and width * height <= MAX_PIXELS:
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ImageRefused("not_an_image") from None
    if kind not in FORMATS:
        raise ImageRefused("wrong_type")
    if width * height > MAX_PIXELS:
        raise ImageRefused("too_many_pixels")
    content_type, extension = FORMATS[kind]
    return Picture(content_type, extension, width, height, len(data))


def thumbnail(data):
    """The picture scaled to fit THUMBNAIL_EDGE pixels on its longer side, in its own format."""
    with Image.open(io.BytesIO(data)) as image:
        kind = image.format
        image.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE))
        if kind == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, format=kind)
    return out.getvalue()
