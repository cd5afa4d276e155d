from django.urls import path

from entraide.territories import views

app_name = "territories"
urlpatterns = [
    # The staff's page, outside the territory's own paths (`territoires` is reserved).
    path(
        "territoires/<slug:territory_slug>/charte/",
        views.publish_charter,
        name="publish_charter",
    ),
    path("<slug:territory_slug>/", views.territory_home, name="home"),
    path("<slug:territory_slug>/charte/", views.charter, name="charter"),
]
