"""Production headers, scored with the MDN HTTP Observatory's published table, on every
URL the crawler reaches; login throttling; debug never beside a real secret."""

import pytest
from django.urls import reverse

from tests.osce_site.test_settings import PRODUCTION_SECRET, manage
from tests.test_crawl import crawl

SAFE_REFERRER = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
SIX_MONTHS = 15_768_000


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = [w.lower() for w in words[1:]]
    return directives


def observatory_score(response):
    """The header tests of the MDN HTTP Observatory (scoring as published for its v2
    grading: start at 100; 100 and above is A+). Redirection and preload-list tests need
    the live site and are left out; cookie tests apply only when cookies are set."""
    score, notes = 100, []
    csp = response.headers.get("Content-Security-Policy")
    if not csp:
        score, notes = score - 25, [*notes, "csp-not-implemented"]
    else:
        d = csp_directives(csp)
        scripts = d.get("script-src", d.get("default-src", []))
        if "'unsafe-inline'" in scripts or "http:" in scripts or "*" in scripts:
            score, notes = score - 20, [*notes, "csp-implemented-with-unsafe-inline"]
        elif "'unsafe-eval'" in scripts:
            score, notes = score - 10, [*notes, "csp-implemented-with-unsafe-eval"]
        elif d.get("default-src") == ["'none'"]:
            score, notes = score + 10, [*notes, "csp-with-default-none"]
    hsts = response.headers.get("Strict-Transport-Security", "")
    max_age = next(
        (int(p.split("=")[1]) for p in hsts.split(";") if p.strip().startswith("max-age")), 0
    )
    if not hsts:
        score, notes = score - 20, [*notes, "hsts-not-implemented"]
    elif max_age < SIX_MONTHS:
        score, notes = score - 10, [*notes, "hsts-implemented-max-age-less-than-six-months"]
    if response.headers.get("X-Content-Type-Options", "").lower() != "nosniff":
        score, notes = score - 5, [*notes, "x-content-type-options-not-implemented"]
    frame_ancestors = csp and "frame-ancestors" in csp_directives(csp)
    if frame_ancestors:
        score, notes = score + 5, [*notes, "x-frame-options-implemented-via-csp"]
    elif response.headers.get("X-Frame-Options", "").upper() not in ("DENY", "SAMEORIGIN"):
        score, notes = score - 20, [*notes, "x-frame-options-not-implemented"]
    referrer = response.headers.get("Referrer-Policy", "").lower()
    if referrer.split(",")[-1].strip() in SAFE_REFERRER:
        score, notes = score + 5, [*notes, "referrer-policy-private"]
    elif referrer in ("unsafe-url", "no-referrer-when-downgrade", "origin"):
        score, notes = score - 5, [*notes, "referrer-policy-unsafe"]
    for morsel in response.cookies.values():
        if not morsel["secure"]:
            score, notes = score - 40, [*notes, f"cookie-without-secure:{morsel.key}"]
        if morsel.key in ("sessionid", "csrftoken") and not morsel["samesite"]:
            score, notes = score - 5, [*notes, f"cookie-without-samesite:{morsel.key}"]
    return score, notes


