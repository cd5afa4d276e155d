from django.urls import path

from entraide.accounts import views

app_name = "accounts"
urlpatterns = [
    path("compte/profil/", views.profile, name="profile"),
    path("membres/<int:user_id>/", views.member, name="member"),
]
