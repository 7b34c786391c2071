import datetime
import io
from importlib import import_module

import factory
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image as PILImage

from countries.models import Chairpersonship, Country
from releases.images import clean_lead_image
from releases.models import Image, PressRelease
from taxonomy.models import FieldOfWork, MeetingType, Structure


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["iso_code"]

    name = factory.Sequence(lambda n: f"Country {n}")
    slug = factory.Sequence(lambda n: f"country-{n}")
    iso_code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    group = Country.Group.PARTICIPATING_STATE


class ChairpersonshipFactory(DjangoModelFactory):
    class Meta:
        model = Chairpersonship

    country = factory.SubFactory(CountryFactory)
    year = factory.Sequence(lambda n: 1990 + n)


class FieldOfWorkFactory(DjangoModelFactory):
    class Meta:
        model = FieldOfWork

    name = factory.Sequence(lambda n: f"Field {n}")
    slug = factory.Sequence(lambda n: f"field-{n}")


class MeetingTypeFactory(DjangoModelFactory):
    class Meta:
        model = MeetingType

    name = factory.Sequence(lambda n: f"Meeting {n}")
    slug = factory.Sequence(lambda n: f"meeting-{n}")


class StructureFactory(DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"Office {n}")
    slug = factory.Sequence(lambda n: f"office-{n}")
    kind = Structure.Kind.INSTITUTION


def jpeg_bytes(width=1600, height=900, colour=(30, 90, 150)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def jpeg_upload(width=1600, height=900, colour=(30, 90, 150)):
    """A JPEG upload, checked and re-encoded as the image form does."""
    upload = SimpleUploadedFile("photo.jpg", jpeg_bytes(width, height, colour), "image/jpeg")
    return clean_lead_image(upload)


class ImageFactory(DjangoModelFactory):
    """A library image: a real JPEG, re-encoded as uploads are, with its renditions."""

    class Meta:
        model = Image

    file = factory.LazyAttribute(lambda o: jpeg_upload(*o.size, colour=o.colour))
    caption = "A caption"
    credit = "OSCE/Test"
    alt_text = "A test picture"

    class Params:
        size = (1600, 900)
        colour = (30, 90, 150)


class PressReleaseFactory(DjangoModelFactory):
    class Meta:
        model = PressRelease
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Press release number {n}")
    slug = factory.Sequence(lambda n: f"press-release-{n}")
    # Not Faker's sentence: its English word list ("election", ...) made text searches flaky.
    standfirst = factory.Sequence(lambda n: f"Standfirst number {n}.")
    body = factory.LazyFunction(lambda: "<p>Body text of the release.</p>")
    place = "VIENNA"
    status = PressRelease.Status.DRAFT
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    date = factory.LazyAttribute(lambda o: timezone.localdate(o.publish_at))

    class Params:
        published = factory.Trait(status=PressRelease.Status.PUBLISHED)
        scheduled = factory.Trait(
            status=PressRelease.Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1)),
        )

    @factory.post_generation
    def fields_of_work(self, create, extracted, **kwargs):
        if create and extracted:
            self.fields_of_work.set(extracted)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create and extracted:
            self.sources.set(extracted)

    @factory.post_generation
    def meeting_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.meeting_types.set(extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


def role_group(name):
    """The Editor or Publisher group as the data migration makes it. Tests that run in
    a transaction flush the database afterwards, groups included, and post_migrate
    re-creates permissions but not groups: so a later test makes them again here."""
    roles = import_module("releases.migrations.0006_editor_and_publisher_groups").GROUPS
    library = import_module("releases.migrations.0015_library_permissions").GROUPS
    group, created = Group.objects.get_or_create(name=name)
    if created:
        group.permissions.set(
            [
                *(
                    Permission.objects.get(content_type__app_label=app, codename=codename)
                    for app, codename in roles[name]
                ),
                *Permission.objects.filter(
                    content_type__app_label="releases", codename__in=library[name]
                ),
            ]
        )
    return group
