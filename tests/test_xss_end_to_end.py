"""Hostile rich text saved through the admin form: the public page, both feeds and the
JSON-LD must carry nothing executable. Checks parse what is rendered, not the stored
string."""

import json
from urllib.parse import quote

import html5lib
import pytest
from defusedxml import ElementTree
from django.urls import reverse

from releases.models import PressRelease
from tests.factories import role_group
from tests.releases.test_admin import ADD, form_data

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text y="20">x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    '<p onclick="alert(1)">x</p>',
    "<p onmouseover=alert(1)>x</p>",
    '<body onload="alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<input autofocus onfocus="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<details open ontoggle="alert(1)">x</details>',
    '<video><source onerror="alert(1)"></video>',
    '<a href="#" onclick="alert(1)">x</a>',
    "</p></script><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    '<img src="x" alt="</script><script>alert(1)</script>">',
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<a href="https://ok.example/" target="_blank" rel="opener">ok</a>',
]
FORBIDDEN_ELEMENTS = {
    "script",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "base",
    "meta",
    "form",
    "input",
    "link",
    "style",
    "video",
    "source",
    "details",
    "img",
}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


def hostile_parts(fragment_root):
    """Everything executable or remote-loading inside a parsed fragment."""
    found = []
    for element in fragment_root.iter():
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if tag in FORBIDDEN_ELEMENTS:
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                found.append(f"{tag}@{name}")
            if name in ("href", "src", "action", "xlink:href"):
                compact = "".join(value.split()).lower()
                if compact.startswith(BAD_SCHEMES):
                    found.append(f"{tag}@{name}={value}")
    return found


def parse_fragment(html):
    return html5lib.HTMLParser(namespaceHTMLElements=False).parseFragment(html)


@pytest.fixture
def hostile_release(client, django_user_model, reference_data):
    user = django_user_model.objects.create_user(username="pub", password="x", is_staff=True)
    user.groups.add(role_group("Publisher"))
    client.force_login(user)
    body = "<p><strong>Kept</strong> text.</p>" + "".join(f"<p>{p}</p>" for p in PAYLOADS)
    response = client.post(
        ADD,
        form_data(
            status=PressRelease.Status.PUBLISHED,
            body=body,
            title='Title "</script><script>alert(1)</script>',
            standfirst="<img src=x onerror=alert(1)> standfirst",
        ),
    )
    assert response.status_code == 302
    client.logout()
    return PressRelease.objects.get()


@pytest.mark.django_db
def test_public_page_carries_nothing_executable(client, hostile_release):
    print(f"{len(PAYLOADS)} payloads")
    assert len(PAYLOADS) >= 30
    html = client.get(hostile_release.get_absolute_url()).content.decode()
    document = html5lib.HTMLParser(namespaceHTMLElements=False).parse(html)
    scripts = document.findall(".//script")
    assert sorted((s.get("type") or "", s.get("src") or "") for s in scripts) == [
        ("", "/static/js/early.js"),
        ("", "/static/js/menu.js"),
        ("application/ld+json", ""),
    ]
    body = document.find(".//div[@class='release__body prose']")
    assert hostile_parts(body) == []
    assert "Kept" in "".join(body.itertext())
    for element in document.iter():
        for name in element.attrib:
            assert not name.lower().startswith("on"), (element.tag, name)
    ld = next(s for s in scripts if s.get("type") == "application/ld+json")
    data = json.loads(ld.text)
    assert data["headline"].startswith('Title "')
    assert "<" not in data["articleBody"]


@pytest.mark.django_db
@pytest.mark.parametrize("feed", ["/press-releases/feed/", "/press-releases/atom/"])
def test_feeds_carry_nothing_executable(client, hostile_release, feed):
    root = ElementTree.fromstring(client.get(feed).content)
    contents = [
        element.text
        for element in root.iter()
        if element.text
        and element.tag.rsplit("}", 1)[-1] in ("encoded", "content", "description", "summary")
    ]
    assert len(contents) >= 2
    for html in contents:
        assert hostile_parts(parse_fragment(html)) == [], html[:200]


@pytest.mark.django_db
def test_alert_email_and_alert_pages_carry_nothing_executable(client, hostile_release, mailoutbox):
    from alerts import services, tokens
    from alerts.models import Subscription

    subscription = Subscription.objects.create(email="reader@example.org", language="en")
    services.confirm(subscription)
    services.match_publication(services.record_publications([hostile_release.pk])[0])
    assert services.send_pending(hostile_release.pk) == 1
    (message,) = mailoutbox
    html = message.alternatives[0][0]
    document = html5lib.HTMLParser(namespaceHTMLElements=False).parse(html)
    assert document.findall(".//script") == [] and document.findall(".//img") == []
    for element in document.iter():
        for name in element.attrib:
            assert not name.lower().startswith("on"), (element.tag, name)
    assert "&lt;/script&gt;" in html
    pages = [f"/alerts/?q={quote(payload)}" for payload in PAYLOADS]
    pages.append(reverse("alerts:manage", args=[tokens.manage_token("<script>x</script>@x")]))
    for url in pages:
        page = client.get(url).content.decode()
        document = html5lib.HTMLParser(namespaceHTMLElements=False).parse(page)
        sources = sorted(s.get("src") or "" for s in document.findall(".//script"))
        assert sources == ["/static/js/early.js", "/static/js/menu.js"], url
        for element in document.iter():
            for name in element.attrib:
                assert not name.lower().startswith("on"), (url, element.tag, name)
