from django.urls import path

from entraide.territories import views

app_name = "territories"
urlpatterns = [
    path("<slug:territory_slug>/", views.territory_home, name="home"),
]
