"""Team pages' forms. Sign-up is not one of them: accounts come from an admin or `create_team_user`."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from advisor.models import Membership, Team


class TeamForm(forms.Form):
    name = forms.CharField(max_length=100, label="Team name")


class AddMemberForm(forms.Form):
    username = forms.CharField(max_length=150, label="Username")
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def __init__(self, *args, team: Team, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        self.user = None

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise forms.ValidationError(f"No account named “{username}”. Ask an administrator to create it.")
        if Membership.objects.filter(team=self.team, user=user).exists():
            raise forms.ValidationError(f"{username} is already a member of {self.team.name}.")
        self.user = user
        return username


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)
