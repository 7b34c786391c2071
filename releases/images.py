"""Lead images: checking and re-encoding uploads, the responsive renditions made once
when the image is saved, and the names both are stored under."""

import contextlib
import io
import re
import warnings
from pathlib import PurePath, PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Our own cap, well below Pillow's: Pillow 13 only warns up to about 179 megapixels.
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
OPEN_FORMATS = tuple(sorted(ACCEPTED_FORMATS))  # Image.open wants a list or tuple
# Phones write JPEGs that carry extra pictures (depth maps, HDR gain maps); Pillow reads
# them as "MPO". They are JPEGs: we keep the primary picture and store a plain JPEG.
FORMAT_ALIASES = {"MPO": "JPEG"}
# Format, extension, MIME type and save options of the re-encoded upload.
ENCODINGS = {
    "JPEG": (".jpg", "image/jpeg", {"quality": 88, "optimize": True, "progressive": True}),
    "PNG": (".png", "image/png", {"optimize": True}),
    "WEBP": (".webp", "image/webp", {"quality": 88}),
}
MESSAGES = {
    "file_too_large": _("The file is larger than %(limit)s MB. Upload a smaller image."),
    "unsupported_format": _("The file is not a JPEG, PNG or WebP image. Upload one of those."),
    "invalid_image": _(
        "The file is not a valid image: it is damaged or incomplete. "
        "Export it again and upload the new file."
    ),
    "too_many_pixels": _(
        "The image has too many pixels: at most %(limit)s megapixels, for example "
        "8000 × 5000. Make it smaller and upload it again."
    ),
    "animated": _("Animated images cannot be lead images. Upload a still image."),
}

WIDTHS = (480, 960, 1600)
FORMATS = {"webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg")}

# What the site stores, and nothing else: an original under the random name that
# releases.models.lead_image_path gives it (the extension of its re-encoded format), and
# its renditions beside it. Both are unique, so they never change once written.
_STEM = r"releases/[0-9]{4}/(?:0[1-9]|1[0-2])/[0-9a-f]{32}"
STORED_NAME = re.compile(rf"{_STEM}\.(?:jpg|png|webp)")
RENDITION_NAME = re.compile(rf"{_STEM}-[0-9]{{1,5}}w\.(?:{'|'.join(FORMATS)})")

SRGB = ImageCms.createProfile("sRGB")


