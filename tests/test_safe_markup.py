"""Escaping is switched off only where the value is known safe: the sanitised body, a
search snippet built from escaped text, and JSON-LD whose dangerous characters are
escaped. A new `mark_safe` or `|safe` anywhere else fails this test until reviewed."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SOURCES = ["osce_site", "releases", "taxonomy", "countries", "alerts", "templates"]
ALLOWED = {
    # file: the only lines allowed to switch escaping off, and why
    "templates/releases/includes/_release_article.html": [
        "{{ object.body|safe }}"  # nh3-sanitised in PressRelease.save()
    ],
    "releases/templatetags/releases_tags.py": [
        "mark_safe(escaped)",  # <, > and & escaped as \\u003C etc. (JSON_ESCAPES)
        'mark_safe("\\n".join(items))',  # facet_options: every value through html.escape
        # release_cards: every value through html.escape; the search snippet escapes its
        # text, then adds <mark> (releases.search.snippet)
        'mark_safe("\\n".join(cards))',
    ],
    # The plain-text parts of emails: never rendered as HTML (their HTML parts escape).
    **{
        f"templates/alerts/email/{name}.txt": ["{% autoescape off %}"]
        for name in ("alert", "already", "confirm", "digest")
    },
    # Plain-text emails (no HTML anywhere), as Django's own password reset email.
    "templates/releases/email/review.txt": ["{% autoescape off %}"],
    "templates/releases/email/publication.txt": ["{% autoescape off %}"],
    "templates/releases/email/stale_translation.txt": ["{% autoescape off %}"],
}
PATTERN = re.compile(r"mark_safe\(|\|\s*safe\b|SafeString\(|autoescape off|safeseq")


def test_escaping_is_switched_off_only_for_sanitised_values():
    found = {}
    for top in SOURCES:
        for path in (ROOT / top).rglob("*"):
            if path.suffix not in (".py", ".html", ".txt", ".xml") or "migrations" in path.parts:
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if PATTERN.search(line):
                    found.setdefault(str(path.relative_to(ROOT)), []).append(line.strip())
    unexpected = {
        name: [line for line in lines if not any(ok in line for ok in ALLOWED.get(name, []))]
        for name, lines in found.items()
    }
    assert {name: lines for name, lines in unexpected.items() if lines} == {}
    assert set(found) == set(ALLOWED)
