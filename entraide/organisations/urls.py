from django.urls import path

from entraide.organisations import views

app_name = "organisations"
urlpatterns = [
    path("<slug:territory_slug>/annuaire/", views.directory, name="directory"),
    path("organisations/", views.mine, name="mine"),
    path("organisations/nouvelle/", views.create, name="create"),
    path("organisations/verifications/", views.verification_queue, name="verification_queue"),
    path("organisations/<slug:slug>/", views.detail, name="detail"),
]
