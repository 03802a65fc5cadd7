from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ecopermit.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Django 6.1 puts "- Select an option -" first in every select and has no Chinese for it; our own msgid
        # gives every select's empty choice the Chinese "— 请选择 —" (issue 11 item 4).
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = _("— Select —")
