"""The mission dossier: one PDF to carry on the journey (objectives, day-by-day
programme, participants, contacts on both sides, steps, provisional budget), and for
each step of the method a document to start from (.odt), filled with the mission's
data, so that nobody starts from a blank page."""

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from odf.opendocument import OpenDocumentText
from odf.style import Style, TextProperties
from odf.text import H, List, ListItem, P

from .models import Mission, MissionStep
from .pdf import html_document

Kind = MissionStep.Kind

# What each step's document asks, after the mission's summary (the method of the
# Savoie youth exchanges in the ADF 2017 TERRINCLUS guide).
STEP_PROMPTS = {
    Kind.OBJECTIVES_SHEET: [
        gettext_lazy("Ce que j'attends de la mission :"),
        gettext_lazy("Ce que je souhaite découvrir chez nos partenaires :"),
        gettext_lazy("Ce que je peux apporter :"),
    ],
    Kind.CALENDAR: [gettext_lazy("Jour par jour : lieux, rencontres, temps libres.")],
    Kind.PREPARATION_EVENING: [
        gettext_lazy("Ordre du jour de la soirée :"),
        gettext_lazy("Questions des participants :"),
    ],
    Kind.LETTER_TO_ELECTED: [
        gettext_lazy("Madame, Monsieur l'élu·e,"),
        gettext_lazy(
            "Nous avons le plaisir de vous informer de la mission décrite ci-dessus, "
            "et de vous inviter à la soirée de restitution qui la suivra."
        ),
        gettext_lazy("Veuillez agréer l'expression de nos salutations distinguées."),
    ],
    Kind.EVENING_DEBRIEFING: [
        gettext_lazy("Ce qui s'est passé aujourd'hui :"),
        gettext_lazy("Ce qui nous a surpris :"),
        gettext_lazy("À préparer pour demain :"),
    ],
    Kind.INDIVIDUAL_REPORT: [
        gettext_lazy("Mes objectifs de départ ont-ils été atteints ?"),
        gettext_lazy("Ce que j'ai appris, ici et là-bas :"),
        gettext_lazy("Ce que je retiens pour la suite :"),
    ],
    Kind.COLLECTIVE_SYNTHESIS: [
        gettext_lazy("Les enseignements communs :"),
        gettext_lazy("Les suites proposées au partenariat :"),
    ],
    Kind.REVIEW_EVENING: [
        gettext_lazy("Relecture de la synthèse : corrections et ajouts.")
    ],
    Kind.COMMUNICATION: [
        gettext_lazy("Messages à faire connaître :"),
        gettext_lazy("Supports et publics (presse, site, bulletin, élus) :"),
    ],
}


def mission_dossier_pdf(
    *, mission: Mission, budget, contacts: list, financial_report=None
) -> bytes:
    """`mission` with its participants, days, steps and budget lines prefetched;
    after the event, its `financial_report` beside the provisional budget."""
    html = render_to_string(
        "missions/dossier_pdf.html",
        {
            "mission": mission,
            "budget": budget,
            "financial_report": financial_report,
            "contacts": contacts,
            "generated": timezone.localdate(),
        },
    )
    return html_document(html).write_pdf()


def _period(mission: Mission) -> str:
    if mission.start_date and mission.end_date:
        return _("du %(start)s au %(end)s") % {
            "start": date_format(mission.start_date, "DATE_FORMAT"),
            "end": date_format(mission.end_date, "DATE_FORMAT"),
        }
    if mission.start_date:
        return date_format(mission.start_date, "DATE_FORMAT")
    return mission.period_note


def step_template_odt(*, mission: Mission, step: MissionStep) -> bytes:
    """The step's document, to fill in a word processor: the mission's summary, then
    what the step asks."""
    document = OpenDocumentText()
    bold = Style(name="Gras", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    document.text.addElement(
        H(outlinelevel=1, text=step.title or step.get_kind_display())
    )
    document.text.addElement(H(outlinelevel=2, text=mission.title))
    summary = [
        (_("Type"), mission.get_kind_display()),
        (_("Dates"), _period(mission)),
        (_("Lieu"), mission.place),
        (_("De"), str(mission.origin or "")),
        (_("Vers"), str(mission.destination or "")),
    ]
    for label, value in summary:
        if value:
            document.text.addElement(P(text=f"{label} : {value}"))
    if mission.objectives:
        document.text.addElement(H(outlinelevel=3, text=_("Objectifs de la mission")))
        for line in mission.objectives.splitlines():
            if line.strip():
                document.text.addElement(P(text=line.strip()))
    participants = list(mission.participants.all())
    if participants:
        document.text.addElement(H(outlinelevel=3, text=_("Participants")))
        items = List()
        for participant in participants:
            item = ListItem()
            organisation = (
                f" ({participant.organisation})" if participant.organisation else ""
            )
            item.addElement(P(text=f"{participant.full_name}{organisation}"))
            items.addElement(item)
        document.text.addElement(items)
    prompts = STEP_PROMPTS.get(step.kind, [gettext_lazy("Notes :")])
    document.text.addElement(H(outlinelevel=3, text=str(step.get_kind_display())))
    for prompt in prompts:
        document.text.addElement(P(text=str(prompt)))
        document.text.addElement(P(text=""))
        document.text.addElement(P(text=""))
    output = io.BytesIO()
    document.write(output)
    return output.getvalue()
