from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from advisor.models import Membership, Team
from scans.models import Scan


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


class ScanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scan
        skip_postgeneration_save = True  # the hook adds stage rows; the scan row is unchanged

    dockerfile = 'FROM debian:bookworm-slim\nCMD ["sleep", "60"]\n'

    @factory.post_generation
    def stage_runs(self, create, extracted, **kwargs):
        if create:
            self.create_stage_runs()
