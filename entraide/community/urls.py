from django.urls import path

from entraide.community import network_views, post_views, views

app_name = "community"
G = "groupes/<slug:group_slug>/"
M = "<int:group_membership_id>/"
P = "publications/<int:post_id>/"
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
    path("relations/invitation/qr.svg", network_views.invitation_qr, name="invitation_qr"),
    path(
        "relations/recommander/<int:action_id>/",
        network_views.recommend_action,
        name="recommend",
    ),
    # No group's slug in it (a secret group's name never shows): the token alone.
    path(
        "relations/invitation/groupe/<str:token>/",
        network_views.group_invitation,
        name="group_invitation",
    ),
    path("relations/invitation/<str:token>/", views.invitation, name="invitation"),
    path("groupes/", views.group_list, name="groups"),
    path("groupes/nouveau/", views.create_group, name="create_group"),
    path("groupes/fil/", post_views.personal_feed, name="personal_feed"),
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
    path(G + "admin/invitations/", network_views.group_invitations, name="group_invitations"),
    path(G + "admin/invitations/lien/", network_views.create_group_link, name="group_link"),
    path(
        G + "admin/invitations/retirer/",
        network_views.revoke_group_invitation,
        name="revoke_group_invitation",
    ),
    path(G + "sous-groupe/", network_views.create_subgroup, name="create_subgroup"),
    path(G + "admin/" + M, views.member_admin, name="member_admin"),
    path(G + "admin/" + M + "accepter/", views.approve, name="approve"),
    path(G + "admin/" + M + "refuser/", views.refuse, name="refuse"),
    path(G + "admin/" + M + "exclure/", views.revoke, name="revoke"),
    path(G + "admin/" + M + "role/", views.set_role, name="set_role"),
    path(G + "admin/" + M + "retablir/", views.restore_right, name="restore_right"),
    # Posts of a group (post_views.py).
    path(G + "publications/", post_views.group_posts, name="posts"),
    path(G + "publications/publier/", post_views.publish, name="publish"),
    path(G + P, post_views.post_detail, name="post"),
    path(G + P + "commenter/", post_views.comment, name="comment"),
    path(G + P + "reagir/", post_views.react, name="react"),
    path(G + P + "epingler/", post_views.pin, {"pinned": True}, name="pin"),
    path(G + P + "desepingler/", post_views.pin, {"pinned": False}, name="unpin"),
    path(G + P + "masquer/", post_views.hide_post, name="hide_post"),
    path(G + P + "signaler/", post_views.report, name="report_post"),
    path(
        G + P + "commentaires/<int:comment_id>/masquer/",
        post_views.hide_comment,
        name="hide_comment",
    ),
]
