"""The REST API, version 1: one router for every app's endpoints."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from fairfleet.inventory import api as inventory_api
from fairfleet.inventory.imports import api as imports_api
from fairfleet.reuse import api as reuse_api
from fairfleet.reuse.donations import api as donations_api
from fairfleet.reuse.marketplace import api as marketplace_api
from fairfleet.tenancy import api as tenancy_api

app_name = "api"

# Path converters (<uuid:public_id>), not regexes: a malformed id is a 404 and the schema says "uuid".
router = SimpleRouter(use_regex_path=False)
router.register("services", tenancy_api.ServiceViewSet, basename="service")
router.register("sites", tenancy_api.SiteViewSet, basename="site")
router.register("people", tenancy_api.PersonViewSet, basename="person")
router.register("device-models", inventory_api.DeviceModelViewSet, basename="device-model")
router.register("devices", inventory_api.DeviceViewSet, basename="device")
router.register("imports", imports_api.ImportJobViewSet, basename="import-job")
router.register("column-mappings", imports_api.ColumnMappingViewSet, basename="column-mapping")
router.register("custody-events", donations_api.CustodyEventViewSet, basename="custody-event")
router.register("reuse/assessments", reuse_api.AssessmentViewSet, basename="reuse-assessment")
router.register("reuse/erasures", reuse_api.ErasureRecordViewSet, basename="reuse-erasure")
router.register("marketplace/offers", marketplace_api.OfferViewSet, basename="marketplace-offer")
router.register("marketplace/reservations", marketplace_api.ReservationViewSet, basename="marketplace-reservation")

urlpatterns = [
    path("organisation/", tenancy_api.OrganisationView.as_view(), name="organisation"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
