from rest_framework.routers import SimpleRouter

from ecopermit.registry.api import FacilityViewSet

router = SimpleRouter(trailing_slash=True, use_regex_path=False)
router.register("facilities", FacilityViewSet, basename="facility")
urlpatterns = router.urls
