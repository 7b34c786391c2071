import datetime
import html
import json
from dataclasses import dataclass

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from osce_site.context_processors import site_name

from ..models import PressRelease
from .release_urls import release_url

register = template.Library()

# As django.utils.html.json_script escapes: nothing in the data can close the element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class StaticImage:
    path: str  # under static/
    width: int
    height: int


# The site's image for pages and releases that have none of their own (OpenGraph wants
# a raster image of about 1200 × 630), and the publisher's logo in JSON-LD.
SHARE_IMAGE = StaticImage("img/share.png", 1200, 630)
LOGO = StaticImage("img/logo.png", 512, 512)


@dataclass(frozen=True)
class AbsoluteImage:
    url: str
    width: int
    height: int


def absolute_image(request, image):
    return AbsoluteImage(request.build_absolute_uri(static(image.path)), image.width, image.height)


@register.filter
def w3c_datetime(value):
    """A date or datetime in the W3C format of sitemaps, in UTC: a few microseconds
    where the `date` filter's localised formatting took a tenth of a millisecond, for
    each of a sitemap page's 5,000 URLs."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="seconds")
    return value.isoformat() if value else ""


@register.simple_tag(takes_context=True)
def share_image(context):
    """The site's default share image, with an absolute URL: {% share_image as image %}."""
    return absolute_image(context["request"], SHARE_IMAGE)


def publisher(request):
    logo = absolute_image(request, LOGO)
    return {
        "@type": "Organization",
        "name": site_name(),
        "alternateName": gettext("Organization for Security and Co-operation in Europe"),
        "url": request.build_absolute_uri(reverse("releases:home")),
        "logo": {
            "@type": "ImageObject",
            "url": logo.url,
            "width": logo.width,
            "height": logo.height,
        },
    }


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, release, relations):
    """schema.org NewsArticle for a release (filed under `relations`:
    selectors.Relations), as the body of an ld+json script element."""
    request = context["request"]
    url = request.build_absolute_uri(release.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": release.title,
        "description": release.standfirst,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": release.publish_at.isoformat(),
        "dateModified": (release.last_major_change or release.publish_at).isoformat(),
        "articleSection": [field.name for field in relations.fields],
        "keywords": [tag.name for tag in relations.tags],
        "author": [
            {"@type": "Organization", "name": source.display_name} for source in relations.sources
        ],
        "publisher": publisher(request),
        "articleBody": strip_tags(release.body),
    }
    if release.place:
        data["dateline"] = release.place
    if release.lead_image:
        data["image"] = request.build_absolute_uri(release.lead_image.og_url())
    else:
        data["image"] = absolute_image(request, SHARE_IMAGE).url
    # Reviewed: <, > and & are escaped, so the data cannot close the script element.
    escaped = json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES)
    return mark_safe(escaped)  # noqa: S308  # nosec B308 B703


@register.simple_tag
def facet_options(name, options, disabled=False):
    """A facet's checkboxes as <li> items. Rendered here rather than in a template loop:
    a newsroom page has some 300 options, which a {% for %} with `intcomma` rendered in
    about 8 ms, a quarter of the whole page."""
    grouping = number_format(1000, force_grouping=True)  # "1,000", "1 000", "1.000"
    separator = grouping[1:-3]

    def count(n):
        return f"{n:,}".replace(",", separator) if n >= 1000 else str(n)

    items = []
    for option in options:
        # html.escape is what django.utils.html.escape applies, without a SafeString per
        # value; the labels and values are the vocabulary's and tags' own text.
        depth = f' class="depth-{int(option["depth"])}"' if option["depth"] else ""
        state = " disabled" if disabled else (" checked" if option["selected"] else "")
        items.append(
            f'<li{depth}><label><input type="checkbox" name="{html.escape(name)}" '
            f'value="{html.escape(str(option["value"]))}"{state}> '
            f"{html.escape(str(option['label']))} "
            f'<span class="count">{count(option["count"])}</span></label></li>'
        )
    # Every value was escaped above.
    return mark_safe("\n".join(items))  # noqa: S308  # nosec B308 B703


@register.simple_tag
def release_cards(releases):
    """A list card (<article class="card">) per release, as one string. Rendered here
    rather than by including a card template per release: the newsroom's 20 cards took
    about 6 ms that way, a third of a listing computed from nothing."""
    cards = []
    # The type's label once per type, not once per card (get_..._display() builds the
    # choices' dict and translates the label on every call).
    types = {value: html.escape(str(label)) for value, label in PressRelease.ReleaseType.choices}
    for release in releases:
        day = release.date
        place = release.place
        kind = types.get(release.release_type)
        if kind is None:
            kind = html.escape(str(release.get_release_type_display()))
        meta = (
            f'<span class="card__type">{kind}'
            f'</span> <time datetime="{day.isoformat()}">'
            f"{html.escape(date_format(day, 'DATE_FORMAT'))}</time>"
        )
        if place:
            meta += f' <span class="card__place">{html.escape(place)}</span>'
        # The snippet is releases.search.snippet()'s: escaped text with <mark> added.
        snippet = getattr(release, "snippet", "")
        if snippet:
            summary = f'\n  <p class="card__summary card__snippet">{snippet}</p>'
        elif release.standfirst:
            summary = f'\n  <p class="card__summary">{html.escape(release.standfirst)}</p>'
        else:
            summary = ""
        cards.append(
            f'<article class="card">\n  <p class="card__meta">{meta}</p>\n'
            f'  <h3 class="card__title"><a href="{html.escape(release_url(release))}">'
            f"{html.escape(release.title)}</a></h3>{summary}\n</article>"
        )
    # Every value was escaped above; the snippet escapes its own.
    return mark_safe("\n".join(cards))  # noqa: S308  # nosec B308 B703


@register.simple_tag
def accessible_format_mailto(attachment, release):
    """A mailto: link asking ACCESSIBLE_FORMAT_EMAIL for an accessible version of a
    document, naming it and its release; "" when no address is configured."""
    from urllib.parse import quote

    from django.conf import settings

    address = getattr(settings, "ACCESSIBLE_FORMAT_EMAIL", "")
    if not address:
        return ""
    subject = gettext("Accessible format request: %(title)s") % {"title": attachment.title}
    body = gettext(
        "Please send me the document “%(title)s” (%(kind)s), attached to “%(release)s”, "
        "in an accessible format."
    ) % {"title": attachment.title, "kind": attachment.get_kind_display(), "release": release.title}
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject)}&body={quote(body)}"
