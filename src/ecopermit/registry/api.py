"""REST API of the inventory (read-only), scoped exactly like the screens."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from ecopermit.accounts.access import RolePermission
from ecopermit.accounts.roles import INVENTORY_READERS
from ecopermit.registry import models as m
from ecopermit.registry import selectors
from ecopermit.registry.selectors import FacilityFilter


class OutletLimitSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.OutletLimit
        fields = [
            "pollutant_code",
            "pollutant_name",
            "statistic",
            "value",
            "unit",
            "source",
            "valid_from",
            "valid_to",
        ]


class OutletSerializer(serializers.ModelSerializer):
    limits = OutletLimitSerializer(many=True, read_only=True)

    class Meta:
        model = m.Outlet
        fields = [
            "code",
            "name",
            "medium",
            "kind",
            "lat",
            "lon",
            "standard",
            "auto_monitoring_installed",
            "auto_monitoring_networked",
            "standardized",
            "limits",
        ]


class BoilerSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.Boiler
        fields = ["name", "fuel", "capacity", "capacity_unit"]


class FurnaceSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.Furnace
        fields = ["name", "kind", "energy"]


class WaterTreatmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.WaterTreatment
        fields = ["name", "kind", "capacity_t_per_day"]


class QuantitySerializer(serializers.ModelSerializer):
    class Meta:
        model = m.FacilityQuantity
        fields = ["kind", "year", "value", "from_eia"]


class PermitSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.Permit
        fields = ["number", "management_class", "issued_on", "valid_until"]


class RegistrationSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.Registration
        fields = ["number", "registered_on", "valid_until"]


class EiaSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.EiaApproval
        fields = ["number", "project_name", "report_type", "approved_on", "approving_body"]


class FacilitySerializer(serializers.ModelSerializer):
    town = serializers.CharField(source="town.name")
    park = serializers.CharField(source="park.name", allow_null=True, default=None)
    industry_codes = serializers.SerializerMethodField()

    class Meta:
        model = m.Facility
        fields = [
            "id",
            "name",
            "credit_code",
            "legal_representative",
            "address",
            "town",
            "park",
            "lat",
            "lon",
            "industry_codes",
            "status",
            "land_area_mu",
            "output_value_10k",
            "on_key_list",
            "in_industrial_building",
            "management_class",
            "permit_status",
            "is_demo",
        ]

    def get_industry_codes(self, obj: m.Facility) -> list[str]:
        return [i.code for i in obj.industries.all()]


class FacilityDetailSerializer(FacilitySerializer):
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
    boilers = BoilerSerializer(many=True, read_only=True)
    furnaces = FurnaceSerializer(many=True, read_only=True)
    processes = serializers.SerializerMethodField()
    quantities = QuantitySerializer(many=True, read_only=True)
    water_treatments = WaterTreatmentSerializer(many=True, read_only=True)
    outlets = OutletSerializer(many=True, read_only=True)
    eia_approvals = EiaSerializer(many=True, read_only=True)
    permits = PermitSerializer(many=True, read_only=True)
    registrations = RegistrationSerializer(many=True, read_only=True)

    class Meta(FacilitySerializer.Meta):
        fields = [
            *FacilitySerializer.Meta.fields,
            "contact_name",
            "contact_phone",
            "boilers",
            "furnaces",
            "processes",
            "quantities",
            "water_treatments",
            "outlets",
            "eia_approvals",
            "permits",
            "registrations",
        ]

    def get_processes(self, obj: m.Facility) -> list[str]:
        return [p.process for p in obj.processes.all()]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="name or credit code"),
            OpenApiParameter("town", int),
            OpenApiParameter("park", int),
            OpenApiParameter("industry", str, description="GB/T 4754-2017 code prefix, 2 to 4 digits"),
            OpenApiParameter("management_class", str),
            OpenApiParameter("permit_status", str),
            OpenApiParameter("status", str),
        ]
    )
)
class FacilityViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [RolePermission]
    allowed_roles = INVENTORY_READERS
    filter_backends: list = []
    lookup_value_converter = "int"

    def get_serializer_class(self):
        return FacilityDetailSerializer if self.action == "retrieve" else FacilitySerializer

    def get_queryset(self):
        p = self.request.query_params
        f = FacilityFilter(
            text=p.get("q", ""),
            town=_int(p.get("town")),
            park=_int(p.get("park")),
            industry=p.get("industry", "").lstrip("ABCDEFGHIJKLMNOPQRST"),
            management_class=p.get("management_class", ""),
            permit_status=p.get("permit_status", ""),
            status=p.get("status", ""),
        )
        qs = selectors.facility_list(self.request.scope, f).prefetch_related("industries")
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                "boilers",
                "furnaces",
                "processes",
                "quantities",
                "water_treatments",
                "outlets__limits",
                "eia_approvals",
                "permits",
                "registrations",
            )
        return qs


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return -1  # an unparseable id matches nothing
