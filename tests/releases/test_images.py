import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, ImageFile, PngImagePlugin

from releases import images
from releases.images import MAX_UPLOAD_BYTES, clean_lead_image, rendition_name
from tests.factories import ImageFactory

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (48.0, 12.0, 30.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (16.0, 22.0, 15.0),
}


def picture(size=(64, 48), mode="RGB"):
    """A picture with detail in it, so that lossy re-encoding changes the bytes."""
    image = Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").resize(size),
            Image.radial_gradient("L").resize(size),
            Image.effect_noise(size, 40),
        ],
    )
    return image.convert(mode)


def encode(image, pil_format, **options):
    buffer = io.BytesIO()
    image.save(buffer, pil_format, **options)
    return buffer.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def gps_exif(orientation=None):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.GPSInfo] = GPS
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    return exif


def gps_jpeg(size=(64, 48)):
    data = encode(picture(size), "JPEG", exif=gps_exif())
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the premise
    return data


def png_header(width, height):
    """A PNG whose header claims width × height one-bit pixels, with almost no data."""

    def chunk(kind, data):
        checksum = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def refusal(file):
    with pytest.raises(ValidationError) as caught:
        clean_lead_image(file)
    return caught.value.code, caught.value.messages[0]


def opened(cleaned):
    return Image.open(io.BytesIO(cleaned.read()))


@pytest.fixture
def no_pixel_decoding(monkeypatch):
    def load(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


@pytest.mark.parametrize(
    ("pil_format", "name", "extension", "content_type"),
    [
        ("JPEG", "photo.jpeg", ".jpg", "image/jpeg"),
        ("PNG", "photo.png", ".png", "image/png"),
        ("WEBP", "photo.webp", ".webp", "image/webp"),
    ],
)
def test_jpeg_png_and_webp_are_accepted_and_reencoded(pil_format, name, extension, content_type):
    original = encode(picture(), pil_format, quality=95)
    cleaned = clean_lead_image(upload(original, name=name))
    data = cleaned.read()
    assert data != original
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == pil_format
    assert image.size == (64, 48)
    assert cleaned.name == f"photo{extension}"
    assert cleaned.content_type == content_type


def test_format_comes_from_the_bytes_not_the_name_or_content_type():
    cleaned = clean_lead_image(upload(encode(picture(), "PNG"), name="photo.jpg"))
    assert opened(cleaned).format == "PNG"
    assert cleaned.name == "photo.png"
    assert cleaned.content_type == "image/png"


def test_exif_and_gps_are_stripped_from_a_jpeg():
    data = clean_lead_image(upload(gps_jpeg())).read()
    assert not Image.open(io.BytesIO(data)).getexif()
    assert b"Exif" not in data
    assert b"PhoneMaker" not in data


def test_exif_orientation_is_applied_before_it_is_dropped():
    original = encode(picture((40, 20)), "JPEG", exif=gps_exif(orientation=6))
    image = opened(clean_lead_image(upload(original)))
    assert image.size == (20, 40)
    assert not image.getexif()


def test_comments_text_chunks_and_icc_profiles_are_dropped():
    jpeg = encode(picture(), "JPEG", comment=b"<script>alert(1)</script>")
    assert b"<script>" not in clean_lead_image(upload(jpeg)).read()

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "<script>alert(2)</script>")
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    png = encode(picture(), "PNG", pnginfo=text, icc_profile=srgb)
    data = clean_lead_image(upload(png, name="photo.png")).read()
    assert b"<script>" not in data
    assert "icc_profile" not in Image.open(io.BytesIO(data)).info


@pytest.mark.parametrize(
    ("pil_format", "name"),
    [("GIF", "photo.gif"), ("BMP", "photo.bmp"), ("TIFF", "photo.tiff"), ("GIF", "photo.jpg")],
)
def test_other_image_formats_are_refused(pil_format, name):
    code, message = refusal(upload(encode(picture(), pil_format), name=name))
    assert code == "unsupported_format"
    assert "JPEG, PNG or WebP" in message


def test_text_file_renamed_to_jpg_is_refused():
    code, message = refusal(upload(b"Dear editor,\nthis is not a photo.\n" * 20))
    assert code == "unsupported_format"
    assert "not a JPEG, PNG or WebP image" in message


def test_script_appended_to_a_png_does_not_survive():
    original = encode(picture(), "PNG") + b"<script>alert(1)</script>"
    cleaned = clean_lead_image(upload(original, name="photo.png"))
    data = cleaned.read()
    assert b"<script>" not in data
    assert b"alert(1)" not in data
    assert Image.open(io.BytesIO(data)).size == (64, 48)


def test_zip_appended_to_a_jpeg_does_not_survive():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.html", "<script>alert(1)</script>")
    data = clean_lead_image(upload(encode(picture(), "JPEG") + archive.getvalue())).read()
    assert b"PK\x03\x04" not in data
    assert b"payload.html" not in data


