"""The public read API (issue 14): anonymous, read-only, rate-limited per address
(``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["public_api"]``), serializing the public fields only
(``public_fields.PUBLIC_FIELDS``). Its OpenAPI schema is at ``/public/api/schema/`` (the public patterns only)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import AnonRateThrottle

from ecopermit.portal import reads
from ecopermit.portal.public_fields import PUBLIC_FIELDS
from ecopermit.registry import facade as registry


class PublicApiThrottle(AnonRateThrottle):
    """Anonymous requests per client address, at the ``public_api`` rate of the settings."""

    scope = "public_api"


_DATES = {"inspected_on", "published_on", "decided_on", "issued_on", "deadline"}


def _field(key: str) -> serializers.Field:
    if key in _DATES:
        return serializers.DateField(read_only=True, allow_null=True)
    if key in ("id", "facility_id"):
        return serializers.IntegerField(read_only=True)
    if key in ("lat", "lon"):
        return serializers.FloatField(read_only=True, allow_null=True)
    if key == "amount":
        return serializers.DecimalField(
            max_digits=14, decimal_places=2, read_only=True, coerce_to_string=False
        )
    if key == "executed":
        return serializers.BooleanField(read_only=True)
    return serializers.CharField(read_only=True, allow_null=True)


def _serializer(kind: str, name: str) -> type[serializers.Serializer]:
    fields = {key: _field(key) for key, _label in PUBLIC_FIELDS[kind]}
    return type(name, (serializers.Serializer,), fields)


FacilitySerializer = _serializer("facility", "PublicFacility")
InspectionSerializer = _serializer("inspection", "PublicInspection")
PenaltySerializer = _serializer("penalty", "PublicPenaltyDecision")
NoticeSerializer = _serializer("rectification", "PublicRectificationNotice")

TOWN = OpenApiParameter("town", OpenApiTypes.STR, description="town/street division code")
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="year of publication (decision, notice)")


class _Public(generics.GenericAPIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicApiThrottle]
    renderer_classes = [JSONRenderer]  # data for programs: no browsable pages

    def town_year(self) -> tuple[str, int | None]:
        get = self.request.query_params
        raw = (get.get("year") or "").strip()
        year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None
        return (get.get("town") or "").strip()[:12], year


class FacilityList(_Public, generics.ListAPIView):
    serializer_class = FacilitySerializer

    @extend_schema(
        summary="Public facilities",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="name (contains) or credit code (prefix)"),
            TOWN,
            OpenApiParameter("industry", OpenApiTypes.STR, description="GB/T 4754 code prefix"),
            OpenApiParameter("class", OpenApiTypes.STR, description="management class"),
            OpenApiParameter("credit", OpenApiTypes.STR, description="credit level"),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        return reads.facility_rows(reads.Filters.from_query(self.request.query_params))

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        return None if page is None else [reads.facility_public(r) for r in page]


class FacilityDetail(_Public, generics.RetrieveAPIView):
    serializer_class = FacilitySerializer

    @extend_schema(summary="One public facility")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self) -> Any:
        row = registry.public_facility(int(self.kwargs["pk"]))
        if row is None:
            raise Http404
        return reads.facility_public(row)


class InspectionList(_Public, generics.ListAPIView):
    serializer_class = InspectionSerializer

    @extend_schema(summary="Published inspection results", parameters=[TOWN, YEAR])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no rows needed
            return []
        town, year = self.town_year()
        return reads.inspection_rows(town=town, year=year)


class PenaltyList(_Public, generics.ListAPIView):
    serializer_class = PenaltySerializer

    @extend_schema(summary="Penalty decisions (published form)", parameters=[TOWN, YEAR])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no rows needed
            return []
        town, year = self.town_year()
        return reads.penalty_rows(town=town, year=year)


class NoticeList(_Public, generics.ListAPIView):
    serializer_class = NoticeSerializer

    @extend_schema(summary="Rectification notices", parameters=[TOWN, YEAR])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no rows needed
            return []
        town, year = self.town_year()
        return reads.rectification_rows(town=town, year=year)
