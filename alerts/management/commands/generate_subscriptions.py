import random
from itertools import product

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from alerts import matching
from alerts.models import Subscription, query_digest
from releases.models import PressRelease
from taxonomy.vocabulary import vocabulary


class Command(BaseCommand):
    help = (
        "Make COUNT confirmed synthetic subscriptions spread over FILTERS distinct newsroom "
        "filters (for scale tests and make bench-alerts). Addresses are @example.invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--filters", type=int, default=5_000)
        parser.add_argument("--language", default="en")
        parser.add_argument("--seed", type=int, default=15)
        parser.add_argument("--replace", action="store_true", help="delete synthetic ones first")

    def handle(self, *args, count, filters, language, seed, replace, **options):
        if count < 1 or filters < 1 or filters > count:
            raise CommandError("Need 1 <= --filters <= --count.")
        rng = random.Random(seed)
        if replace:
            Subscription.objects.filter(email__endswith="@example.invalid").delete()
        queries = self.queries(filters, rng)
        if len(queries) < filters:
            raise CommandError(f"Only {len(queries)} distinct filters could be made.")
        now = timezone.now()
        rows = []
        for number in range(count):
            rows.append(
                Subscription(
                    email=f"reader{seed}-{number}@example.invalid",
                    language=language,
                    query=queries[number % filters],
                    confirmed_at=now,
                )
            )
        for row in rows:
            row.filter_key = query_digest(row.language, row.query)
        with transaction.atomic():
            Subscription.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
        self.stdout.write(f"{count} subscriptions over {len(queries)} filters.")

    def queries(self, wanted, rng):
        terms = vocabulary()
        singles = {
            "field": [t.slug for t in terms.fields],
            "country": [t.slug for t in terms.countries],
            "source": [t.slug for t in terms.structures],
            "meeting": [t.slug for t in terms.meetings],
            "type": [value for value, _label in PressRelease.ReleaseType.choices],
        }
        candidates = [f"{k}={v}" for k, values in singles.items() for v in values]
        pairs = [
            f"{a}&{b}" if a < b else f"{b}&{a}"
            for a, b in product(
                [f"field={v}" for v in singles["field"]] + [f"type={v}" for v in singles["type"]],
                [f"country={v}" for v in singles["country"]]
                + [f"source={v}" for v in singles["source"]],
            )
        ]
        rng.shuffle(pairs)
        candidates += pairs
        words = ["elections", "media", "border", "youth", "water", "training"]
        candidates += [f"{c}&q={w}" for c in candidates[:2000] for w in words]
        found, seen = [], set()
        for candidate in candidates:
            query, _filterset = matching.canonical(QueryDict(candidate))
            if query is not None and query not in seen:
                seen.add(query)
                found.append(query)
            if len(found) >= wanted:
                break
        return found