def test_file_over_20_mb_is_refused_before_it_is_read(monkeypatch):
    padded = encode(picture(), "PNG").ljust(MAX_UPLOAD_BYTES + 1024 * 1024, b"\0")

    def never(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(images.Image, "open", never)
    code, message = refusal(upload(padded, name="photo.png"))
    assert code == "file_too_large"
    assert "larger than 20 MB" in message


def test_file_of_exactly_20_mb_is_not_refused_for_its_size():
    padded = encode(picture(), "PNG").ljust(MAX_UPLOAD_BYTES, b"\0")
    cleaned = clean_lead_image(upload(padded, name="photo.png"))
    assert opened(cleaned).size == (64, 48)


def test_image_over_40_megapixels_is_refused_from_its_header(no_pixel_decoding):
    # 48 megapixels: under Pillow's own warning threshold, so only our cap stops it.
    small_file = encode(Image.new("1", (8000, 6000)), "PNG")
    code, message = refusal(upload(small_file, name="photo.png"))
    assert code == "too_many_pixels"
    assert "40 megapixels" in message


def test_ten_thousand_square_png_is_refused_without_decoding(no_pixel_decoding, recwarn):
    small_file = encode(Image.new("1", (10_000, 10_000)), "PNG")
    assert len(small_file) < 100_000
    code, message = refusal(upload(small_file, name="photo.png"))
    assert code == "too_many_pixels"
    assert "40 megapixels" in message
    # Pillow's DecompressionBombWarning became the refusal instead of leaking out.
    assert not [w for w in recwarn if issubclass(w.category, Image.DecompressionBombWarning)]


@pytest.mark.parametrize("side", [20_000, 60_000])
def test_decompression_bomb_header_is_refused_not_crashed(side, no_pixel_decoding):
    code, message = refusal(upload(png_header(side, side), name="photo.png"))
    assert code == "too_many_pixels"
    assert "40 megapixels" in message


def test_png_text_chunk_bomb_is_refused():
    bomb = PngImagePlugin.PngInfo()
    bomb.add_text("Comment", "a" * 50_000_000, zip=True)
    original = encode(Image.new("L", (8, 8)), "PNG", pnginfo=bomb)
    assert len(original) < 200_000
    code, message = refusal(upload(original, name="photo.png"))
    assert code == "invalid_image"
    assert "not a valid image" in message


def test_truncated_jpeg_is_refused():
    original = encode(picture((400, 300)), "JPEG", quality=95)
    code, message = refusal(upload(original[: len(original) // 2]))
    assert code == "invalid_image"
    assert "not a valid image" in message


def test_png_with_a_corrupt_chunk_is_refused():
    original = bytearray(encode(picture(), "PNG"))
    original[60] ^= 0xFF  # inside the first IDAT: its checksum no longer matches
    code, message = refusal(upload(bytes(original), name="photo.png"))
    assert code == "invalid_image"
    assert "not a valid image" in message


@pytest.mark.parametrize("pil_format", ["PNG", "WEBP"])
def test_animated_images_are_refused(pil_format):
    frames = [picture(), picture().rotate(180)]
    original = encode(frames[0], pil_format, save_all=True, append_images=frames[1:])
    code, message = refusal(upload(original, name=f"photo.{pil_format.lower()}"))
    assert code == "animated"
    assert "Animated images" in message


def test_multi_picture_jpeg_from_a_phone_keeps_its_primary_picture():
    original = encode(picture(), "MPO", save_all=True, append_images=[Image.new("L", (16, 12))])
    assert Image.open(io.BytesIO(original)).format == "MPO"  # the premise
    image = opened(clean_lead_image(upload(original)))
    assert image.format == "JPEG"
    assert image.size == (64, 48)
    assert getattr(image, "n_frames", 1) == 1


def test_cmyk_jpeg_becomes_rgb():
    image = opened(clean_lead_image(upload(encode(picture(mode="CMYK"), "JPEG"))))
    assert image.mode == "RGB"


def test_png_and_webp_keep_transparency():
    transparent = picture(mode="RGBA")
    transparent.putalpha(0)
    for pil_format in ("PNG", "WEBP"):
        cleaned = clean_lead_image(upload(encode(transparent, pil_format), name="photo.img"))
        image = opened(cleaned)
        assert image.mode == "RGBA"
        assert image.getpixel((0, 0))[3] == 0


def test_palette_png_with_transparency_is_accepted():
    palette = picture().convert("P")
    palette.info["transparency"] = 0
    image = opened(clean_lead_image(upload(encode(palette, "PNG"), name="photo.png")))
    assert image.mode == "RGBA"


def test_sixteen_bit_greyscale_png_is_scaled_not_clipped():
    grey = Image.new("I;16", (4, 4), 1000)
    image = opened(clean_lead_image(upload(encode(grey, "PNG"), name="photo.png")))
    assert image.convert("L").getpixel((0, 0)) < 10


def rendition_bytes(image):
    """The width renditions and the focal crops of a library image."""
    storage = image.file.storage
    names = [rendition_name(image.file.name, 64, extension) for extension in ("webp", "jpg")]
    names += [image.crop_name(image.lead_size(480), extension) for extension in ("webp", "jpg")]
    names.append(image.crop_name(image.og_size(), "jpg"))
    for name in names:
        with storage.open(name, "rb") as handle:
            yield handle.read()


@pytest.mark.django_db
def test_renditions_of_a_gps_tagged_upload_carry_no_exif():
    # Straight to the model, past the form's clean: renditions must not need it.
    image = ImageFactory(file=upload(gps_jpeg()))
    for data in rendition_bytes(image):
        assert not Image.open(io.BytesIO(data)).getexif()
        assert b"Exif" not in data
        assert b"PhoneMaker" not in data


@pytest.mark.django_db
def test_renditions_of_a_cleaned_upload_carry_no_exif():
    image = ImageFactory(file=clean_lead_image(upload(gps_jpeg())))
    for data in rendition_bytes(image):
        assert not Image.open(io.BytesIO(data)).getexif()
        assert b"Exif" not in data


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["RGBA", "P"])
def test_renditions_flatten_transparency_on_white(mode):
    transparent = Image.new("RGBA", (64, 48), (200, 0, 0, 0))
    if mode == "P":
        transparent = transparent.convert("P")
    image = ImageFactory(file=upload(encode(transparent, "PNG"), name="photo.png"))
    for data in rendition_bytes(image):
        made = Image.open(io.BytesIO(data))
        assert made.mode == "RGB"
        assert min(made.getpixel((32, 24))) > 245
