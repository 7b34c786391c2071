"""A page's versions in the site's languages.

`alternates` is the one value base.html turns into `<link rel="alternate" hreflang>`
tags and the language switcher: a list of (language code, absolute URL), one per
language that has a version of the page, plus ("x-default", the English URL) when there
is one. A generic page exists in every language at the same path under each prefix;
a view whose page exists in some languages only (a release) gives its own list through
its `get_alternates()` hook, built with `versions()` here."""

import functools

from django.conf import settings
from django.urls import (
    NoReverseMatch,
    Resolver404,
    get_script_prefix,
    get_urlconf,
    resolve,
    reverse,
)
from django.utils import translation
from django.utils.functional import SimpleLazyObject

X_DEFAULT = "x-default"


def codes():
    return [code for code, _name in settings.LANGUAGES]


def with_x_default(pairs):
    """The pairs, with x-default pointing at the default language's URL if it has one."""
    urls = dict(pairs)
    if settings.LANGUAGE_CODE in urls:
        return [*pairs, (X_DEFAULT, urls[settings.LANGUAGE_CODE])]
    return list(pairs)


def localized_paths(build, languages=None):
    """(code, path) for each language in `languages` (all by default), the path given
    by `build()` called with that language active, plus x-default."""
    pairs = []
    for code in languages if languages is not None else codes():
        with translation.override(code):
            pairs.append((code, build()))
    return with_x_default(pairs)


def versions(request, build, languages=None):
    """localized_paths() as absolute URLs for this request's scheme and host."""
    return [
        (code, request.build_absolute_uri(path)) for code, path in localized_paths(build, languages)
    ]


def alternates(request, query=""):
    """The same page in every language: the request's path under each prefix, with
    `query` (a canonical query the page wants kept, e.g. the newsroom's filters). An
    empty list for a path that is not a localized public page (the admin, a 404)."""
    try:
        # Resolved in the request's language, whose prefix the path carries.
        match = resolve(request.path_info)
    except Resolver404:
        return []
    if "releases" not in match.namespaces:  # only the public site is localized
        return []
    suffix = f"?{query}" if query else ""

    def build():
        return reverse(match.view_name, args=match.args, kwargs=match.captured_kwargs) + suffix

    try:
        return versions(request, build)
    except NoReverseMatch:
        return []


def home_url(code):
    return _reversed("releases:home", code, get_script_prefix(), get_urlconf())


def untranslated_url(code):
    """Where the switcher sends a reader to a language that has no version of the page:
    that language's newsroom, which says so."""
    newsroom = _reversed("releases:list", code, get_script_prefix(), get_urlconf())
    return f"{newsroom}?notice=untranslated"


@functools.cache
def _reversed(name, code, prefix, urlconf):
    """A URL without arguments in a language, reversed once per process (the switcher
    asked for five on every page: a sixth of a release page served from fragments)."""
    with translation.override(code):
        return reverse(name, urlconf=urlconf)


def switcher_links(alternates, missing=home_url):
    """One link per language for the language switcher: each language named in its own
    language, its version of the page or `missing(code)` where there is none."""
    urls = dict(alternates)
    current = translation.get_language()
    links = []
    for code in codes():
        info = translation.get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": urls.get(code) or missing(code),
                "current": code == current,
                "exists": code in urls,
            }
        )
    return links


def languages(request):
    """Context processor: the generic alternates of the request's page (a view's own
    `alternates` in its context takes precedence)."""
    return {"alternates": SimpleLazyObject(lambda: alternates(request))}
