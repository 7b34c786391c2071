"""Refuse admin query strings that no database query can take."""

from django.conf import settings
from django.core.exceptions import BadRequest


class AdminQueryNulMiddleware:
    """The admin passes search terms (the list's ?q=, every autocomplete's ?term=) and
    list filter values straight into queries, and PostgreSQL refuses a NUL character in
    text with an error, which would be a 500 (SQLite takes it). Such a query string
    cannot name anything, so it is a 400 for every admin page at once."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        if request.path_info.startswith(self.prefix) and any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the query string")
        return self.get_response(request)
