"""The newsroom's filter rules, in one place: the listing, the entity pages and the feeds
all narrow PressRelease.objects.published() through PressReleaseFilter."""

import datetime
import re
from functools import partial

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from taxonomy.vocabulary import vocabulary

from . import search
from .models import PressRelease, TaggedPressRelease

MAX_VALUES = 50
TAG_SLUG = re.compile(r"[\w-]{1,100}")


class SlugField(forms.MultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("“%(value)s” is not a known value for this filter."),
        "too_many": _("Choose at most %(limit)s values."),
    }

    def validate(self, value):
        if len(value) > MAX_VALUES:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": MAX_VALUES}
            )
        super().validate(value)


class TypeFilter(django_filters.MultipleChoiceFilter):
    field_class = SlugField


def term_choices(terms):
    return [(term.slug, term.name) for term in getattr(vocabulary(), terms)]


class TermFilter(django_filters.MultipleChoiceFilter):
    """Several slugs of one vocabulary: OR within the filter, by EXISTS on the relation's
    table, so no join multiplies rows and no DISTINCT is needed."""

    field_class = SlugField

    def __init__(self, *, terms, relation, label, **kwargs):
        self.terms = terms  # name of the Vocabulary attribute
        self.relation = relation
        # A plain function, not a bound method: form fields are deep-copied per request.
        super().__init__(label=label, choices=partial(term_choices, terms), **kwargs)

    def term_ids(self, slugs):
        wanted = set(slugs)
        return {term.pk for term in getattr(vocabulary(), self.terms) if term.slug in wanted}

    def filter(self, qs, value):
        if not value:
            return qs
        field = PressRelease._meta.get_field(self.relation)
        through = field.remote_field.through
        target = field.m2m_reverse_name()
        rows = through.objects.filter(
            **{field.m2m_column_name(): OuterRef("pk"), f"{target}__in": self.term_ids(value)}
        )
        return qs.filter(Exists(rows))


class SourceFilter(TermFilter):
    """An office includes the offices below it: Secretariat includes its units."""

    def term_ids(self, slugs):
        return vocabulary().subtree_ids(super().term_ids(slugs))


class TagSlugs(list):
    """The selected tag slugs, with the tags' names ({slug: name}) read when they were
    validated: the listing and the feed describe the filter by name; and their ids, for
    the listing engine."""

    names = None
    ids = None


class TagField(SlugField):
    def valid_value(self, value):
        return True

    def clean(self, value):
        slugs = TagSlugs(super().clean(value))
        slugs.names, slugs.ids = self.names, self.ids
        return slugs

    def validate(self, value):
        super().validate(value)
        self.names, self.ids = {}, set()
        if not value:
            return  # the usual case: no tag filter, and no query to build
        for slug in value:
            # Checked before any query: PostgreSQL refuses a NUL byte with an error.
            if not TAG_SLUG.fullmatch(slug):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": slug},
                )
        found = Tag.objects.filter(slug__in=value).values_list("slug", "name", "pk")
        self.names = {slug: name for slug, name, _pk in found}
        self.ids = {pk for _slug, _name, pk in found}
        unknown = [slug for slug in value if slug not in self.names]
        if unknown:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": unknown[0]},
            )


class TagFilter(django_filters.MultipleChoiceFilter):
    field_class = TagField

    def filter(self, qs, value):
        if not value:
            return qs
        rows = TaggedPressRelease.objects.filter(
            content_object_id=OuterRef("pk"), tag__slug__in=value
        )
        return qs.filter(Exists(rows))


class SearchField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            max_length=search.MAX_LENGTH,
            strip=True,
            error_messages={
                "max_length": _(
                    "Search text can be at most %(limit_value)d characters (it has %(show_value)d)."
                )
            },
            **kwargs,
        )


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField

    def filter(self, qs, value):
        return search.apply(qs, value) if value else qs


class DateField(forms.DateField):
    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2024-09-23.")}

    def to_python(self, value):
        value = super().to_python(value)
        if value and not datetime.date(1900, 1, 1) <= value <= datetime.date(2999, 12, 31):
            raise forms.ValidationError(_("Enter a date between 1900 and 2999."))
        return value


class DateFilter(django_filters.DateFilter):
    field_class = DateField


class NewsroomForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end date is before the start date."))
        return data


class Sort:
    NEWEST = "newest"
    OLDEST = "oldest"
    RELEVANCE = "relevance"
    CHOICES = [
        (NEWEST, _("Newest first")),
        (OLDEST, _("Oldest first")),
        (RELEVANCE, _("Most relevant first")),
    ]


class PressReleaseFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    type = TypeFilter(
        field_name="release_type",
        choices=PressRelease.ReleaseType.choices,
        label=_("Type"),
        distinct=False,
    )
    field = TermFilter(terms="fields", relation="fields_of_work", label=_("Field of work"))
    country = TermFilter(terms="countries", relation="countries", label=_("Country"))
    source = SourceFilter(terms="structures", relation="sources", label=_("Office"))
    meeting = TermFilter(terms="meetings", relation="meeting_types", label=_("Meeting"))
    tag = TagFilter(label=_("Tag"))
    date_from = DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = DateFilter(field_name="date", lookup_expr="lte", label=_("To"))
    sort = django_filters.ChoiceFilter(
        choices=Sort.CHOICES, label=_("Sort"), method="sort_by", empty_label=None
    )

    class Meta:
        model = PressRelease
        fields = ["q", "type", "field", "country", "source", "meeting", "tag"]
        form = NewsroomForm

    FACETS = ["type", "field", "country", "source", "meeting", "tag"]

    _form_class = None

    def get_form_class(self):
        """One form class per process, not one per request: django-filter builds a new
        class (and every field in it) for each FilterSet, a third of the cost of
        validating an empty query. The fields hold nothing request-specific: term choices
        are callables read from the current vocabulary whenever they are iterated."""
        cls = type(self)
        if cls.__dict__.get("_form_class") is None:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def sort_by(self, qs, name, value):
        return qs  # applied last, in `qs`, once every filter has narrowed the set

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            queryset = super().qs
            self._qs = queryset.order_by(*self.ordering())
        return self._qs

    def ordering(self):
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        sort = data.get("sort") or Sort.NEWEST
        if sort == Sort.OLDEST:
            return ["date", "id"]
        if sort == Sort.RELEVANCE and data.get("q") and search.uses_postgres():
            return ["-rank", "-date", "-id"]
        return ["-date", "-id"]

    def filter_queryset_except(self, name):
        """The published set narrowed by every active filter but `name` (for facets)."""
        queryset = self.queryset
        for other, value in self.form.cleaned_data.items():
            if other not in (name, "sort"):
                queryset = self.filters[other].filter(queryset, value)
        return queryset


# "from" and "to" are the public parameter names; "from" cannot be a class attribute.
PressReleaseFilter.base_filters["from"] = PressReleaseFilter.base_filters.pop("date_from")
PressReleaseFilter.base_filters["to"] = PressReleaseFilter.base_filters.pop("date_to")
