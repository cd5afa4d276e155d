from django.urls import path

from entraide.aid import views

app_name = "aid"
urlpatterns = [
    path("entraide/", views.reaching_me, name="list"),
    path("entraide/nouvelle/", views.new_request, name="new"),
    path("entraide/mes-demandes/", views.my_requests, name="mine"),
    path("entraide/<int:request_id>/", views.detail, name="detail"),
    path("entraide/<int:request_id>/faire-suivre/", views.relay, name="relay"),
    path("entraide/<int:request_id>/repondre/", views.answer, name="answer"),
    path("entraide/<int:request_id>/resoudre/", views.resolve, name="resolve"),
    path("entraide/<int:request_id>/retirer/", views.withdraw, name="withdraw"),
]