def refusal(code):
    params = {
        "file_too_large": {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
        "too_many_pixels": {"limit": MAX_PIXELS // 1_000_000},
    }.get(code)
    return ValidationError(MESSAGES[code], code=code, params=params)


def clean_lead_image(upload):
    """Return a re-encoded copy of an uploaded lead image, or raise ValidationError.

    The format is what Pillow finds in the bytes, never the name or the content type.
    Only the pixels travel to the copy: EXIF (GPS), XMP, ICC profiles (colours are
    converted to sRGB first), comments, text chunks and anything appended to the file
    are dropped. Multi-picture JPEGs keep their primary picture; animated PNG and WebP
    are refused, because a still lead image would silently lose the animation.
    """
    if upload.size > MAX_UPLOAD_BYTES:
        raise refusal("file_too_large")
    with pillow_refusals():
        pil_format = check_header(upload)
        upload.seek(0)
        with Image.open(upload, formats=OPEN_FORMATS) as image:
            image.load()  # the first picture only
            data = reencode(image, pil_format)
    extension, content_type, _options = ENCODINGS[pil_format]
    stem = PurePath(upload.name or "").stem or "image"
    return SimpleUploadedFile(f"{stem}{extension}", data, content_type=content_type)


def check_stored_image(file, name):
    """Raise ValidationError unless file holds what the site stores under name (see
    STORED_NAME): a still JPEG, PNG or WebP within the pixel cap, in the format its
    extension says. For files that arrive already stored, such as a backup's images: the
    upload's checks, from the header and Pillow's structural check, without decoding the
    pixels and without re-encoding (the bytes must stay as they were)."""
    if not STORED_NAME.fullmatch(name):
        raise ValidationError(
            _("%(name)s is not a name the site gives images."), code="name", params={"name": name}
        )
    with pillow_refusals():
        pil_format = check_header(file)
    if ENCODINGS[pil_format][0] != PurePosixPath(name).suffix:
        raise ValidationError(
            _("%(name)s holds a %(format)s image, not what its extension says."),
            code="extension",
            params={"name": name, "format": pil_format},
        )


@contextlib.contextmanager
def pillow_refusals():
    """Whatever Pillow raises about a file, as one of our ValidationErrors."""
    try:
        # Thread-unsafe like every catch_warnings(); our own pixel cap, checked from the
        # header, is the real guard and sits far below Pillow's warning threshold.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        # Pillow's bomb checks count pixels too, with larger limits than ours.
        raise refusal("too_many_pixels") from None
    except UnidentifiedImageError:
        raise refusal("unsupported_format") from None
    except ValidationError:
        raise
    except Exception as error:
        # Truncated or corrupt files make Pillow raise OSError, SyntaxError, ValueError,
        # EOFError, struct.error and others: an upload must get a form error, not a 500.
        raise refusal("invalid_image") from error


def check_header(upload):
    """Format, pixel count and frames from the header, then a structural check."""
    upload.seek(0)
    # Restricting the plugins keeps every other Pillow parser (GIF, TIFF, EPS, …) away
    # from uploaded bytes.
    with Image.open(upload, formats=OPEN_FORMATS) as probe:
        pil_format = FORMAT_ALIASES.get(probe.format, probe.format)
        if pil_format not in ACCEPTED_FORMATS:
            raise refusal("unsupported_format")
        width, height = probe.size
        if width * height > MAX_PIXELS:
            raise refusal("too_many_pixels")
        if getattr(probe, "is_animated", False) and probe.format not in FORMAT_ALIASES:
            raise refusal("animated")
        probe.verify()
    return pil_format


def reencode(image, pil_format):
    image = ImageOps.exif_transpose(image)
    image = to_srgb(image, keep_alpha=pil_format != "JPEG")
    _extension, _content_type, options = ENCODINGS[pil_format]
    buffer = io.BytesIO()
    image.save(buffer, pil_format, **options)
    return buffer.getvalue()


def to_srgb(image, *, keep_alpha):
    """A new image of 8-bit sRGB pixels and nothing else (empty info, so no EXIF, ICC,
    comment or text chunk can be written back): "RGBA" when keep_alpha and the image
    has transparency, else "RGB" with transparency flattened on white. An embedded ICC
    profile (wide-gamut phone photos, CMYK) is applied first, so dropping it changes no
    colour."""
    icc_profile = image.info.get("icc_profile")
    if image.mode.startswith("I"):  # 16-bit greyscale: scale down, don't clip to white
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.has_transparency_data and image.mode != "RGBA":
        image = image.convert("RGBA")
    elif image.mode not in ("RGB", "RGBA", "L", "CMYK"):
        image = image.convert("RGB")
    if image.mode == "RGBA" and not keep_alpha:
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    mode = "RGBA" if image.mode == "RGBA" else "RGB"
    converted = None
    if icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            converted = ImageCms.profileToProfile(image, source, SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # unreadable, or not for these pixels: read them as sRGB
    if converted is None:
        converted = image.convert(mode)
    converted.info = {}
    return converted


def rendition_widths(original_width):
    return sorted({min(width, original_width) for width in WIDTHS})


def rendition_name(name, width, extension):
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}-{width}w.{extension}"))


def make_renditions(field_file):
    """Write every width in WebP and JPEG beside the original. Metadata (EXIF, GPS, ICC)
    is not carried over: Pillow writes only what it is given, and the resized copies
    start with empty info. Transparency is flattened on white."""
    storage = field_file.storage
    with storage.open(field_file.name, "rb") as handle:
        # The formats and the pixel cap of uploads, whatever wrote the file.
        image = Image.open(handle, formats=OPEN_FORMATS)
        if image.width * image.height > MAX_PIXELS:
            raise refusal("too_many_pixels")
        image = to_srgb(ImageOps.exif_transpose(image), keep_alpha=False)
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


def delete_image_files(storage, name):
    """Delete an original and every rendition made of it; files already gone are fine."""
    path = PurePosixPath(name)
    made_of_it = re.compile(rf"{re.escape(path.stem)}-[0-9]+w\.(?:{'|'.join(FORMATS)})")
    try:
        _directories, files = storage.listdir(str(path.parent))
    except FileNotFoundError:
        files = []
    for file_name in [path.name, *sorted(filter(made_of_it.fullmatch, files))]:
        storage.delete(str(path.parent / file_name))
    delete_crops(storage, name)


# Crops around the focal point (x and y in per cent of the width and height): the release
# page's lead picture and the cards use 16:9 at the WIDTHS, OpenGraph 1200 × 630, feeds the
# 960 px 16:9 crop. The focal point is part of each crop's name, so a moved focal point
# gives new names (and the old crops stay cacheable for a year without going stale).
LEAD_RATIO = (16, 9)
OPENGRAPH = (1200, 630)
FEED_WIDTH = 960
CROP_NAME = re.compile(rf"{_STEM}-f[0-9]{{6}}-[0-9]{{1,5}}x[0-9]{{1,5}}\.(?:{'|'.join(FORMATS)})")


def crop_box(size, ratio, focal):
    """The largest box of the given ratio inside an image of this size, centred on the
    focal point as far as the edges allow: (left, top, right, bottom)."""
    width, height = size
    ratio_w, ratio_h = ratio
    if width * ratio_h > height * ratio_w:  # wider than the ratio: full height
        box_w, box_h = max(1, round(height * ratio_w / ratio_h)), height
    else:
        box_w, box_h = width, max(1, round(width * ratio_h / ratio_w))
    centre_x, centre_y = width * focal[0] / 100, height * focal[1] / 100
    left = min(max(0, round(centre_x - box_w / 2)), width - box_w)
    top = min(max(0, round(centre_y - box_h / 2)), height - box_h)
    return left, top, left + box_w, top + box_h


def crop_size(size, ratio, width):
    """The crop's output size: at most width, never larger than the box it is cut from."""
    left, top, right, bottom = crop_box(size, ratio, (50, 50))
    out_w = min(width, right - left)
    return out_w, max(1, round(out_w * ratio[1] / ratio[0]))


def crop_name(name, focal, size, extension):
    path = PurePosixPath(name)
    x, y = focal
    return str(path.with_name(f"{path.stem}-f{x:03d}{y:03d}-{size[0]}x{size[1]}.{extension}"))


def crop_specs(size, focal):
    """[(ratio, output size, extensions)] of every crop made of an image of this size."""
    specs = [
        (LEAD_RATIO, crop_size(size, LEAD_RATIO, width), tuple(FORMATS))
        for width in sorted({min(w, size[0]) for w in WIDTHS})
    ]
    specs.append((OPENGRAPH, crop_size(size, OPENGRAPH, OPENGRAPH[0]), ("jpg",)))
    return list(dict.fromkeys(specs))


def make_crops(storage, name, size, focal):
    """Write every crop of the stored original name around focal (x %, y %)."""
    with storage.open(name, "rb") as handle:
        image = Image.open(handle, formats=OPEN_FORMATS)
        if image.width * image.height > MAX_PIXELS:
            raise refusal("too_many_pixels")
        image = to_srgb(ImageOps.exif_transpose(image), keep_alpha=False)
    for ratio, out_size, extensions in crop_specs(image.size, focal):
        box = crop_box(image.size, ratio, focal)
        cropped = image.resize(out_size, Image.Resampling.LANCZOS, box=box)
        for extension in extensions:
            buffer = io.BytesIO()
            cropped.save(buffer, FORMATS[extension][0], quality=80)
            target = crop_name(name, focal, out_size, extension)
            if storage.exists(target):
                storage.delete(target)
            storage.save(target, ContentFile(buffer.getvalue()))


def crop_srcset(storage, name, size, focal, extension):
    return ", ".join(
        f"{storage.url(crop_name(name, focal, out, extension))} {out[0]}w"
        for ratio, out, _extensions in crop_specs(size, focal)
        if ratio == LEAD_RATIO
    )


def delete_crops(storage, name, keep_focal=None):
    """Delete the crops of an original except those around keep_focal."""
    path = PurePosixPath(name)
    pattern = re.compile(rf"{re.escape(path.stem)}-f([0-9]{{6}})-[0-9]+x[0-9]+\.(?:jpg|webp)")
    keep = None if keep_focal is None else f"{keep_focal[0]:03d}{keep_focal[1]:03d}"
    try:
        _directories, files = storage.listdir(str(path.parent))
    except FileNotFoundError:
        return
    for file_name in sorted(files):
        match = pattern.fullmatch(file_name)
        if match and match.group(1) != keep:
            storage.delete(str(path.parent / file_name))
