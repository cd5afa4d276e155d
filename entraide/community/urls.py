from django.urls import path

from entraide.community import views

app_name = "community"
G = "groupes/<slug:group_slug>/"
M = "<int:group_membership_id>/"
urlpatterns = [
    path("relations/", views.connections, name="connections"),
    path("relations/demander/<int:user_id>/", views.ask_connection, name="ask"),
    path("relations/bloquer/<int:user_id>/", views.block_person, name="block"),
    path(
        "relations/<int:connection_id>/accepter/",
        views.answer_connection,
        {"decision": "accepter"},
        name="accept",
    ),
    path(
        "relations/<int:connection_id>/decliner/",
        views.answer_connection,
        {"decision": "decliner"},
        name="decline",
    ),
    path("relations/<int:connection_id>/retirer/", views.remove_connection, name="remove"),
    path("relations/invitation/", views.create_invitation, name="create_invitation"),
    path("relations/invitation/<str:token>/", views.invitation, name="invitation"),
    path("groupes/", views.group_list, name="groups"),
    path("groupes/nouveau/", views.create_group, name="create_group"),
    path(G, views.group, name="group"),
    path(G + "rejoindre/", views.join_group, name="join"),
    path(G + "quitter/", views.leave_group, name="leave"),
    path(G + "charte/", views.charter, name="charter"),
    path(G + "membres/", views.members, name="members"),
    path(G + "candidats/" + M, views.candidate, name="candidate"),
    path(G + "confiance/" + M, views.give_trust, name="trust"),
    path(G + "mes-parrainages/", views.my_sponsorships, name="my_sponsorships"),
    path(G + "admin/", views.group_admin, name="admin"),
    path(G + "admin/charte/", views.publish_charter, name="publish_charter"),
    path(G + "admin/" + M, views.member_admin, name="member_admin"),
    path(G + "admin/" + M + "accepter/", views.approve, name="approve"),
    path(G + "admin/" + M + "refuser/", views.refuse, name="refuse"),
    path(G + "admin/" + M + "exclure/", views.revoke, name="revoke"),
    path(G + "admin/" + M + "role/", views.set_role, name="set_role"),
    path(G + "admin/" + M + "retablir/", views.restore_right, name="restore_right"),
]
