"""The media library's admin (images with a focal point, refused deletion while in use),
the release form's image chooser (an autocomplete with thumbnails, and Django's "+"
popup to upload without leaving the form) and the attachments inline."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .documents import CONTENT_TYPES, check_document
from .forms import can_publish
from .images import clean_lead_image
from .models import Attachment, Image, PressRelease

MARKER = format_html('<span class="{}" aria-hidden="true"></span>', "focal-marker")


def thumbnail(image, size=96):
    if not image or not image.width:
        return ""
    return format_html(
        '<img src="{}" alt="" width="{}" height="{}" class="library-thumbnail" loading="lazy">',
        image.thumbnail_url(),
        size,
        round(size * 9 / 16),
    )


class ImageForm(forms.ModelForm):
    # A plain file field: Django's image field would hand the upload to Pillow before
    # our checks (pixel cap, bombs as errors, formats), which clean_file() applies.
    file = forms.FileField(
        label=_("image file"),
        help_text=Image._meta.get_field("file").help_text,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"min": 0, "max": 100, "class": "focal-x"}),
            "focal_y": forms.NumberInput(attrs={"min": 0, "max": 100, "class": "focal-y"}),
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            return clean_lead_image(upload)
        return upload


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["preview", "__str__", "credit", "uploaded_at", "uploaded_by", "usage"]
    list_display_links = ["preview", "__str__"]
    search_fields = ["caption", "alt_text", "credit"]
    list_per_page = 40
    readonly_fields = ["focal_point_picker", "uploaded_at", "uploaded_by", "used_in"]
    fieldsets = [
        (None, {"fields": ["file", "alt_text", "caption", "credit"]}),
        (
            _("Focal point"),
            {
                "fields": ["focal_point_picker", "focal_x", "focal_y"],
                "description": _(
                    "Click the picture where its subject is, or type the position: "
                    "crops for cards, sharing and feeds keep this point in view."
                ),
            },
        ),
        (_("Use"), {"fields": ["uploaded_at", "uploaded_by", "used_in"]}),
    ]

    class Media:
        js = ["js/admin-library.js"]
        css = {"screen": ["css/admin-library.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail(obj)

    @admin.display(description=_("used by"))
    def usage(self, obj):
        return obj.releases.count()

    @admin.display(description=_("focal point"))
    def focal_point_picker(self, obj):
        alt = gettext("The image: click where the focal point should be")
        empty = gettext("Choose an image file to set its focal point on it.")
        if obj and obj.pk:
            source = obj.file.storage.url(obj.rendition_name(960, "jpg"))
            return format_html(
                '<div class="focal-picker"><img src="{}" alt="{}">{}'
                '<p class="focal-empty" hidden>{}</p></div>',
                source,
                alt,
                MARKER,
                empty,
            )
        # A new image: static/js/admin-library.js shows the chosen file before upload.
        return format_html(
            '<div class="focal-picker"><img alt="{}" hidden>{}<p class="focal-empty">{}</p></div>',
            alt,
            MARKER,
            empty,
        )

    @admin.display(description=_("used by"))
    def used_in(self, obj):
        if not obj or not obj.pk:
            return gettext("Not used yet.")
        releases = list(obj.used_by())
        if not releases:
            return gettext("Not used yet.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (
                        reverse("admin:releases_pressrelease_change", args=[r.pk]),
                        r.title,
                        r.language,
                    )
                    for r in releases
                ),
            ),
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and not can_publish(request.user):
            # An image on a live (or scheduled) release changes that page: the release
            # form's rule, editors see it read-only.
            return not obj.releases.filter(status=PressRelease.Status.PUBLISHED).exists()
        return allowed

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        chooser = path(
            "choose/",
            self.admin_site.admin_view(ImageAutocompleteView.as_view(admin_site=self.admin_site)),
            name="releases_image_choose",
        )
        return [chooser, *super().get_urls()]


class ImageAutocompleteView(AutocompleteJsonView):
    """Django's autocomplete answer, with each image's thumbnail and credit."""

    def serialize_result(self, obj, to_field_name):
        return {
            **super().serialize_result(obj, to_field_name),
            "thumbnail": obj.thumbnail_url() if obj.width else "",
            "credit": obj.credit,
        }

    def get_queryset(self):
        return super().get_queryset().order_by("-uploaded_at", "-id")


class ImageChooserWidget(AutocompleteSelect):
    """Django's autocomplete select, asking ImageAutocompleteView, and shown with
    thumbnails by static/js/admin-library.js."""

    def get_url(self):
        return reverse("admin:releases_image_choose")

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["class"] = attrs["class"].replace("admin-autocomplete", "image-autocomplete")
        attrs["data-placeholder"] = gettext("Type to find an image by caption or credit")
        return attrs

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        # Only the chosen image is rendered as an option (the rest come from the
        # chooser's answers): its thumbnail shows in the box.
        image = getattr(value, "instance", None)
        if image is None and str(value).isdigit():
            image = Image.objects.filter(pk=value).first()
        if image is not None and image.width:
            option["attrs"]["data-thumbnail"] = image.thumbnail_url()
        return option

    @property
    def media(self):
        return super().media + forms.Media(
            js=["js/admin-library.js"], css={"screen": ["css/admin-library.css"]}
        )


def lead_image_formfield(db_field, request, admin_site, **kwargs):
    kwargs["widget"] = ImageChooserWidget(db_field, admin_site)
    return db_field.formfield(**kwargs)


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file", "language", "accessible", "position"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            kind = check_document(upload)
            upload.name = f"document.{kind}"  # the stored name's extension is the content's
            upload.content_type = CONTENT_TYPES[kind]
            self.instance.kind, self.instance.size = kind, upload.size
        return upload


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 0
    fields = ["title", "file", "language", "accessible", "position", "kind", "size_label"]
    readonly_fields = ["kind", "size_label"]
    verbose_name = _("attachment")
    verbose_name_plural = _("attachments (PDF, DOCX, ODT, XLSX, CSV; at most 25 MB each)")

    @admin.display(description=_("size"))
    def size_label(self, obj):
        from django.template.defaultfilters import filesizeformat

        return filesizeformat(obj.size) if obj and obj.pk else ""
