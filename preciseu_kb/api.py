"""The REST API under /api/v1/: the router of every app's viewsets, the schema and its docs."""

app_name = "api"

urlpatterns = []
