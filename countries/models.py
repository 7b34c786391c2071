from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.sort_name:
            self.sort_name = self.name.removeprefix("The ")
        self.iso_code = self.iso_code.upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("releases:country", kwargs={"slug": self.slug})


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

    def __str__(self):
        return _("%(country)s – OSCE Chairpersonship %(year)s") % {
            "country": self.country.name,
            "year": self.year,
        }
