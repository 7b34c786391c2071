from django.conf import settings
from django.core.cache import cache
from django.db.models import BooleanField, CharField, Exists, F, IntegerField, OuterRef, Value
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from countries.models import Chairpersonship, Country
from taxonomy.models import FieldOfWork, MeetingType, Structure

from .cache import TAXONOMY, version

MENU_TIMEOUT = 24 * 60 * 60


def site(request):
    return {
        "menu": SimpleLazyObject(navigation_menu),
        "site_name": settings.SITE_NAME,
    }


def navigation_menu():
    """The site menu as plain data, cached until a vocabulary changes (or the year
    turns, which moves the chairpersonship)."""
    year = timezone.localdate().year
    key = f"menu:{version(TAXONOMY)}:{year}:{get_language()}"
    menu = cache.get(key)
    if menu is None:
        menu = build_menu(year)
        cache.set(key, menu, MENU_TIMEOUT)
    return menu


def _terms(model, section):
    return (
        model.objects.order_by()
        .annotate(
            section=Value(section, output_field=CharField()),
            grp=Value("", output_field=CharField()),
            position=F("order"),
            sort=F("name"),
            chair=Value(False, output_field=BooleanField()),
        )
        .values_list("section", "name", "slug", "grp", "position", "sort", "chair")
    )


def build_menu(year):
    """Two queries: every field, meeting type and country in one UNION, then the tree."""
    countries = (
        Country.objects.order_by()
        .annotate(
            section=Value("country", output_field=CharField()),
            grp=F("group"),
            position=Value(0, output_field=IntegerField()),
            sort=F("sort_name"),
            chair=Exists(Chairpersonship.objects.filter(country=OuterRef("pk"), year=year)),
        )
        .values_list("section", "name", "slug", "grp", "position", "sort", "chair")
    )
    rows = (
        _terms(FieldOfWork, "field")
        .union(_terms(MeetingType, "meeting"), countries, all=True)
        .order_by("section", "position", "sort")
    )
    menu = {"fields": [], "meetings": [], "countries": {g: [] for g in Country.Group.values}}
    menu["chair"] = None
    for section, name, slug, group, _position, _sort, chair in rows:
        if section == "field":
            menu["fields"].append({"name": name, "url": FieldOfWork(slug=slug).get_absolute_url()})
        elif section == "meeting":
            menu["meetings"].append(
                {"name": name, "url": MeetingType(slug=slug).get_absolute_url()}
            )
        else:
            entry = {"name": name, "url": Country(slug=slug).get_absolute_url(), "chair": chair}
            menu["countries"][group].append(entry)
            if chair:
                menu["chair"] = {"country": name, "year": year, "url": entry["url"]}
    menu["structures"] = structure_tree(Structure.objects.all())
    return menu


def structure_tree(structures):
    """Nest an ordered list of structures into dicts with their children."""
    nodes = {
        s.pk: {
            "name": s.name,
            "url": s.get_absolute_url(),
            "kind": s.kind,
            "closed": s.closed_in is not None,
            "children": [],
        }
        for s in structures
    }
    roots = []
    for s in structures:
        (nodes[s.parent_id]["children"] if s.parent_id in nodes else roots).append(nodes[s.pk])
    return roots
