"""Vocabulary names in the site's languages.

English (settings.LANGUAGE_CODE) is the `name` column, as the organisation writes it;
every other language of settings.LANGUAGES may have its name in the term's `names`
JSON object ({"fr": "…", "ru": "…"}). A language with no name there falls back to the
English one, so adding a language to the settings needs no code and no migration.
Country names come from CLDR (through Babel) by ISO code unless an editor overrides
them in `names`."""

import re
import unicodedata
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# A language code as Django writes them: "fr", "zh-hans", "sr-latn".
LANGUAGE_CODE_PATTERN = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8}){0,2}", re.IGNORECASE)


def site_languages():
    return [code for code, _name in settings.LANGUAGES]


def other_languages():
    """(code, name) of every language of the site but the default one: the languages
    whose names live in a term's `names`."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def current_language(language=None):
    """The given (or active) language as one of settings.LANGUAGES' codes: "ru-RU" is
    "ru"; an unknown language is the default one."""
    code = (language or get_language() or settings.LANGUAGE_CODE).lower()
    codes = site_languages()
    if code in codes:
        return code
    base = code.split("-")[0]
    return base if base in codes else settings.LANGUAGE_CODE


def localized(names, fallback, language=None):
    """The name in `language` (the active one by default) from a `names` object, else
    `fallback` (the English name)."""
    code = current_language(language)
    if code == settings.LANGUAGE_CODE or not isinstance(names, dict):
        return fallback
    return names.get(code) or fallback


@lru_cache(maxsize=4096)
def cldr_territory(language, iso_code):
    """The CLDR name of a territory in a language ("Германия" for DE in ru), or "" when
    Babel knows neither."""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return ""
    return locale.territories.get((iso_code or "").upper(), "")


def collation_key(text):
    """A sort key for names in any language without ICU: accents and case ignored
    ("Österreich" among the O, "États-Unis" among the E, "ё" as "е"). Not a full
    locale collation: Spanish "ñ" sorts as "n", for one."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def clean_names(value, *, max_length):
    """`names` as stored: a dict of language code -> name, each stripped, empty ones
    dropped. Raises ValidationError for anything else (every write path calls it)."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ValidationError(_("Names in other languages must be a JSON object."))
    cleaned = {}
    for code, name in value.items():
        if not isinstance(code, str) or not LANGUAGE_CODE_PATTERN.fullmatch(code):
            raise ValidationError(
                _("“%(code)s” is not a language code.") % {"code": str(code)[:20]}
            )
        if code.lower() == settings.LANGUAGE_CODE:
            raise ValidationError(
                _("The name in the default language is the “name” field, not one of the names.")
            )
        if not isinstance(name, str):
            raise ValidationError(_("The name in “%(code)s” must be text.") % {"code": code})
        name = name.strip()
        if len(name) > max_length:
            raise ValidationError(
                _("The name in “%(code)s” is longer than %(max)d characters.")
                % {"code": code, "max": max_length}
            )
        if "\x00" in name:
            raise ValidationError(
                _("The name in “%(code)s” contains a NUL character.") % {"code": code}
            )
        if name:
            cleaned[code.lower()] = name
    return cleaned