@pytest.fixture
def production(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


class SecureClient:
    def __init__(self, client):
        self.client = client
        self.responses = {}

    def get(self, path):
        response = self.client.get(path, secure=True)
        self.responses[path] = response
        return response


@pytest.mark.django_db
def test_every_crawled_url_scores_a_plus(client, demo_content, production):
    secure = SecureClient(client)
    crawl(secure)
    scores = {path: observatory_score(r) for path, r in secure.responses.items()}
    print(f"scored {len(scores)} URLs; lowest {min(s for s, _ in scores.values())}")
    assert {path: s for path, s in scores.items() if s[0] < 100} == {}


@pytest.mark.django_db
def test_public_policy_forbids_inline_script_and_plugins(client, demo_content):
    csp = csp_directives(client.get("/").headers["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-eval'" not in str(csp)


@pytest.mark.django_db
def test_admin_policy_keeps_the_editor_working_and_nothing_more(admin_client):
    csp = admin_client.get(reverse("admin:releases_pressrelease_add")).headers[
        "Content-Security-Policy"
    ]
    directives = csp_directives(csp)
    assert "'unsafe-inline'" in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_failed_logins_lock_out_after_five(client, django_user_model):
    django_user_model.objects.create_superuser("boss", "", "the-right-passphrase")
    url = reverse("admin:login")
    statuses = [
        client.post(url, {"username": "boss", "password": "wrong"}).status_code for _ in range(5)
    ]
    assert statuses[:4] == [200] * 4  # the form again, with its error
    locked = client.post(url, {"username": "boss", "password": "the-right-passphrase"})
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()


@pytest.mark.django_db
def test_password_validators_are_on(settings):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("password")
    assert len(settings.AUTH_PASSWORD_VALIDATORS) >= 4


def test_admin_path_comes_from_the_environment():
    result = manage(
        "shell",
        "-c",
        "from django.urls import reverse; print(reverse('admin:index'))",
        DJANGO_DEBUG="true",
        DJANGO_ADMIN_URL="backstage/",
    )
    assert result.stdout.strip().endswith("/backstage/"), result.stderr


def test_debug_is_refused_with_a_production_secret():
    result = manage("check", DJANGO_DEBUG="true", DJANGO_SECRET_KEY=PRODUCTION_SECRET)
    assert result.returncode != 0
    assert "must never run with a production secret" in result.stderr


def login(client, password, forwarded_for):
    return client.post(
        reverse("admin:login"),
        {"username": "boss", "password": password},
        headers={"x-forwarded-for": forwarded_for},
        REMOTE_ADDR="10.0.0.2",  # the reverse proxy, or whoever connects
    )


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_superuser("boss", "", "the-right-passphrase")


@pytest.mark.django_db
def test_behind_the_proxy_failures_from_others_do_not_lock_an_editor_out(client, boss, settings):
    settings.PROXY_COUNT = 1
    for n in range(5):
        assert login(client, "wrong", f"203.0.113.{n}").status_code == 200
    editor = login(client, "the-right-passphrase", "198.51.100.7")
    assert editor.status_code == 302  # signed in


@pytest.mark.django_db
def test_behind_the_proxy_a_forged_left_part_does_not_escape_the_lockout(client, boss, settings):
    settings.PROXY_COUNT = 1
    # The client writes what it likes on the left; nginx appends the address it saw.
    for n in range(5):
        login(client, "wrong", f"192.0.2.{n}, 203.0.113.9")
    assert login(client, "the-right-passphrase", "192.0.2.77, 203.0.113.9").status_code == 429
    assert login(client, "the-right-passphrase", "198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_without_the_proxy_setting_x_forwarded_for_is_ignored(client, boss, settings):
    settings.PROXY_COUNT = 0
    for n in range(5):
        login(client, "wrong", f"203.0.113.{n}")
    # Every attempt came from 10.0.0.2: a forged header cannot spread them out.
    assert login(client, "the-right-passphrase", "198.51.100.7").status_code == 429


def test_client_address_falls_back_when_the_header_is_missing_or_not_an_address(rf, settings):
    from osce_site.security import client_ip

    settings.PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "10.0.0.2"
    request.META["HTTP_X_FORWARDED_FOR"] = "1.2.3.4, not-an-address"
    assert client_ip(request) == "10.0.0.2"
    request.META["HTTP_X_FORWARDED_FOR"] = "1.2.3.4, 2001:DB8::1"
    assert client_ip(request) == "2001:db8::1"
    settings.PROXY_COUNT = 2  # a CDN in front of nginx: the CDN's entry is the client
    request.META["HTTP_X_FORWARDED_FOR"] = "6.6.6.6, 1.2.3.4, 10.9.8.7"
    assert client_ip(request) == "1.2.3.4"


@pytest.mark.parametrize(
    ("environment", "count"),
    [
        ({}, 0),
        ({"DJANGO_BEHIND_PROXY": "true"}, 1),
        ({"DJANGO_BEHIND_PROXY": "true", "DJANGO_PROXY_COUNT": "2"}, 2),
    ],
)
def test_behind_proxy_setting_chooses_how_the_client_address_is_read(environment, count):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.PROXY_COUNT, s.AXES_CLIENT_IP_CALLABLE)",
        DJANGO_DEBUG="true",
        **environment,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [str(count), "osce_site.security.client_ip"]
