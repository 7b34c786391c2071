"""Start at / with the demo content and follow every internal link: pages, feeds and
the sitemap. Every URL answers (200 or an intended redirect), and every HTML page is
well-formed enough for a strict HTML5 parser, with one h1, a title and lang.

The same from /ru/ and /fr/, following the links that stay in that language: every page
is in it (lang), and no link but the language switcher's and the hreflang alternates
leads out of it (a page never mixes two languages)."""

import re
from urllib.parse import urldefrag, urljoin, urlsplit

import html5lib
import pytest
from defusedxml import ElementTree
from django.conf import settings

HTML = "text/html"
SKIP_PREFIXES = ("/admin/", "/media/", "/static/")
LIMIT = 1500
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def links_in_xml(body):
    root = ElementTree.fromstring(body)
    for element in root.iter():
        if element.tag.endswith(("loc", "link")) and element.text:
            yield element.text.strip()
        if element.get("href"):
            yield element.get("href")


def internal(url):
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = urldefrag(parts.path + (f"?{parts.query}" if parts.query else ""))[0]
    if not path or path.startswith(SKIP_PREFIXES):
        return None
    return path


def language_of(path):
    code = path.split("/")[1] if path.count("/") > 1 else ""
    return code if code in LANGUAGES and code != settings.LANGUAGE_CODE else ""


def is_to_another_language(element):
    """The links meant to lead to another language: the switcher's and hreflang."""
    return element.get("hreflang") is not None


def crawl(client, start="/"):
    language = language_of(start)
    prefix = f"/{language}" if language else ""
    queue = [start, f"{prefix}/sitemap.xml", f"{prefix}/robots.txt"]
    seen, pages, problems = set(), {}, []
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    while queue and len(seen) < LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code in (301, 302):
            queue.append(internal(response["Location"]) or "/")
            continue
        if response.status_code != 200:
            problems.append((path, response.status_code))
            continue
        kind = response["Content-Type"]
        body = response.content.decode()
        if kind.startswith(HTML):
            try:
                document = parser.parse(body)
            except html5lib.html5parser.ParseError as error:
                problems.append((path, f"HTML parse error: {error}"))
                continue
            pages[path] = document
            found = []
            for element in document.iter():
                for attribute in ("href", "src"):
                    value = element.get(attribute)
                    if not value:
                        continue
                    target = internal(urljoin("http://testserver" + path, value))
                    if target and language_of(target) != language:
                        if not (is_to_another_language(element) or target == "/robots.txt"):
                            problems.append((path, f"links out of its language: {target}"))
                        continue
                    found.append(value)
        elif "xml" in kind:
            found = links_in_xml(response.content)
        else:
            found = re.findall(r"https?://testserver/\S+", body)
        for link in found:
            target = internal(urljoin("http://testserver" + path, link))
            if target and target not in seen and language_of(target) == language:
                queue.append(target)
    return seen, pages, problems


@pytest.mark.django_db
def test_every_internal_link_works_and_every_page_is_sound(client, demo_content):
    seen, pages, problems = crawl(client)
    print(f"crawled {len(seen)} URLs, {len(pages)} HTML pages")
    assert problems == []
    assert len(seen) > 150
    assert any("/feed/" in url for url in seen) and any("/atom/" in url for url in seen)
    for path, document in pages.items():
        assert document.get("lang") == "en", path
        assert len(document.findall(".//h1")) == 1, path
        title = document.find(".//title")
        assert title is not None and title.text.strip(), path


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "fr"])
def test_every_link_in_a_language_works_and_stays_in_it(client, demo_content, language):
    seen, pages, problems = crawl(client, f"/{language}/")
    print(f"crawled {len(seen)} URLs, {len(pages)} HTML pages in {language}")
    assert problems == []
    assert len(seen) > 100
    assert all(language_of(url) == language for url in seen)
    assert f"/{language}/press-releases/feed/" in seen
    for path, document in pages.items():
        assert document.get("lang") == language, path
        assert len(document.findall(".//h1")) == 1, path
