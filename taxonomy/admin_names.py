"""Names in the site's other languages in the admin: one text box per language of
settings.LANGUAGES (but the default one, which is the model's `name`) for each JSON
names field of a vocabulary model. The boxes are made from the settings on every
request, so a seventh language needs no code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .languages import other_languages


class NamesFormMixin:
    """Reads a JSON names field into its per-language boxes and writes them back before
    the model's own validation (clean_names) runs."""

    names_spec = {}  # JSON field -> {form field name: language code}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for json_field, boxes in self.names_spec.items():
            stored = getattr(self.instance, json_field, None) or {}
            for box, code in boxes.items():
                self.initial.setdefault(box, stored.get(code, ""))

    def clean(self):
        cleaned = super().clean()
        for json_field, boxes in self.names_spec.items():
            # Languages no longer configured keep their names.
            values = dict(getattr(self.instance, json_field, None) or {})
            for box, code in boxes.items():
                if box in cleaned:
                    values[code] = cleaned[box] or ""
            setattr(self.instance, json_field, values)
        return cleaned


def box_name(json_field, code):
    return f"{json_field}_{code.replace('-', '_')}"


class NamesAdminMixin:
    """For a ModelAdmin: `names_fields` maps each JSON names field to (fieldset title,
    box label with %(language)s, maximum length)."""

    names_fields = {}

    def names_boxes(self):
        return {
            json_field: {box_name(json_field, code): code for code, _name in other_languages()}
            for json_field in self.names_fields
        }

    def names_form(self, base):
        attrs, languages = {}, dict(other_languages())
        spec = self.names_boxes()
        for json_field, boxes in spec.items():
            _title, label, max_length = self.names_fields[json_field]
            for box, code in boxes.items():
                attrs[box] = forms.CharField(
                    label=label % {"language": languages[code]},
                    max_length=max_length,
                    required=False,
                    strip=True,
                )
        attrs["names_spec"] = spec
        return type(base.__name__, (NamesFormMixin, base), attrs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = self.names_form(kwargs.get("form", self.form))
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        spec = self.names_boxes()
        generated = {box for boxes in spec.values() for box in boxes}
        fieldsets = [
            (title, {**options, "fields": [f for f in options["fields"] if f not in generated]})
            for title, options in super().get_fieldsets(request, obj)
        ]
        for json_field, boxes in spec.items():
            title = self.names_fields[json_field][0]
            fieldsets.append((title, {"fields": list(boxes)}))
        return fieldsets


TERM_NAMES = {"names": (_("Names in other languages"), _("Name in %(language)s"), 200)}
