from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .languages import clean_names, localized

NAMES_HELP = _(
    "The name in each of the site's other languages; a language left empty shows the English name."
)


def names_field(verbose_name=None, help_text=NAMES_HELP):
    """A term's names in the site's other languages, {"fr": "…", "ru": "…"}: edited in
    the admin as one text box per language (taxonomy.admin), so not a form field here."""
    return models.JSONField(
        verbose_name or _("names in other languages"),
        default=dict,
        blank=True,
        editable=False,
        help_text=help_text,
    )


class NameSlugModel(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first in menus and lists.")
    )
    names = names_field()

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.names = clean_names(self.names, max_length=200)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.names = clean_names(self.names, max_length=200)

    def localized_name(self, language=None):
        """The name in `language` (the active one by default), else the English name."""
        return localized(self.names, self.name, language)


class FieldOfWork(NameSlugModel):
    class Meta(NameSlugModel.Meta):
        verbose_name = _("field of work")
        verbose_name_plural = _("fields of work")

    def get_absolute_url(self):
        return reverse("releases:field", kwargs={"slug": self.slug})


class MeetingType(NameSlugModel):
    class Meta(NameSlugModel.Meta):
        verbose_name = _("meeting type")
        verbose_name_plural = _("meeting types")

    def get_absolute_url(self):
        return reverse("releases:meeting", kwargs={"slug": self.slug})


class Structure(models.Model):
    """A node of the "structures and institutions" tree: an office, institution,
    field operation, or a group that only gathers others (Field operations)."""

    class Kind(models.TextChoices):
        CHAIRPERSONSHIP = "chairpersonship", _("Chairpersonship")
        SECRETARIAT = "secretariat", _("Secretariat")
        SECRETARIAT_UNIT = "secretariat_unit", _("Secretariat unit")
        INSTITUTION = "institution", _("Institution")
        FIELD_OPERATION = "field_operation", _("Field operation")
        PARLIAMENTARY_ASSEMBLY = "parliamentary_assembly", _("Parliamentary Assembly")
        COURT = "court", _("Court")
        GROUP = "group", _("Group")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    public_name = models.CharField(
        _("public name"),
        max_length=220,
        blank=True,
        help_text=_(
            "How the office is named as a source of a release, e.g. "
            "'OSCE Mission in Kosovo'. Left blank, 'OSCE' and the name are used."
        ),
    )
    names = names_field()
    public_names = names_field(
        _("public names in other languages"),
        help_text=_(
            "The public name in each of the site's other languages, e.g. "
            "'Mission de l'OSCE au Kosovo'. Left empty, the name in that language is used."
        ),
    )
    short_name = models.CharField(
        _("short name"), max_length=30, blank=True, help_text=_("e.g. ODIHR")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Position among its siblings; lower comes first.")
    )
    host_country = models.ForeignKey(
        "countries.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_structures",
        verbose_name=_("host country"),
        help_text=_("The participating state hosting a field operation, if any."),
    )
    location = models.CharField(
        _("location"),
        max_length=120,
        blank=True,
        help_text=_("City or territory, for offices with no host country such as Kosovo."),
    )
    description = models.TextField(_("description"), blank=True)
    opened_in = models.PositiveSmallIntegerField(_("opened in (year)"), null=True, blank=True)
    closed_in = models.PositiveSmallIntegerField(
        _("closed in (year)"),
        null=True,
        blank=True,
        help_text=_("Set when the office or field activity has closed."),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_in__isnull=True)
                | models.Q(opened_in__isnull=True)
                | models.Q(closed_in__gte=models.F("opened_in")),
                name="structure_closed_after_opened",
            ),
        ]

    def __str__(self):
        # With its parent, so "Conflict Prevention Centre" reads as the Secretariat's unit
        # in choices and autocompletes: "Secretariat › Conflict Prevention Centre".
        if self.parent_id is not None:
            return f"{self.parent.name} › {self.name}"
        return self.name

    def save(self, *args, **kwargs):
        if not self.public_name and self.kind != self.Kind.GROUP:
            self.public_name = f"OSCE {self.name}"
        self.names = clean_names(self.names, max_length=200)
        self.public_names = clean_names(self.public_names, max_length=220)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("releases:structure", kwargs={"slug": self.slug})

    def clean(self):
        self.names = clean_names(self.names, max_length=200)
        self.public_names = clean_names(self.public_names, max_length=220)
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("An office cannot be placed under itself.")})
            seen.add(node.pk)
            node = node.parent

    def localized_name(self, language=None):
        """The name in `language` (the active one by default), else the English name."""
        return localized(self.names, self.name, language)

    def localized_public_name(self, language=None):
        """How the office is named as a source in `language`: its public name there,
        else its name there, else the English public name (or name)."""
        english = self.public_name or self.name
        return localized(self.public_names, localized(self.names, english, language), language)

    @property
    def is_active(self):
        return self.closed_in is None

    @property
    def display_name(self):
        """The public name in the active language."""
        return self.localized_public_name()
