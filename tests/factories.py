"""factory_boy factories for the objects tests create; plan data itself comes from the real loader."""

import factory

from agencies.models import Agency, Role, User
from agencies.services import user_set_roles

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    """A user of an agency (by name) with roles: UserFactory(agency="省水利厅", roles=[Role.DEPARTMENT_EDITOR])."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        agency_name = "省应急厅"

    username = factory.Sequence(lambda n: f"user{n}")
    agency = factory.LazyAttribute(lambda o: Agency.objects.get(name=o.agency_name))

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create:
            user_set_roles(user=obj, roles=extracted if extracted is not None else [Role.COORDINATOR])
