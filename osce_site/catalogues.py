"""The interface's translation catalogues: where they live, how they are extracted, what
makes one complete, and how they are compiled.

The sources are locale/<lang>/LC_MESSAGES/django.po, one per language of
settings.LANGUAGES other than the default. The compiled django.mo beside each is
committed, so running the site needs no GNU gettext: they are compiled with Babel, a
Python package (`manage.py compile_catalogues`). Only extracting new strings from the
code (`makemessages`, `manage.py compile_catalogues --extract`) needs xgettext.

tests/test_catalogues.py holds every catalogue to the rules below.
"""

import contextlib
import gettext
import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command

DOMAIN = "django"
# What makemessages must not read: the virtualenv, the tests (their strings are not
# the interface), and collected or uploaded files.
EXTRACT_IGNORE = [".venv", "tests", "staticfiles", "media"]
# The kinds of file makemessages reads for the "django" domain.
EXTRACT_SUFFIXES = {".py", ".html", ".txt"}

# %(name)s, %s, %d, %5.1f, %%; not "% s" (a space flag is never used here, and "100% sure"
# or "100 % des" must not read as placeholders).
PERCENT_PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-#0+]*\d*(?:\.\d+)?[sdifr%]")
BRACE_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def languages():
    """The languages that need a catalogue: every configured one but the default."""
    default = settings.LANGUAGE_CODE.split("-")[0]
    return [code for code, _name in settings.LANGUAGES if code != default]


def locale_dir():
    return Path(settings.LOCALE_PATHS[0])


def po_path(language, base=None):
    return (base or locale_dir()) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language, base=None):
    return po_path(language, base).with_suffix(".mo")


def extract(root=None, *, verbosity=0):
    """Update every language's .po from the strings marked in the code and templates
    under `root` (the project by default): new msgids arrive untranslated, changed
    ones as fuzzy guesses, removed ones are dropped. Needs GNU gettext (xgettext)."""
    with contextlib.chdir(root or settings.BASE_DIR):
        call_command(
            "makemessages",
            locale=languages(),
            ignore_patterns=EXTRACT_IGNORE,
            no_obsolete=True,
            verbosity=verbosity,
        )


def read(path):
    """A .po file as a Babel catalogue; a syntax error raises rather than being skipped."""
    with open(path, "rb") as f:
        return read_po(f, domain=DOMAIN, abort_invalid=True)


def key(message):
    """The msgid a message is looked up by (its singular for a plural message)."""
    return message.id[0] if isinstance(message.id, tuple | list) else message.id


def placeholders(text, *, percent=True):
    """The formatting placeholders of a string, as a sorted list (with repeats removed):
    {name}, and %(name)s, %s, %d unless `percent` is false (a string that xgettext did
    not flag python-format, whose % is literal). A literal %% is not a placeholder."""
    found = set(BRACE_PLACEHOLDER.findall(text))
    if percent:
        found |= {p for p in PERCENT_PLACEHOLDER.findall(text) if p != "%%"}
    return sorted(found)


def problems(catalog):
    """Why a catalogue is not complete and correct: one sentence per fault, naming the
    msgid. Empty means complete (no fuzzy flag, no empty translation, every plural
    form filled, placeholders kept exactly)."""
    found = []
    if catalog.fuzzy:
        found.append("the header is marked fuzzy")
    forms = catalog.num_plurals
    for message in catalog:
        if not message.id:
            continue
        name = repr(key(message))
        if message.fuzzy:
            found.append(f"{name} is marked fuzzy")
        strings = message.string if message.pluralizable else [message.string]
        strings = list(strings) if isinstance(strings, tuple | list) else [strings]
        if message.pluralizable and len(strings) != forms:
            found.append(f"{name} has {len(strings)} plural forms, the language has {forms}")
        if any(not s for s in strings):
            found.append(f"{name} has an empty translation")
            continue
        percent = "python-format" in message.flags
        ids = message.id if message.pluralizable else [message.id]
        want = sorted({p for msgid in ids for p in placeholders(msgid, percent=percent)})
        for string in strings:
            got = placeholders(string, percent=percent)
            if got != want:
                found.append(
                    f"{name}: the translation {string!r} has placeholders {got}, "
                    f"the original {want}"
                )
    return found


def compiled(catalog):
    """The .mo bytes Babel compiles from a catalogue (fuzzy and empty entries left out,
    as GNU msgfmt does)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


@dataclass(frozen=True)
class Mismatch:
    msgid: str
    expected: str
    found: str


class _Missing(gettext.NullTranslations):
    """A fallback that marks a lookup the .mo could not answer."""

    MARK = "\x00missing\x00"

    def gettext(self, message):
        return self.MARK

    def ngettext(self, msgid1, msgid2, n):
        return self.MARK

    def pgettext(self, context, message):
        return self.MARK

    def npgettext(self, context, msgid1, msgid2, n):
        return self.MARK


def mo_mismatches(catalog, mo_bytes, *, samples=range(0, 201)):
    """Where a compiled catalogue (read by the standard library's gettext, as Django
    reads it at run time) disagrees with the .po: every translated msgid must give
    its translation, every plural form for the counts in `samples`, which cover each
    form of the languages configured here."""
    translations = gettext.GNUTranslations(io.BytesIO(mo_bytes))
    translations.add_fallback(_Missing())
    # The .po's own plural rule, turned into a function the way the gettext module
    # turns a .mo's Plural-Forms header into one.
    plural_form = gettext.c2py(catalog.plural_expr)
    wrong = []
    # Nothing in the .mo that the .po does not translate (a stale entry).
    expected = {
        (m.context, key(m))
        for m in catalog
        if m.id and not m.fuzzy and all(m.string if m.pluralizable else [m.string])
    }
    for message in read_mo(io.BytesIO(mo_bytes)):
        if message.id and (message.context, key(message)) not in expected:
            wrong.append(Mismatch(key(message), "(not translated in the .po)", "(in the .mo)"))
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if message.pluralizable:
            singular, plural = message.id[0], message.id[1]
            strings = list(message.string)
            if not all(strings):
                continue
            for n in samples:
                want = strings[plural_form(n)]
                if message.context:
                    got = translations.npgettext(message.context, singular, plural, n)
                else:
                    got = translations.ngettext(singular, plural, n)
                if got != want:
                    wrong.append(Mismatch(f"{singular} (n={n})", want, got))
                    break
        elif message.string:
            if message.context:
                got = translations.pgettext(message.context, message.id)
            else:
                got = translations.gettext(message.id)
            if got != message.string:
                wrong.append(Mismatch(message.id, message.string, got))
    return wrong
