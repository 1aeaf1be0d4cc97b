import factory

from territoires.referentiel.models import Commune, Departement, Epci, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "76"
    nom = "Occitanie"


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = "32"
    nom = "Gers"
    region = factory.SubFactory(RegionFactory)


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci

    siren = factory.Sequence(lambda n: f"2{n:08d}")
    nom = factory.Sequence(lambda n: f"CC de l'Exemple {n}")
    type = Epci.Type.CC
    mode_financement = Epci.ModeFinancement.FPU
    population = 12000
    population_totale = 12400

    @factory.post_generation
    def departements(self, create, extracted, **kwargs):
        if create:
            self.departements.set(extracted or [DepartementFactory()])


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    # 99xxx is the INSEE prefix of foreign countries: never a real commune of the import.
    code = factory.Sequence(lambda n: f"{99000 + n % 1000}")
    nom = factory.Sequence(lambda n: f"Commune-Exemple-{n}")
    type = Commune.Type.ACTUELLE
    siren = factory.Sequence(lambda n: f"21{n:07d}")
    codes_postaux = factory.LazyFunction(lambda: ["32000"])
    population = 500
    departement = factory.SubFactory(DepartementFactory)
