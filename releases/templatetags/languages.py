"""The language switcher and the locale tags of a page's head (osce_site.i18n)."""

from functools import cache

import babel
from django import template
from django.utils import translation

from osce_site import i18n

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in every language, from the page's `alternates`; a language
    with no version of the page links to its newsroom with a notice when the view says
    so (`untranslated_fallback`, a release), else to its home page."""
    missing = i18n.untranslated_url if context.get("untranslated_fallback") else i18n.home_url
    return {"links": i18n.switcher_links(context.get("alternates") or [], missing)}


@cache
def og_locale(code):
    """OpenGraph's language_TERRITORY for a language code, from CLDR's likely subtags
    ("ru" -> "ru_RU", "en" -> "en_US")."""
    likely = babel.core.get_global("likely_subtags").get(code, code)
    locale = babel.Locale.parse(likely)
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


@register.simple_tag
def current_og_locale():
    return og_locale(translation.get_language())


@register.simple_tag(takes_context=True)
def alternate_og_locales(context):
    current = translation.get_language()
    codes = [code for code, _url in context.get("alternates") or [] if code != i18n.X_DEFAULT]
    return [og_locale(code) for code in codes if code != current]
