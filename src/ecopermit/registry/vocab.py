"""Controlled vocabularies of the inventory: the values the catalog engine reads (MISSION R2, C1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CreditLevel(models.TextChoices):
    """企业环境信用等级: the national four levels of 环发〔2013〕150号 plus "not rated" (the default until the
    credit issue rates facilities). The 双随机 draw reads it: good records are checked less, poor ones more."""

    GREEN = "green", _("Environmental integrity (green)")
    BLUE = "blue", _("Good (blue)")
    UNRATED = "unrated", _("Not rated")
    YELLOW = "yellow", _("Warning (yellow)")
    RED = "red", _("Poor (red)")


class OperatingStatus(models.TextChoices):
    OPERATING = "operating", _("In production")
    SUSPENDED = "suspended", _("Production suspended")
    CONSTRUCTION = "construction", _("Under construction")
    CLOSED = "closed", _("Closed")


class ManagementClass(models.TextChoices):
    """排污许可分类管理: the class a facility falls in (decided by the catalog engine; declared until then)."""

    KEY = "key", _("Key management")
    SIMPLIFIED = "simplified", _("Simplified management")
    REGISTRATION = "registration", _("Registration")
    NONE = "none", _("Outside the catalog")
    EXCLUDED = "excluded", _("Excluded (closure path)")
    UNKNOWN = "unknown", _("Not yet classified")


class PermitStatus(models.TextChoices):
    PERMIT_VALID = "permit_valid", _("Permit valid")
    PERMIT_EXPIRED = "permit_expired", _("Permit expired")
    REGISTERED = "registered", _("Registered")
    REGISTRATION_EXPIRED = "registration_expired", _("Registration expired")
    NONE = "none", _("No permit or registration")


class Fuel(models.TextChoices):
    GAS = "gas", _("Natural gas")
    COAL = "coal", _("Coal")
    OIL = "oil", _("Oil")
    BIOMASS = "biomass", _("Biomass")
    ELECTRIC = "electric", _("Electric")
    OTHER = "other", _("Other")


class CapacityUnit(models.TextChoices):
    T_PER_H = "t/h", _("t/h (steam)")
    MW = "MW", _("MW (hot water)")


class FurnaceKind(models.TextChoices):
    HEATING = "heating", _("Heating furnace")
    HEAT_TREATMENT = "heat_treatment", _("Heat-treatment furnace")
    DRYING = "drying", _("Drying furnace")
    MELTING = "melting", _("Melting furnace")
    OTHER = "other", _("Other furnace")


class Process(models.TextChoices):
    """Surface-treatment and coating processes (catalog row 111 and the industry rows that name them)."""

    ELECTROPLATING = "electroplating", _("Electroplating")
    PICKLING = "pickling", _("Pickling")
    CHROMIUM_PASSIVATION = "chromium_passivation", _("Chromium passivation")
    CHROMIUM_FREE_PASSIVATION = "chromium_free_passivation", _("Chromium-free passivation")
    PHOSPHATING = "phosphating", _("Phosphating")
    ANODIZING = "anodizing", _("Anodizing")
    CHEMICAL_POLISHING = "chemical_polishing", _("Chemical polishing")
    POLISHING = "polishing", _("Polishing")
    HOT_DIP = "hot_dip", _("Hot-dip coating")
    HOT_DIP_SOLVENT = "hot_dip_solvent", _("Hot-dip coating with solvent flux")
    QUENCHING = "quenching", _("Quenching")
    SPRAY_COATING = "spray_coating", _("Spray coating")
    SAND_BLASTING = "sand_blasting", _("Sand blasting")
    CASTING = "casting", _("Casting")
    WELDING = "welding", _("Welding")


class Quantity(models.TextChoices):
    """Yearly quantities the catalog compares with thresholds; kept per year (footnote: highest of 3 years)."""

    SOLVENT_COATING = "solvent_coating_adhesive_t_per_year", _("Solvent-based coating/adhesive use (t/yr)")
    WATER_COATING = "water_coating_t_per_year", _("Water-based coating use (t/yr)")
    AQUATIC_PRODUCTS = "aquatic_products_t_per_year", _("Aquatic products processed (t/yr)")
    CASTINGS = "castings_t_per_year", _("Castings produced (t/yr)")
    PLASTIC_PRODUCTS = "plastic_products_t_per_year", _("Plastic products (t/yr)")
    RUBBER_PRODUCTS = "rubber_products_t_per_year", _("Rubber products (t/yr)")
    SAND_STONE = "sand_stone_t_per_year", _("Sand and stone handled (t/yr)")
    SHIP_REPAIR = "ships_repaired_per_year", _("Ships repaired (per yr)")
    GRAIN_OIL = "grain_oil_t_per_year", _("Grain and oil processed (t/yr)")
    FEED = "feed_t_per_year", _("Feed produced (t/yr)")
    # Rows 81 and 111 (年使用10吨及以上有机溶剂) and rows 61/62 (年耗胶量) read these.
    ORGANIC_SOLVENT = "organic_solvent_t_per_year", _("Organic solvent use (t/yr)")
    RUBBER_CONSUMPTION = "rubber_consumption_t_per_year", _("Rubber consumption (t/yr)")


class Medium(models.TextChoices):
    GAS = "gas", _("Waste gas")
    WATER = "water", _("Waste water")


class OutletKind(models.TextChoices):
    MAIN = "main", _("Main outlet")
    GENERAL = "general", _("General outlet")


class Statistic(models.TextChoices):
    INSTANT = "instant", _("Instantaneous")
    HOURLY = "hourly", _("Hourly average")
    DAILY = "daily", _("Daily average")
    ANNUAL_TOTAL = "annual_total", _("Annual total")


class EiaReportType(models.TextChoices):
    REPORT = "report", _("EIA report (报告书)")
    FORM = "form", _("EIA form (报告表)")
    REGISTRATION = "registration", _("EIA registration (登记表)")


class AcceptanceKind(models.TextChoices):
    SELF = "self", _("Self-acceptance")
    GOVERNMENT = "government", _("Government acceptance")


class WaterTreatmentKind(models.TextChoices):
    INDUSTRIAL = "industrial", _("Industrial wastewater")
    DOMESTIC = "domestic", _("Domestic sewage")
    MIXED = "mixed", _("Mixed")


class ReminderKind(models.TextChoices):
    PERMIT_RENEWAL = "permit_renewal", _("Permit renewal")
    REGISTRATION_RENEWAL = "registration_renewal", _("Registration renewal")
    CHANGE = "change", _("Change of name, address or legal representative")


class ReportedProblem(models.TextChoices):
    """The kinds of problem a town or department may report on the survey's 问题 sheet (P1). The values are
    those of the rectification workflow's problem kinds, so the intake flow raises them one to one."""

    OVER_STANDARD = "over_standard", _("Emissions over the standard")
    OVER_TOTAL = "over_total", _("Key-pollutant totals over the permit, EIA or total-control limit")
    BUILT_BEFORE_APPROVAL = "built_before_approval", _("Built before approval (未批先建)")
    BUILT_NOT_AS_APPROVED = "built_not_as_approved", _("Built differently from the approval (批建不符)")
    NO_AUTO_MONITORING = "no_auto_monitoring", _("Automatic monitoring not installed")
    MONITORING_NOT_NETWORKED = "monitoring_not_networked", _("Automatic monitoring not networked")
    OUTLET_NOT_STANDARD = "outlet_not_standard", _("Outlets not set up to the rules")
    NO_PERMIT = "no_permit", _("No permit or registration")
    TREATMENT_NOT_RUNNING = "treatment_not_running", _("Treatment facility not running while production runs")
    OTHER_VIOLATION = "other_violation", _("Other violation")
