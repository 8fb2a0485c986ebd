from django.db import transaction

from .models import Mission, MissionStep

# The steps of a mission as the Savoie youth sheet (seed 004) describes them, in order.
STANDARD_STEPS = [
    (MissionStep.Phase.BEFORE, MissionStep.Kind.OBJECTIVES_SHEET),
    (MissionStep.Phase.BEFORE, MissionStep.Kind.CALENDAR),
    (MissionStep.Phase.BEFORE, MissionStep.Kind.PREPARATION_EVENING),
    (MissionStep.Phase.BEFORE, MissionStep.Kind.LETTER_TO_ELECTED),
    (MissionStep.Phase.DURING, MissionStep.Kind.OFFICERS_PRESENT),
    (MissionStep.Phase.DURING, MissionStep.Kind.EVENING_DEBRIEFING),
    (MissionStep.Phase.DURING, MissionStep.Kind.LOCAL_ACTORS),
    (MissionStep.Phase.AFTER, MissionStep.Kind.INDIVIDUAL_REPORT),
    (MissionStep.Phase.AFTER, MissionStep.Kind.COLLECTIVE_SYNTHESIS),
    (MissionStep.Phase.AFTER, MissionStep.Kind.REVIEW_EVENING),
    (MissionStep.Phase.AFTER, MissionStep.Kind.COMMUNICATION),
]


@transaction.atomic
def mission_steps_create_standard(*, mission: Mission) -> list[MissionStep]:
    """Give a mission the standard steps it lacks; existing steps are kept."""
    existing = set(mission.steps.values_list("kind", flat=True))
    steps = [
        MissionStep(mission=mission, phase=phase, kind=kind, order=order)
        for order, (phase, kind) in enumerate(STANDARD_STEPS, start=1)
        if kind not in existing
    ]
    for step in steps:
        step.save()  # one by one, so that the history records each step
    return steps
