from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path

from advisor import teams, views

urlpatterns = [
    path("", include("scans.urls")),
    path("history/", views.team_history, name="history"),
    path("teams/", teams.team_list, name="team-list"),
    path("teams/new", teams.team_new, name="team-new"),
    path("teams/<uuid:code>/", teams.team_detail, name="team-detail"),
    path("teams/<uuid:code>/members/add", teams.member_add, name="team-member-add"),
    path("teams/<uuid:code>/members/<int:membership_id>/role", teams.member_role, name="team-member-role"),
    path(
        "teams/<uuid:code>/members/<int:membership_id>/remove", teams.member_remove, name="team-member-remove"
    ),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("healthz", lambda request: HttpResponse("ok", content_type="text/plain"), name="healthz"),
]
