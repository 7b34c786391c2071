"""Which language a request is answered in.

A public page's language is the one in its path (`/ru/…`), English without a prefix, and
nothing else: no `Accept-Language`, no cookie, so a page is the same for every visitor
and a shared cache or the page cache may keep it without `Vary: Accept-Language`.
Django's LocaleMiddleware would read the header and the cookie for unprefixed paths and
add that Vary to them; this replaces it.

The admin follows the language its user chose (Django's set_language stores it in the
LANGUAGE_COOKIE_NAME cookie): only on admin paths, which are never cached."""

from django.conf import settings
from django.utils import translation


def path_language(path):
    """The language of a public path: its prefix, else the default language."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def chosen_language(request):
    """The language a staff member chose for the admin (the cookie), if it is one of
    the site's."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return settings.LANGUAGE_CODE


def is_admin_path(path):
    return path.startswith(f"/{settings.ADMIN_URL}")


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        language = chosen_language(request) if is_admin_path(path) else path_language(path)
        # For this request only: the thread's language is restored after it (the page is
        # rendered by then), so nothing after it inherits the request's language.
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
