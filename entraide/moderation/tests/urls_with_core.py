"""TEMPORARY (delete once the lead adds core's urls to entraide/urls.py)."""

from django.urls import include, path

from entraide.urls import urlpatterns as root_patterns

urlpatterns = [path("", include("entraide.core.urls")), *root_patterns]
