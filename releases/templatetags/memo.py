"""{% memo "name" value ... %}…{% endmemo %}: markup rendered once per process for each
combination of the values given (and the active language and script prefix), then
reused. For the page chrome (header, menu, footer), which is the same for every request:
rendering it cost more than the rest of a cached release page, and fetching it from a
shared cache still meant a round trip and 15 KB per request.

What is inside must not depend on the request or the user. Whatever it shows from the
database must be named by a value that changes with it: the menu gives the taxonomy
version stamp, which every process reads through the shared cache, so a vocabulary
change reaches every process on its next request."""

import threading

from django import template
from django.urls import get_script_prefix
from django.utils.translation import get_language

register = template.Library()

LIMIT = 64  # entries per process; the chrome needs a handful per language
_store = {}
_lock = threading.Lock()


def clear():
    with _lock:
        _store.clear()


class MemoNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context):
        key = (
            self.name,
            *(value.resolve(context) for value in self.values),
            get_language(),
            get_script_prefix(),
        )
        key = tuple(map(str, key))
        found = _store.get(key)
        if found is None:
            found = self.nodelist.render(context)
            with _lock:
                if len(_store) >= LIMIT:
                    _store.clear()
                _store[key] = found
        return found


@register.tag
def memo(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'memo' needs a fragment name.")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return MemoNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
