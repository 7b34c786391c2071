from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext, gettext_noop

from countries.models import Country, chairpersonship_label
from osce_site.cache import TAXONOMY, version
from taxonomy.vocabulary import vocabulary

# The site's colours outside its pages (the browser's bar, the web app manifest): the
# navy and the white of static/css/site.css.
THEME_COLOR = "#0c2a4d"
BACKGROUND_COLOR = "#ffffff"

# The organisation's name in the catalogues: settings.SITE_NAME ("OSCE" by default) is
# shown through gettext, so "ОБСЕ" under /ru/ and "OSZE" under /de/.
gettext_noop("OSCE")


def site_name():
    """settings.SITE_NAME in the active language (its translation in the catalogue)."""
    return gettext(settings.SITE_NAME)


def site(request):
    return {
        "menu": SimpleLazyObject(navigation_menu),
        # What the rendered menu depends on: the vocabulary and the year.
        "menu_key": SimpleLazyObject(lambda: f"{version(TAXONOMY)}-{timezone.localdate().year}"),
        "site_name": site_name(),
        "theme_color": THEME_COLOR,
    }


def navigation_menu():
    """The site menu in the active language, from the cached vocabulary and today's date
    (the chairpersonship label moves with the year, not with a hard-coded string)."""
    terms = vocabulary()
    year = timezone.localdate().year
    chair_pk = terms.chairs.get(year)
    menu = {
        "fields": terms.fields,
        "meetings": terms.meetings,
        "countries": {group: [] for group in Country.Group.values},
        "structures": structure_tree(terms.structures),
        "chair": None,
    }
    for country in terms.countries:
        menu["countries"][country.group].append(
            {"name": country.name, "url": country.url, "chair": country.pk == chair_pk}
        )
        if country.pk == chair_pk:
            menu["chair"] = {
                "country": country.name,
                "year": year,
                "url": country.url,
                "label": chairpersonship_label(country.name, year),
            }
    return menu


def structure_tree(structures):
    """Nest the vocabulary's ordered offices into dicts with their children."""
    nodes = {
        s.pk: {"name": s.name, "url": s.url, "closed": s.closed, "children": []} for s in structures
    }
    roots = []
    for s in structures:
        (nodes[s.parent_id]["children"] if s.parent_id in nodes else roots).append(nodes[s.pk])
    return roots
