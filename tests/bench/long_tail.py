"""The long tail of real traffic for tests/bench/site.py: thousands of distinct URLs of
every kind, in the mix the issue measured (release pages 25%, field × country filters
20%, two-word searches 15%, entity pages with page numbers 15%, listing pages 10%,
filtered feeds 10%, date + meeting 5%), every one in the site's canonical form (no
redirect) and answering 200. Also the publisher that runs beside a row: a release
published through the application every few seconds.

    .venv/bin/python tests/bench/long_tail.py publish --every 10 --seconds 30
"""

import argparse
import itertools
import random
import sys
import time
from pathlib import Path

MIX = {
    "release": 0.25,
    "field x country": 0.20,
    "two words": 0.15,
    "entity page": 0.15,
    "listing page": 0.10,
    "filtered feed": 0.10,
    "date + meeting": 0.05,
}
# Words the generated releases use (generate_releases), common and rare.
WORDS = [
    "training", "border", "media", "journalists", "women", "extremism", "election",
    "minorities", "policing", "cyber", "water", "youth", "judicial", "corruption", "roma",
    "arms", "workshop", "report", "round-table", "visit", "progress", "commitment",
    "experience", "project", "ownership", "recommendations", "assistance", "follow-up",
    "experts", "lectures", "communities", "initiative", "dialogue", "trust", "borders",
    "governance", "confidence-building", "trafficking", "environmental", "conflict",
]  # fmt: skip


def paths(total=6000, seed=14):
    """`total` distinct canonical paths in MIX's proportions, shuffled."""
    from releases.engine import engine, select
    from releases.models import PressRelease
    from taxonomy.vocabulary import vocabulary

    rng = random.Random(seed)
    terms = vocabulary("en")
    engine.current()
    everything = select({}, language="en")
    want = {kind: round(total * share) for kind, share in MIX.items()}
    found = {}

    english = PressRelease.objects.published().filter(language="en")
    ids = list(english.values_list("pk", "slug")[:200_000])
    found["release"] = [
        f"/press-releases/{pk}/{slug}/" for pk, slug in rng.sample(ids, want["release"])
    ]

    fields = [t.slug for t in terms.fields]
    countries = [t.slug for t in terms.countries]
    pairs = list(itertools.product(countries, fields))
    rng.shuffle(pairs)
    found["field x country"] = [
        f"/press-releases/?country={c}&field={f}" for c, f in pairs[: want["field x country"]]
    ]
    feeds = pairs[want["field x country"] :] + pairs
    found["filtered feed"] = [
        f"/press-releases/feed/?country={c}&field={f}" for c, f in feeds[: want["filtered feed"]]
    ]

    words = list(itertools.permutations(WORDS, 2))
    rng.shuffle(words)
    found["two words"] = [f"/press-releases/?q={a}+{b}" for a, b in words[: want["two words"]]]

    entity_pages = []
    for name, listed in [
        ("field", terms.fields),
        ("country", terms.countries),
        ("source", terms.structures),
        ("meeting", terms.meetings),
    ]:
        counts = everything.facet_counts(name)
        for term in listed:
            pages = min(counts.get(term.pk, 0) // 20, 12)
            entity_pages += [term.url] + [f"{term.url}?page={n}" for n in range(2, pages + 1)]
    rng.shuffle(entity_pages)
    found["entity page"] = entity_pages[: want["entity page"]]

    found["listing page"] = ["/press-releases/"] + [
        f"/press-releases/?page={n}" for n in range(2, want["listing page"] + 1)
    ]

    months = [f"{year}-{month:02d}-01" for year in range(2005, 2026) for month in range(1, 13)]
    combos = list(itertools.product(months, [t.slug for t in terms.meetings]))
    rng.shuffle(combos)
    found["date + meeting"] = [
        f"/press-releases/?from={d}&meeting={m}" for d, m in combos[: want["date + meeting"]]
    ]

    result = [path for kind in MIX for path in found[kind]]
    rng.shuffle(result)
    return result


def publish(every, seconds):
    """Publish a draft through the application (save(), as the admin does) every `every`
    seconds for `seconds`, then put each back to draft."""
    from django.utils import timezone

    from releases.models import PressRelease

    drafts = list(
        PressRelease.objects.filter(status=PressRelease.Status.DRAFT, language="en")[:100]
    )
    published = []
    deadline = time.monotonic() + seconds
    try:
        for release in drafts:
            if time.monotonic() > deadline:
                break
            release.status = PressRelease.Status.PUBLISHED
            release.publish_at = timezone.now()
            release.save()
            published.append(release)
            print(f"published {release.pk}", flush=True)
            time.sleep(every)
    finally:
        for release in published:
            release.refresh_from_db()
            release.status = PressRelease.Status.DRAFT
            release.save()
    return len(published)


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["publish", "paths"])
    parser.add_argument("--every", type=float, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    import django

    django.setup()
    if args.command == "publish":
        print(f"{publish(args.every, args.seconds)} publications")
    else:
        for path in paths():
            print(path)


if __name__ == "__main__":
    main()
