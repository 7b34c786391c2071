"""The media library and attachments: images that releases (and their translations)
choose as lead images, with the focal point their crops are cut around; documents
attached to a release, checked by content and served as downloads."""

import re
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .documents import KINDS
from .images import crop_name, crop_srcset, delete_crops, delete_image_files, make_crops
from .images import make_renditions as make_width_renditions

PERCENT = [MaxValueValidator(100)]
# What attachment_path gives: random, and with the extension of the checked content.
ATTACHMENT_NAME = re.compile(
    r"attachments/[0-9]{4}/(?:0[1-9]|1[0-2])/[0-9a-f]{32}\.(?:pdf|docx|odt|xlsx|csv)"
)


def lead_image_path(instance, filename):
    # Random names: an uploaded file name says nothing and cannot be guessed. The same
    # scheme as before the library, so the files moved into it keep their URLs.
    suffix = PurePosixPath(filename).suffix.lower()
    return f"releases/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def attachment_path(instance, filename):
    suffix = PurePosixPath(filename).suffix.lower()
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Image(models.Model):
    file = models.ImageField(
        _("image file"),
        upload_to=lead_image_path,
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG or WebP, at most 20 MB and 40 megapixels."),
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=200)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    focal_x = models.PositiveSmallIntegerField(
        _("focal point across (%)"),
        default=50,
        validators=PERCENT,
        help_text=_("0 is the left edge, 100 the right. Crops keep this point in view."),
    )
    focal_y = models.PositiveSmallIntegerField(
        _("focal point down (%)"),
        default=50,
        validators=PERCENT,
        help_text=_("0 is the top edge, 100 the bottom."),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.UniqueConstraint(fields=["file"], name="one_library_image_per_file"),
            models.CheckConstraint(
                condition=models.Q(focal_x__lte=100, focal_y__lte=100), name="focal_in_image"
            ),
        ]

    def __str__(self):
        return self.caption or self.alt_text or PurePosixPath(self.file.name).name

    def save(self, *args, **kwargs):
        stored = (
            type(self).objects.filter(pk=self.pk).values("file", "focal_x", "focal_y").first()
            if self.pk
            else None
        )
        if self.file and not (self.width and self.height):
            # A file saved onto a new instance (file.save(..., save=False)) is not
            # measured by the field: measure it once, so pages never open it to do so.
            self.width, self.height = self.file.width, self.file.height
        super().save(*args, **kwargs)
        storage = self.file.storage
        if not self.file or not storage.exists(self.file.name):
            return
        if not storage.exists(self.rendition_name(960, "jpg")):
            make_width_renditions(self.file)
        if not storage.exists(self.crop_name(self.og_size(), "jpg")):
            make_crops(storage, self.file.name, (self.width, self.height), self.focal)
        if stored and stored["file"] != self.file.name:
            remove_image_on_commit(stored["file"])
        elif stored and (stored["focal_x"], stored["focal_y"]) != self.focal:
            name, focal = self.file.name, self.focal
            transaction.on_commit(lambda: delete_crops(storage, name, keep_focal=focal))

    @property
    def focal(self):
        return (self.focal_x, self.focal_y)

    def rendition_name(self, width, extension):
        from .images import rendition_name

        return rendition_name(self.file.name, min(width, self.width or width), extension)

    def crop_name(self, size, extension):
        return crop_name(self.file.name, self.focal, size, extension)

    def og_size(self):
        from .images import OPENGRAPH, crop_size

        return crop_size((self.width, self.height), OPENGRAPH, OPENGRAPH[0])

    def lead_size(self, width):
        from .images import LEAD_RATIO, crop_size

        return crop_size((self.width, self.height), LEAD_RATIO, min(width, self.width))

    def lead_size_960(self):
        return self.lead_size(960)

    def srcsets(self):
        """The 16:9 crops around the focal point: {"webp": "url 480w, …", "jpg": …}."""
        size = (self.width, self.height)
        return {
            ext: crop_srcset(self.file.storage, self.file.name, size, self.focal, ext)
            for ext in ("webp", "jpg")
        }

    def url_of(self, name):
        return self.file.storage.url(name)

    def lead_url(self, width=960, extension="jpg"):
        return self.url_of(self.crop_name(self.lead_size(width), extension))

    def card_url(self):
        return self.lead_url(480, "webp")

    def og_url(self):
        return self.url_of(self.crop_name(self.og_size(), "jpg"))

    def thumbnail_url(self):
        return self.card_url()

    def used_by(self):
        return PressRelease.objects.filter(lead_image=self).order_by("title", "pk")


def remove_image_on_commit(name):
    """Take an image file offline (the original, every rendition and crop) once the
    change is committed, unless a library image still names it; nothing happens if the
    change is rolled back."""

    def remove():
        if not Image.objects.filter(file=name).exists():
            delete_image_files(Image._meta.get_field("file").storage, name)

    transaction.on_commit(remove, robust=True)


def drop_unused_image_on_commit(image_id):
    """A release stopped showing this library image (replaced, cleared, or the release
    deleted): once that is committed, if no release uses it any more, it leaves the
    library and its files go offline, as a removed lead image always has. Nothing
    happens if the change is rolled back."""

    def drop():
        Image.objects.filter(pk=image_id, releases__isnull=True).delete()

    transaction.on_commit(drop, robust=True)


def image_deleted(sender, instance, **kwargs):
    """post_delete, so that deleting several unused images at once removes their files."""
    if instance.file:
        remove_image_on_commit(instance.file.name)


class Attachment(models.Model):
    release = models.ForeignKey(
        "releases.PressRelease",
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("press release"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("document"),
        upload_to=attachment_path,
        max_length=200,
        help_text=_(
            "PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX) or CSV, at most 25 MB."
        ),
    )
    kind = models.CharField(_("type"), max_length=10, choices=KINDS, editable=False)
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    accessible = models.BooleanField(
        _("accessible"),
        default=False,
        help_text=_(
            "Tick when the document meets accessibility standards (tagged PDF, headings, "
            "text alternatives). Otherwise readers are offered to request an accessible format."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        stored = type(self).objects.filter(pk=self.pk).values_list("file", flat=True).first()
        super().save(*args, **kwargs)
        if stored and stored != self.file.name:
            remove_attachment_on_commit(stored)

    def get_absolute_url(self):
        return reverse("releases:attachment", kwargs={"pk": self.pk})

    def download_name(self):
        from django.utils.text import slugify

        return f"{slugify(self.title)[:80] or 'document'}{PurePosixPath(self.file.name).suffix}"


def remove_attachment_on_commit(name):
    def remove():
        if not Attachment.objects.filter(file=name).exists():
            storage = Attachment._meta.get_field("file").storage
            if storage.exists(name):
                storage.delete(name)

    transaction.on_commit(remove, robust=True)


def attachment_deleted(sender, instance, **kwargs):
    if instance.file:
        remove_attachment_on_commit(instance.file.name)


def touch_releases(sender, instance, **kwargs):
    """A library image or an attachment changed: the releases that show it count as
    updated (their feeds' validators and the sitemap's lastmod read updated_at), without
    a new version of their own."""
    if isinstance(instance, Attachment):
        releases = PressRelease.objects.filter(pk=instance.release_id)
    else:
        releases = PressRelease.objects.filter(lead_image=instance.pk)
    releases.update(updated_at=timezone.now())


from .models import PressRelease  # noqa: E402  (the library is imported by models.py)
