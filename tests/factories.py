"""Factories for the tests: each builds a valid record with the least said."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import roles
from evaluations.models import Evaluation, EvaluativeQuestion, Indicator, Measurement
from missions.models import BudgetLine, Mission, MissionDay, MissionStep, Participant
from partnerships.models import (
    Agreement,
    Contact,
    Organisation,
    OrganisationMembership,
    Partnership,
    PartnershipEvent,
)
from projects.models import (
    CostLine,
    CostTable,
    CrossViewRow,
    FundingLine,
    KeyFigure,
    Programme,
    ProgrammeAxis,
    Project,
    ProjectRecommendation,
    Quote,
    RecommendationCategory,
)
from projects.totals import funding_totals_deferred


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("secret-pass-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Collectivité {n}")
    short_name = factory.LazyAttribute(lambda o: o.name.split()[-1])
    kind = Organisation.Kind.DEPARTEMENT
    country = "FR"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMembership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    french_authority = factory.SubFactory(OrganisationFactory)
    partner = factory.SubFactory(OrganisationFactory, country="SN", kind="departement")
    slug = factory.Sequence(lambda n: f"partenariat-{n}")
    start_year = 1988


class PartnershipEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipEvent

    partnership = factory.SubFactory(PartnershipFactory)
    year = 1990
    title = "Premiers contacts"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partnership = factory.SubFactory(PartnershipFactory)
    title = "Convention de coopération"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    full_name = factory.Sequence(lambda n: f"Personne {n}")
    role = "chargée de mission"
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"personne{n}@example.org")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    partnership = factory.SubFactory(PartnershipFactory)
    title = "Programme de coopération"
    start_year = 2013
    end_year = 2015


class ProgrammeAxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeAxis

    programme = factory.SubFactory(ProgrammeFactory)
    title = "Le développement économique"


class ProjectFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Démarche pilote {n}")
    slug = factory.Sequence(lambda n: f"demarche-pilote-{n}")
    lead = "Une phrase qui résume le projet."
    carrier = factory.SubFactory(OrganisationFactory)
    status = Project.Status.ONGOING

    class Meta:
        model = Project
        skip_postgeneration_save = True

    @factory.post_generation
    def partnership(self, create, extracted, **kwargs):
        """`partnership=`: the one partnership of most projects."""
        if create and extracted is not None:
            self.partnerships.add(extracted)

    @factory.post_generation
    def partnerships(self, create, extracted, **kwargs):
        """`partnerships=[...]`: a project of several partnerships."""
        if create and extracted:
            self.partnerships.add(*extracted)


class KeyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFigure

    project = factory.SubFactory(ProjectFactory)
    value = "1988"
    label = "Date de création du partenariat."


class FundingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingLine

    project = factory.SubFactory(ProjectFactory)
    funder = factory.SubFactory(OrganisationFactory)
    amount = Decimal("1000.00")
    # a line without an amount is "non évaluable", as the model requires
    status = factory.LazyAttribute(
        lambda line: (
            FundingLine.Status.NOT_ASSESSABLE
            if line.amount is None
            else FundingLine.Status.SECURED
        )
    )

    @classmethod
    def create_batch(cls, size, **kwargs):
        """The lines of a batch, their projects' funding totals recomputed once, at
        its end (in its transaction), not once per line."""
        with funding_totals_deferred():
            return super().create_batch(size, **kwargs)


class CostTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostTable

    project = factory.SubFactory(ProjectFactory)
    caption = "Premier chantier"


class CostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostLine

    table = factory.SubFactory(CostTableFactory)
    label = "Transport"
    amount = Decimal("7200.00")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectRecommendation

    project = factory.SubFactory(ProjectFactory)
    category = factory.LazyFunction(lambda: RecommendationCategory.objects.get(order=3))
    points = "Identifier les acteurs\nAnimer le dialogue"


class CrossViewRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrossViewRow

    project = factory.SubFactory(ProjectFactory)
    theme = "Réseautage"
    french_side = "Comment développer le réseau ici ?"
    partner_side = "Comment développer le réseau là-bas ?"


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    project = factory.SubFactory(ProjectFactory)
    text = "Les aspirations des jeunes sont semblables."
    author = "Valérie Dumontet"


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    title = factory.Sequence(lambda n: f"Mission {n}")
    partnership = factory.SubFactory(PartnershipFactory)
    kind = Mission.Kind.EXCHANGE


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    mission = factory.SubFactory(MissionFactory)
    full_name = factory.Sequence(lambda n: f"Participant {n}")
    category = Participant.Category.TECHNICIAN


class MissionDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MissionDay

    mission = factory.SubFactory(MissionFactory)
    date = factory.Faker("date_object")
    title = "Visite de terrain"


class MissionStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MissionStep

    mission = factory.SubFactory(MissionFactory)
    phase = MissionStep.Phase.BEFORE
    kind = MissionStep.Kind.OBJECTIVES_SHEET


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    mission = factory.SubFactory(MissionFactory)
    side = BudgetLine.Side.EXPENSE
    label = "Frais d'hébergement"
    cash_amount = Decimal("100.00")
    in_kind_amount = Decimal("0.00")


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    project = factory.SubFactory(ProjectFactory)
    title = "Évaluation du projet"


class EvaluativeQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluativeQuestion

    evaluation = factory.SubFactory(EvaluationFactory)
    text = "Est-ce que le diagnostic a été réalisé ?"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    question = factory.SubFactory(EvaluativeQuestionFactory)
    name = "Nombre de participants"
    unit = "personnes"
    target = Decimal("40")


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Faker("date_object")
    side = Measurement.Side.FRENCH
    value = Decimal("10")


def partner_account(username: str, *organisations: Organisation):
    """A partner-side account attached to `organisations`, in that order."""
    user = UserFactory(username=username, role=roles.PARTNER)
    for organisation in organisations:
        MembershipFactory(user=user, organisation=organisation)
    return user


def bignona_proposal_side() -> dict:
    """The Savoie–Bignona partnership as the proposal tests meet it: a project with an
    empty partner column of its cross-view table and an indicator, a Bignona partner
    account and a coordinator."""
    savoie = OrganisationFactory(name="Département de la Savoie")
    partner = OrganisationFactory(
        name="Département de Bignona", country="SN", kind="departement"
    )
    partnership = PartnershipFactory(french_authority=savoie, partner=partner)
    project = ProjectFactory(partnership=partnership, carrier=savoie)
    user = partner_account("partenaire-bignona", partner)
    return {
        "row": CrossViewRowFactory(project=project, partner_side=""),
        "project": project,
        "indicator": IndicatorFactory(
            question=EvaluativeQuestionFactory(
                evaluation=EvaluationFactory(project=project)
            )
        ),
        "partner": user,
        "coordinator": UserFactory(username="coordinatrice", role=roles.COORDINATOR),
        "organisation": partner,
    }


def bignona_stay(side: dict, *, title: str, start, end) -> Mission:
    """A stay of the Savoie–Bignona partnership (`side`: bignona_proposal_side()) in
    Bignona, organised by Bignona: the missions the Bignona partner co-writes."""
    partnership = side["project"].partnerships.get()
    return MissionFactory(
        title=title,
        partnership=partnership,
        origin=partnership.french_authority,
        destination=side["organisation"],
        organiser=side["organisation"],
        start_date=start,
        end_date=end,
    )
