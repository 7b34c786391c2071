"""Every lead image becomes a library image under the same stored name, so its URL (the
original and every width rendition) stays as it was; releases sharing a file share one
library image. A release's caption and alternative text stay on it only where they
differ from the library's (a translation's, in its language). The focal point starts
in the centre, and the crops around it are made here.

Reversible: the reverse copies each library image back onto the releases that use it
(name, size, credit, and their caption and alternative text), and drops the library."""

from django.db import migrations
from django.db.models import F

from releases.images import make_crops, make_renditions, rendition_name


def into_library(apps, schema_editor):
    PressRelease = apps.get_model("releases", "PressRelease")
    Image = apps.get_model("releases", "Image")
    storage = Image._meta.get_field("file").storage
    library = {}
    releases = (
        PressRelease.objects.exclude(image="")
        # Originals first: their caption and alternative text become the library's.
        .order_by(F("translation_of").asc(nulls_first=True), "pk")
    )
    for release in releases.iterator(chunk_size=500):
        name = release.image.name
        image = library.get(name)
        if image is None:
            image = Image.objects.create(
                file=name,
                width=release.image_width,
                height=release.image_height,
                caption=release.image_caption,
                credit=release.image_credit,
                alt_text=release.image_alt,
                uploaded_at=release.created_at,
                uploaded_by_id=release.created_by_id,
            )
            library[name] = image
            if storage.exists(name) and release.image_width and release.image_height:
                size = (release.image_width, release.image_height)
                if not storage.exists(rendition_name(name, min(960, size[0]), "jpg")):
                    make_renditions(image.file)
                make_crops(storage, name, size, (50, 50))
        PressRelease.objects.filter(pk=release.pk).update(
            lead_image=image,
            image_caption="" if release.image_caption == image.caption else release.image_caption,
            image_alt="" if release.image_alt == image.alt_text else release.image_alt,
        )


def out_of_library(apps, schema_editor):
    PressRelease = apps.get_model("releases", "PressRelease")
    releases = PressRelease.objects.filter(lead_image__isnull=False).select_related("lead_image")
    for release in releases.iterator(chunk_size=500):
        image = release.lead_image
        PressRelease.objects.filter(pk=release.pk).update(
            image=image.file.name,
            image_width=image.width,
            image_height=image.height,
            image_credit=image.credit,
            image_caption=release.image_caption or image.caption,
            image_alt=release.image_alt or image.alt_text,
            lead_image=None,
        )
    apps.get_model("releases", "Image").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0013_media_library"),
    ]

    operations = [migrations.RunPython(into_library, out_of_library)]
