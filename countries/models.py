from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from taxonomy.languages import cldr_territory, clean_names, current_language, localized


class CountryQuerySet(models.QuerySet):
    def participating_states(self):
        return self.filter(group=Country.Group.PARTICIPATING_STATE)


class Country(models.Model):
    class Group(models.TextChoices):
        PARTICIPATING_STATE = "participating_state", _("Participating State")
        ASIAN_PARTNER = "asian_partner", _("Asian Partner for Co-operation")
        MEDITERRANEAN_PARTNER = "mediterranean_partner", _("Mediterranean Partner for Co-operation")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    iso_code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        help_text=_("ISO 3166-1 alpha-2 code in capitals, e.g. CH."),
    )
    group = models.CharField(_("group"), max_length=32, choices=Group.choices, db_index=True)
    sort_name = models.CharField(
        _("sort name"),
        max_length=100,
        blank=True,
        help_text=_("Used to order lists; filled from the name without a leading 'The'."),
    )

    names = models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "Only where the organisation writes a country's name differently from the "
            "standard (CLDR) name in that language; otherwise left empty."
        ),
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.names = clean_names(self.names, max_length=100)
        if not self.sort_name:
            self.sort_name = self.name.removeprefix("The ")
        self.iso_code = self.iso_code.upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("releases:country", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        self.names = clean_names(self.names, max_length=100)

    def standard_name(self, language=None):
        """The CLDR name in `language` (Babel, by ISO code), or "" if it has none; in
        the default language the name as the organisation writes it."""
        code = current_language(language)
        if code == settings.LANGUAGE_CODE:
            return self.name
        return cldr_territory(code, self.iso_code)

    def localized_name(self, language=None):
        """The name in `language` (the active one by default): an editor's override in
        `names`, else the CLDR name, else the English name. English is always `name`
        ("Türkiye", "The Netherlands" as the organisation writes them)."""
        return localized(self.names, self.standard_name(language) or self.name, language)


class ChairpersonshipQuerySet(models.QuerySet):
    def current(self, *, today=None):
        """The chairpersonship of today's year, or None."""
        year = (today or timezone.localdate()).year
        return self.select_related("country").filter(year=year).first()


class Chairpersonship(models.Model):
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="chairpersonships",
        verbose_name=_("country"),
    )
    year = models.PositiveSmallIntegerField(_("year"), unique=True)

    objects = ChairpersonshipQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("chairpersonship")
        verbose_name_plural = _("chairpersonships")

    def __str__(self):
        return chairpersonship_label(self.country.localized_name(), self.year)


def chairpersonship_label(country, year):
    """ "Switzerland – OSCE Chairpersonship 2026" in the active language, with the
    country's name in that language."""
    return gettext("%(country)s – OSCE Chairpersonship %(year)s") % {
        "country": country,
        "year": year,
    }
