import datetime
import random
import time
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from countries.models import Country
from releases import search
from releases.changes import content_changed
from releases.models import PressRelease, TaggedPressRelease
from taxonomy.models import FieldOfWork, MeetingType, Structure

MAX_COUNT = 1_000_000

ACTORS = [
    "The OSCE Secretary General",
    "The OSCE Chairperson-in-Office",
    "The ODIHR Director",
    "The OSCE High Commissioner on National Minorities",
    "The OSCE Representative on Freedom of the Media",
    "The Head of the OSCE Mission",
    "The OSCE Special Representative",
    "A delegation of the OSCE Parliamentary Assembly",
]
ACTIONS = [
    "opened a regional workshop on",
    "concluded a three-day visit focused on",
    "welcomed progress in",
    "called for renewed commitment to",
    "presented a new report on",
    "launched a training course on",
    "hosted a round-table discussion on",
    "expressed concern about setbacks in",
]
TOPICS = [
    "border security and management",
    "the fight against trafficking in human beings",
    "media freedom and the safety of journalists",
    "the participation of women in public life",
    "countering violent extremism",
    "election administration",
    "the rights of national minorities",
    "community policing",
    "cyber security confidence-building measures",
    "environmental governance and water co-operation",
    "youth engagement in conflict prevention",
    "judicial independence",
    "anti-corruption and good governance",
    "the integration of Roma and Sinti",
    "small arms and light weapons control",
]
SENTENCES = [
    "Participants from government institutions, civil society and international "
    "organizations exchanged experience and discussed practical next steps.",
    "The event forms part of a long-term project supported by several participating States.",
    "Speakers stressed that lasting results depend on national ownership and sustained "
    "political will.",
    "The recommendations will be compiled into a report and shared with the authorities "
    "in the coming weeks.",
    "The OSCE stands ready to continue its assistance in close co-operation with its partners.",
    "A follow-up meeting is planned for later in the year to review implementation.",
    "The discussions drew on OSCE commitments agreed by all participating States.",
    "Experts presented examples of good practice from across the OSCE region.",
    "The training combined lectures, case studies and practical exercises.",
    "Representatives of local communities took an active part in the sessions.",
    "The initiative builds on earlier activities carried out with the same institutions.",
    "Particular attention was paid to the needs of young people and women.",
]
QUOTES = [
    "Co-operation across borders is the only way to meet challenges that do not stop at borders.",
    "Our commitments mean little unless they make a difference in people's daily lives.",
    "Trust is built step by step, through dialogue and through results.",
    "We will continue to support the authorities and civil society in this important work.",
]
PLACES = ["VIENNA", "WARSAW", "THE HAGUE", "PRISTINA", "SARAJEVO", "SKOPJE", "BELGRADE",
          "CHISINAU", "PODGORICA", "TIRANA", "ASTANA", "BISHKEK", "DUSHANBE", "TASHKENT",
          "ASHGABAT", "COPENHAGEN", "VIENNA/WARSAW", "GENEVA"]  # fmt: skip
TAGS = [
    "youth", "media freedom", "election observation", "training", "workshop",
    "civil society", "women", "border security", "trafficking", "roma", "minorities",
    "water", "corruption", "police", "cyber", "dialogue", "confidence-building",
    "legislation", "journalists", "human rights defenders", "hate crime", "radicalization",
    "small arms", "demining", "migration", "energy security", "climate", "education",
    "gender", "rule of law",
]  # fmt: skip


def parse_languages(text):
    """`en,ru` or `en:6,ru:3` -> (codes, weights); refuses codes not in settings.LANGUAGES."""
    known = {code for code, _name in settings.LANGUAGES}
    codes, weights = [], []
    for item in text.split(","):
        code, _, weight = item.strip().partition(":")
        code = code.strip().lower()
        if code not in known:
            raise CommandError(f"--languages: {code!r} is not one of {', '.join(sorted(known))}.")
        if code in codes:
            raise CommandError(f"--languages: {code!r} is given twice.")
        try:
            value = int(weight) if weight else 1
        except ValueError:
            value = 0
        if not 1 <= value <= 1000:
            raise CommandError(f"--languages: the weight of {code!r} must be 1 to 1000.")
        codes.append(code)
        weights.append(value)
    return codes, weights


def zipf_weights(n, s=1.1):
    """Skewed weights, so a few countries and offices carry most releases (as in reality)."""
    return [1 / (rank**s) for rank in range(1, n + 1)]


