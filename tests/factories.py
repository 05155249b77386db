"""factory_boy factories for the objects tests create; plan data itself comes from the real loader."""

import factory

from agencies.models import Agency, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")
    agency = factory.LazyFunction(lambda: Agency.objects.get(name="省应急厅"))

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
