"""Team pages: who may see and manage a team, the last-owner rule, and the history filter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisor.membership import LAST_OWNER_TEXT
from advisor.models import Membership, Team
from tests.factories import MembershipFactory, ScanFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

UNKNOWN_CODE = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def as_role(request, client, client_for):
    """A client logged in as the named fixture user, or anonymous for "anonymous"."""

    def login(who: str):
        return client if who == "anonymous" else client_for(request.getfixturevalue(who))

    return login


def role_of(team: Team, user) -> str | None:
    membership = Membership.objects.filter(team=team, user=user).first()
    return membership.role if membership else None


@pytest.mark.parametrize("who, status", [("owner", 200), ("member", 200), ("viewer", 200), ("outsider", 200)])
def test_it_shows_the_team_pages_to_every_logged_in_user(as_role, who, status):
    assert as_role(who).get(reverse("team-list")).status_code == status
    assert as_role(who).get(reverse("team-new")).status_code == status


@pytest.mark.parametrize("who, status", [("owner", 200), ("member", 200), ("viewer", 200), ("outsider", 404)])
def test_it_shows_a_team_page_to_members_only(as_role, team, who, status):
    assert as_role(who).get(reverse("team-detail", args=[team.code])).status_code == status


@pytest.mark.parametrize("name", ["team-list", "team-new"])
def test_it_sends_anonymous_visitors_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={reverse(name)}"


def test_it_sends_anonymous_visitors_of_a_team_page_to_log_in(client, team):
    assert client.get(reverse("team-detail", args=[team.code])).status_code == 302


def test_it_answers_404_for_an_unknown_team(client_for, owner):
    assert client_for(owner).get(f"/teams/{UNKNOWN_CODE}/").status_code == 404


def test_it_lists_my_teams_with_my_role_and_not_other_teams(client_for, team, viewer):
    TeamFactory(name="Secret squad")
    html = client_for(viewer).get(reverse("team-list")).content.decode()
    assert f'<a href="/teams/{team.code}/">Platform</a></td><td>viewer</td>' in html
    assert "Secret squad" not in html


def test_it_creates_a_team_with_the_creator_as_owner(client_for, outsider):
    response = client_for(outsider).post(reverse("team-new"), {"name": "Red team"})
    team = Team.objects.get(name="Red team")
    assert response.status_code == 302
    assert response["Location"] == f"/teams/{team.code}/"
    assert role_of(team, outsider) == "owner"
    assert team.memberships.count() == 1


def test_it_refuses_a_team_without_a_name(client_for, outsider):
    response = client_for(outsider).post(reverse("team-new"), {"name": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Team.objects.count() == 1  # only the outsider's own team


def test_it_shows_members_and_recent_scans_on_the_team_page(client_for, team, owner, viewer):
    scan = ScanFactory(team=team, filename="api.Dockerfile")
    ScanFactory(team=TeamFactory(), filename="other.Dockerfile")
    html = client_for(viewer).get(reverse("team-detail", args=[team.code])).content.decode()
    assert f"<td>{owner.username}</td><td>owner</td>" in html
    assert f"<td>{viewer.username}</td><td>viewer</td>" in html
    assert f'href="/scans/{scan.code}/">{scan.code8}</a></td><td>api.Dockerfile</td>' in html
    assert "other.Dockerfile" not in html
    assert f'href="/history/?team={team.code}"' in html


def test_it_shows_management_forms_to_owners_only(client_for, team, owner, member):
    add_url = reverse("team-member-add", args=[team.code])
    assert add_url in client_for(owner).get(reverse("team-detail", args=[team.code])).content.decode()
    assert add_url not in client_for(member).get(reverse("team-detail", args=[team.code])).content.decode()


# --- managing members: owners 302, members and viewers 403, outsiders 404, anonymous to login

MANAGE_MATRIX = [("owner", 302), ("member", 403), ("viewer", 403), ("outsider", 404), ("anonymous", 302)]


@pytest.mark.parametrize("who, status", MANAGE_MATRIX)
def test_it_lets_only_owners_add_members(as_role, team, who, status):
    newcomer = UserFactory(username="newcomer")
    data = {"username": "newcomer", "role": "viewer"}
    response = as_role(who).post(reverse("team-member-add", args=[team.code]), data)
    assert response.status_code == status
    assert role_of(team, newcomer) == ("viewer" if who == "owner" else None)


@pytest.mark.parametrize("who, status", MANAGE_MATRIX)
def test_it_lets_only_owners_change_roles(as_role, team, who, status):
    target = MembershipFactory(team=team, role=Membership.Role.MEMBER)
    url = reverse("team-member-role", args=[team.code, target.id])
    response = as_role(who).post(url, {"role": "viewer"})
    assert response.status_code == status
    target.refresh_from_db()
    assert target.role == ("viewer" if who == "owner" else "member")


@pytest.mark.parametrize("who, status", MANAGE_MATRIX)
def test_it_lets_only_owners_remove_members(as_role, team, who, status):
    target = MembershipFactory(team=team, role=Membership.Role.MEMBER)
    response = as_role(who).post(reverse("team-member-remove", args=[team.code, target.id]))
    assert response.status_code == status
    assert Membership.objects.filter(id=target.id).exists() is (who != "owner")


def test_it_sends_anonymous_managers_to_log_in(client, team):
    target = MembershipFactory(team=team)
    response = client.post(reverse("team-member-remove", args=[team.code, target.id]))
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("name", ["team-member-role", "team-member-remove"])
def test_it_answers_404_for_a_membership_of_another_team(client_for, team, owner, name):
    elsewhere = MembershipFactory(role=Membership.Role.MEMBER)
    response = client_for(owner).post(reverse(name, args=[team.code, elsewhere.id]), {"role": "owner"})
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.role == "member"


@pytest.mark.parametrize("name", ["team-member-add", "team-member-role", "team-member-remove"])
def test_it_refuses_get_on_management_actions(client_for, team, owner, name):
    args = [team.code] if name == "team-member-add" else [team.code, owner.memberships.get().id]
    assert client_for(owner).get(reverse(name, args=args)).status_code == 405


def test_it_adds_a_member_and_confirms(client_for, team, owner):
    UserFactory(username="bob")
    client = client_for(owner)
    client.post(reverse("team-member-add", args=[team.code]), {"username": "bob", "role": "member"})
    html = client.get(reverse("team-detail", args=[team.code])).content.decode()
    assert "Added bob as member." in html
    assert "<td>bob</td><td>member</td>" in html


def test_it_refuses_to_add_an_unknown_user(client_for, team, owner):
    data = {"username": "ghost", "role": "member"}
    response = client_for(owner).post(reverse("team-member-add", args=[team.code]), data)
    assert response.status_code == 400
    assert "No account named “ghost”. Ask an administrator to create it." in response.content.decode()
    assert team.memberships.count() == 1


def test_it_refuses_to_add_someone_who_is_already_a_member(client_for, team, owner, viewer):
    data = {"username": viewer.username, "role": "owner"}
    response = client_for(owner).post(reverse("team-member-add", args=[team.code]), data)
    assert response.status_code == 400
    assert f"{viewer.username} is already a member of Platform." in response.content.decode()
    assert role_of(team, viewer) == "viewer"


def test_it_refuses_an_unknown_role(client_for, team, owner, member):
    url = reverse("team-member-role", args=[team.code, member.memberships.get().id])
    response = client_for(owner).post(url, {"role": "admin"})
    assert response.status_code == 400
    assert "Choose owner, member or viewer." in response.content.decode()
    assert role_of(team, member) == "member"


# --- the last owner


def test_it_keeps_the_last_owner_from_demoting_themselves(client_for, team, owner):
    url = reverse("team-member-role", args=[team.code, owner.memberships.get().id])
    response = client_for(owner).post(url, {"role": "member"})
    assert response.status_code == 400
    assert LAST_OWNER_TEXT in response.content.decode()
    assert role_of(team, owner) == "owner"


def test_it_keeps_the_last_owner_from_leaving(client_for, team, owner, member):
    url = reverse("team-member-remove", args=[team.code, owner.memberships.get().id])
    response = client_for(owner).post(url)
    assert response.status_code == 400
    assert LAST_OWNER_TEXT in response.content.decode()
    assert role_of(team, owner) == "owner"


def test_it_lets_an_owner_leave_when_another_owner_stays(client_for, team, owner):
    second = MembershipFactory(team=team, role=Membership.Role.OWNER).user
    url = reverse("team-member-remove", args=[team.code, owner.memberships.get().id])
    response = client_for(owner).post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("team-list")
    assert role_of(team, owner) is None
    assert role_of(team, second) == "owner"


def test_it_lets_an_owner_demote_another_owner(client_for, team, owner):
    second = MembershipFactory(team=team, role=Membership.Role.OWNER)
    url = reverse("team-member-role", args=[team.code, second.id])
    response = client_for(owner).post(url, {"role": "viewer"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.role == "viewer"


# --- history filter


def test_it_filters_history_by_team(client_for, team, member):
    other = MembershipFactory(user=member, team=TeamFactory(name="Other")).team
    mine = ScanFactory(team=team, filename="platform.Dockerfile")
    theirs = ScanFactory(team=other, filename="other.Dockerfile")
    client = client_for(member)
    html = client.get(reverse("history"), {"team": str(team.code)}).content.decode()
    assert mine.code8 in html and theirs.code8 not in html
    assert "History of Platform" in html
    both = client.get(reverse("history")).content.decode()
    assert mine.code8 in both and theirs.code8 in both


@pytest.mark.parametrize("value", [UNKNOWN_CODE, "not-a-uuid"])
def test_it_answers_404_for_an_unknown_history_filter(client_for, member, value):
    assert client_for(member).get(reverse("history"), {"team": value}).status_code == 404


def test_it_answers_404_for_a_history_filter_on_someone_elses_team(client_for, team, outsider):
    ScanFactory(team=team)
    assert client_for(outsider).get(reverse("history"), {"team": str(team.code)}).status_code == 404


def test_it_keeps_the_team_filter_in_the_htmx_pager(client_for, team, member):
    for _ in range(26):
        ScanFactory(team=team)
    response = client_for(member).get(reverse("history"), {"team": str(team.code)}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="history-rows">')
    assert f'hx-get="?team={team.code}&amp;page=2"' in html
