from django.urls import path

from entraide.volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("benevolat/profil/", views.profile, name="profile"),
    path("benevolat/actions-pour-moi/", views.actions_for_me, name="actions_for_me"),
    path("organisations/<slug:slug>/benevoles/", views.search, name="search"),
    path("organisations/<slug:slug>/benevoles/<int:profile_id>/contacter/", views.propose, name="propose"),
]  # fmt: skip
