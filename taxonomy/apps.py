from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def taxonomy_changed(sender, **kwargs):
    from osce_site.cache import TAXONOMY, bump

    bump(TAXONOMY)


class TaxonomyConfig(AppConfig):
    name = "taxonomy"
    verbose_name = _("Taxonomy")

    def ready(self):
        # The menu is cached until any vocabulary it shows changes.
        from countries.models import Chairpersonship, Country

        from .models import FieldOfWork, MeetingType, Structure

        for model in (FieldOfWork, MeetingType, Structure, Country, Chairpersonship):
            post_save.connect(taxonomy_changed, sender=model, dispatch_uid=f"menu-{model}")
            post_delete.connect(taxonomy_changed, sender=model, dispatch_uid=f"menu-d-{model}")
