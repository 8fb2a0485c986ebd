from decimal import Decimal

import pytest

from tests.factories import (
    EvaluationFactory,
    EvaluativeQuestionFactory,
    IndicatorFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
)


@pytest.fixture
def partnership_indicator(db):
    """Builds an indicator (target 40) of the evaluation of a project of a Savoie -
    <partner> partnership, carried by the Savoie."""

    def build(*, partner: str, country: str, kind: str, **names):
        partnership = PartnershipFactory(
            french_authority=OrganisationFactory(name="Département de la Savoie"),
            partner=OrganisationFactory(name=partner, country=country, kind=kind),
        )
        project = ProjectFactory(
            partnership=partnership,
            carrier=partnership.french_authority,
            **({"title": names["project"]} if "project" in names else {}),
        )
        evaluation = EvaluationFactory(
            project=project, title=names.get("evaluation", "Évaluation du projet")
        )
        question = EvaluativeQuestionFactory(
            evaluation=evaluation,
            text=names.get("question", "Est-ce que le diagnostic a été réalisé ?"),
        )
        return IndicatorFactory(
            question=question,
            name=names.get("indicator", "Nombre de participants"),
            target=Decimal("40"),
        )

    return build
