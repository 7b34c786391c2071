import datetime
import io
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from PIL import Image, ImageDraw

from countries.models import Country
from releases.demo_data import RELEASES, TRANSLATIONS
from releases.models import Image as LibraryImage
from releases.models import PressRelease
from releases.translations import copy_shared, sync_relations
from taxonomy.models import FieldOfWork, MeetingType, Structure

# Which demo releases get a generated lead image (index in RELEASES), with its text.
IMAGES = {
    1: ("Participants at the opening session of the meeting.", "OSCE/Demo"),
    2: ("Trainers and participants during a practical exercise.", "OSCE/Demo"),
    4: ("Members of the observation mission at a polling station.", "OSCE/Demo"),
    7: ("Young people taking part in the workshop.", "OSCE/Demo"),
}


def demo_image(seed, width=1600, height=900):
    """A calm abstract JPEG, so the demo needs no binary files in the repository."""
    rng = random.Random(seed)  # noqa: S311 (decoration, not security)
    base = (rng.randrange(20, 90), rng.randrange(60, 120), rng.randrange(110, 170))
    image = Image.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(image)
    for i in range(12):
        shade = tuple(min(255, c + 12 * i) for c in base)
        x = rng.randrange(-width // 4, width)
        y = rng.randrange(-height // 4, height)
        r = rng.randrange(height // 6, height // 2)
        draw.ellipse((x, y, x + r * 2, y + r * 2), fill=shade)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def local_time(text):
    """An ISO date and time of the demo data, in the site's time zone."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


class Command(BaseCommand):
    help = (
        "Load the seed press release and a set of realistic demo releases. "
        "Needs load_reference_data first. Safe to re-run: existing releases are kept."
    )

    def handle(self, *args, **options):
        lookups = {
            "sources": {s.slug: s for s in Structure.objects.all()},
            "fields_of_work": {f.slug: f for f in FieldOfWork.objects.all()},
            "meeting_types": {m.slug: m for m in MeetingType.objects.all()},
            "countries": {c.iso_code: c for c in Country.objects.all()},
        }
        if not lookups["fields_of_work"] or not lookups["sources"]:
            raise CommandError("No reference data yet: run `manage.py load_reference_data` first.")
        created = translated = 0
        with transaction.atomic():
            for index, entry in enumerate(RELEASES):
                if PressRelease.objects.filter(slug=entry["slug"]).exists():
                    continue
                self.create(index, entry, lookups)
                created += 1
            for entry in TRANSLATIONS:
                if PressRelease.objects.filter(slug=entry["slug"]).exists():
                    continue
                self.translate(entry)
                translated += 1
            for slug in sorted({entry["original"] for entry in TRANSLATIONS}):
                # The rule of every write: translations follow their original.
                sync_relations(PressRelease.objects.get(slug=slug))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {created} releases and {translated} translations created, "
                f"{len(RELEASES) - created + len(TRANSLATIONS) - translated} already present."
            )
        )

    def translate(self, entry):
        """A published translation of a demo release, sharing its relations and date and
        reusing its image (with a translated caption and alternative text)."""
        try:
            original = PressRelease.objects.get(slug=entry["original"])
        except PressRelease.DoesNotExist as exc:
            raise CommandError(f"Translation {entry['slug']!r}: no original to translate.") from exc
        published = local_time(entry["published"])
        release = PressRelease(
            translation_of=original,
            language=entry["language"],
            slug=entry["slug"],
            release_type=original.release_type,
            title=entry["title"],
            standfirst=entry["standfirst"],
            body=entry["body"],
            date=original.date,
            place=entry["place"],
            status=PressRelease.Status.PUBLISHED,
            publish_at=published,
            last_major_change=published,
        )
        if original.lead_image:  # the library's image, captioned in this language
            release.lead_image = original.lead_image
            release.image_caption = entry.get("image_caption", "")
            release.image_alt = entry.get("image_alt", "")
        release.full_clean()  # the model's rules, translations' included
        release.hold_history()  # the row and its shared relations are one version
        release.save()
        copy_shared(original, release)
        release.record_version()

    def create(self, index, entry, lookups):
        day = datetime.date.fromisoformat(entry["date"])
        publish_at = datetime.datetime.combine(
            day, datetime.time(0, 0), tzinfo=ZoneInfo(settings.TIME_ZONE)
        )
        release = PressRelease(
            language=entry.get("language", settings.LANGUAGE_CODE),
            slug=entry["slug"],
            release_type=entry["release_type"],
            title=entry["title"],
            standfirst=entry["standfirst"],
            body=entry["body"],
            date=day,
            place=entry["place"],
            status=PressRelease.Status.PUBLISHED,
            publish_at=publish_at,
        )
        if "changed" in entry:  # changed in substance after publication, with a note
            release.last_major_change = local_time(entry["changed"])
            release.change_note = entry["change_note"]
        if index in IMAGES:
            caption, credit = IMAGES[index]
            image = LibraryImage(caption=caption, credit=credit, alt_text=caption.rstrip("."))
            image.file.save(f"{entry['slug']}.jpg", ContentFile(demo_image(index)), save=False)
            image.save()
            release.lead_image = image
        release.hold_history()  # the row and its relations are one version
        release.save()
        for relation, keys in (
            ("sources", entry["sources"]),
            ("fields_of_work", entry["fields_of_work"]),
            ("meeting_types", entry["meeting_types"]),
            ("countries", entry["countries"]),
        ):
            try:
                objects = [lookups[relation][key] for key in keys]
            except KeyError as exc:
                raise CommandError(
                    f"Release {entry['slug']!r}: unknown {relation} {exc.args[0]!r}. "
                    "Is the reference data loaded?"
                ) from exc
            getattr(release, relation).set(objects)
        release.tags.set(entry["tags"])
        release.record_version()
