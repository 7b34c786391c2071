"""Responsive renditions of lead images, made once when the image is saved."""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

WIDTHS = (480, 960, 1600)
FORMATS = {"webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg")}


def rendition_widths(original_width):
    return sorted({min(width, original_width) for width in WIDTHS})


def rendition_name(name, width, extension):
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}-{width}w.{extension}"))


def make_renditions(field_file):
    """Write every width in WebP and JPEG beside the original. Metadata (EXIF, GPS)
    is not carried over: Pillow writes only what it is given."""
    storage = field_file.storage
    with storage.open(field_file.name, "rb") as handle:
        image = Image.open(handle)
        image = ImageOps.exif_transpose(image).convert("RGB")
    for width in rendition_widths(image.width):
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        for extension, (pil_format, _mime) in FORMATS.items():
            buffer = io.BytesIO()
            resized.save(buffer, pil_format, quality=80)
            name = rendition_name(field_file.name, width, extension)
            if storage.exists(name):
                storage.delete(name)
            storage.save(name, ContentFile(buffer.getvalue()))


def srcsets(field_file, original_width):
    """{"webp": "url 480w, …", "jpg": "…"}, from names alone (no storage access)."""
    storage = field_file.storage
    return {
        extension: ", ".join(
            f"{storage.url(rendition_name(field_file.name, width, extension))} {width}w"
            for width in rendition_widths(original_width)
        )
        for extension in FORMATS
    }
