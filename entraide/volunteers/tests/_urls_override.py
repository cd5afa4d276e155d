# TEMPORARY (helper volunteers-ui): delete once the lead wires entraide.volunteers.urls.
from django.urls import include, path

from entraide.urls import urlpatterns as root

urlpatterns = [
    path("", include("entraide.volunteers.urls")),
    path("", include("entraide.core.urls")),
    *root,
]
