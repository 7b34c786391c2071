import json

from django import template
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

# As django.utils.html.json_script escapes: nothing in the data can close the element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, release):
    """schema.org NewsArticle for a release, as the body of an ld+json script element."""
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
        "articleSection": [field.name for field in release.fields_of_work.all()],
        "keywords": [tag.name for tag in release.tags.all()],
        "author": [
            {"@type": "Organization", "name": source.display_name}
            for source in release.sources.all()
        ],
        "publisher": {"@type": "Organization", "name": "OSCE"},
        "articleBody": strip_tags(release.body),
    }
    if release.place:
        data["dateline"] = release.place
    if release.image:
        data["image"] = request.build_absolute_uri(release.image_fallback_url())
    # Reviewed: <, > and & are escaped, so the data cannot close the script element.
    escaped = json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES)
    return mark_safe(escaped)  # noqa: S308  # nosec B308 B703