class Command(BaseCommand):
    help = (
        "Make N synthetic but varied published releases for scale and performance work, "
        "with bulk inserts. Needs load_reference_data first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="How many releases.")
        parser.add_argument("--seed", type=int, default=None, help="Random seed (repeatable).")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--languages",
            default="en",
            help=(
                "Comma-separated language codes from settings.LANGUAGES to spread the "
                "releases over, evenly by default, e.g. `en,ru,fr` or weighted `en:6,ru:3,fr:1` "
                "(default: en, all English). The text stays the English phrases; only the "
                "language, and so the search configuration, differs."
            ),
        )

    def handle(self, *args, count, seed, batch_size, languages, **options):
        if not 1 <= count <= MAX_COUNT:
            raise CommandError(f"--count must be between 1 and {MAX_COUNT:,}; got {count}.")
        if not 1 <= batch_size <= 10_000:
            raise CommandError(f"--batch-size must be between 1 and 10,000; got {batch_size}.")
        self.languages, self.language_weights = parse_languages(languages)
        self.rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
        self.load_vocabularies()
        started = time.monotonic()
        self.run_id = uuid.uuid4().hex[:8]
        done = 0
        while done < count:
            size = min(batch_size, count - done)
            with transaction.atomic():
                self.make_batch(done, size)
            done += size
            elapsed = time.monotonic() - started
            self.stdout.write(f"  {done:,} / {count:,} releases ({elapsed:.1f} s)")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {count:,} releases in {elapsed:.1f} s ({count / elapsed:,.0f}/s)."
            )
        )

    def load_vocabularies(self):
        self.fields = list(FieldOfWork.objects.values_list("pk", flat=True))
        self.meetings = list(MeetingType.objects.values_list("pk", flat=True))
        self.sources = list(
            Structure.objects.exclude(kind=Structure.Kind.GROUP).values_list("pk", flat=True)
        )
        self.countries = list(Country.objects.values_list("pk", flat=True))
        if not (self.fields and self.sources and self.countries):
            raise CommandError("No reference data yet: run `manage.py load_reference_data` first.")
        for items in (self.fields, self.sources, self.countries):
            self.rng.shuffle(items)
        self.field_weights = zipf_weights(len(self.fields), 0.8)
        self.source_weights = zipf_weights(len(self.sources))
        self.country_weights = zipf_weights(len(self.countries))
        self.tags = [Tag.objects.get_or_create(name=name)[0].pk for name in TAGS]
        self.tag_weights = zipf_weights(len(self.tags), 0.9)
        self.today = timezone.localdate()
        self.zone = ZoneInfo(settings.TIME_ZONE)

    def pick(self, items, weights, low, high):
        wanted = self.rng.randint(low, high)
        return set(self.rng.choices(items, weights=weights, k=wanted)) if wanted else set()

    def text(self):
        rng = self.rng
        topic = rng.choice(TOPICS)
        title = f"{rng.choice(ACTORS)} {rng.choice(ACTIONS)} {topic}"
        paragraphs = []
        for _ in range(rng.randint(3, 6)):
            paragraphs.append(" ".join(rng.sample(SENTENCES, rng.randint(2, 4))))
        paragraphs.insert(rng.randint(1, len(paragraphs)), f"“{rng.choice(QUOTES)}” they said.")
        return title, topic, paragraphs

    def make_batch(self, offset, size):
        rng = self.rng
        releases = []
        for i in range(size):
            title, topic, paragraphs = self.text()
            day = self.today - datetime.timedelta(days=rng.randrange(0, 20 * 365))
            place = rng.choice(PLACES)
            publish_at = datetime.datetime.combine(
                day, datetime.time(rng.randint(7, 18), rng.choice((0, 15, 30, 45))), self.zone
            )
            paragraphs[0] = f"{place}, {day.day} {day:%B %Y} – {paragraphs[0]}"
            roll = rng.random()
            status = PressRelease.Status.DRAFT if roll < 0.02 else PressRelease.Status.PUBLISHED
            language = (
                rng.choices(self.languages, weights=self.language_weights)[0]
                if len(self.languages) > 1
                else self.languages[0]
            )
            releases.append(
                PressRelease(
                    release_type=rng.choices(PressRelease.ReleaseType.values, weights=(80, 15, 5))[
                        0
                    ],
                    title=title,
                    slug=f"{slugify(title)[:200]}-{self.run_id}-{offset + i}",
                    standfirst=f"{title} in {place.title()}, with partners from the region.",
                    body="".join(f"<p>{p}</p>" for p in paragraphs),
                    date=day,
                    place=place,
                    status=status,
                    publish_at=publish_at,
                    last_major_change=publish_at,
                    language=language,
                )
            )
        # Bodies come from the fixed sentences above, so bulk_create may skip save()'s
        # sanitiser: nothing here is user input.
        PressRelease.objects.bulk_create(releases)
        if search.uses_postgres():
            PressRelease.objects.filter(pk__in=[r.pk for r in releases]).update(
                search_vector=search.search_vector()
            )
        self.link(releases)
        # Bulk inserts send no signals: the change hook, once (cached pages, alerts).
        content_changed([r.pk for r in releases])

    def link(self, releases):
        rng = self.rng
        model = PressRelease
        rows = {name: [] for name in ("fields_of_work", "sources", "countries", "meeting_types")}
        tagged = []
        for release in releases:
            pk = release.pk
            for fid in self.pick(self.fields, self.field_weights, 1, 3):
                rows["fields_of_work"].append((pk, fid))
            for sid in self.pick(self.sources, self.source_weights, 1, 2):
                rows["sources"].append((pk, sid))
            for cid in self.pick(self.countries, self.country_weights, 0, 3):
                rows["countries"].append((pk, cid))
            if rng.random() < 0.15:
                rows["meeting_types"].append((pk, rng.choice(self.meetings)))
            for tid in self.pick(self.tags, self.tag_weights, 0, 3):
                tagged.append(TaggedPressRelease(content_object_id=pk, tag_id=tid))
        for name, pairs in rows.items():
            through = getattr(model, name).through
            source, target = self.through_columns(through)
            through.objects.bulk_create(
                [through(**{source: a, target: b}) for a, b in pairs], batch_size=5000
            )
        TaggedPressRelease.objects.bulk_create(tagged, batch_size=5000)

    @staticmethod
    def through_columns(through):
        fks = [f for f in through._meta.get_fields() if f.many_to_one]
        source = next(f for f in fks if f.related_model is PressRelease)
        target = next(f for f in fks if f is not source)
        return source.attname, target.attname
