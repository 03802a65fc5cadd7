from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "ecopermit.disclosure"
    label = "disclosure"
    verbose_name = _("Disclosure: notices, enterprise self-disclosure, open days, data-error reports")
