"""Partnerships with their timelines and agreements, and the programmes of the
partnerships."""

from partnerships.models import (
    Agreement,
    Partnership,
    PartnershipEvent,
)
from projects.models import (
    Programme,
    ProgrammeAxis,
)

from .base import BaseLoader, text, to_date


class PartnershipsLoader(BaseLoader):
    def load_partnerships(self, document: dict) -> None:
        for entry in document.get("partnerships") or []:
            partnership = self.upsert(
                Partnership,
                {"slug": entry["key"]},
                {
                    "french_authority": self.organisation(entry["french_authority"]),
                    "partner": self.organisation(entry["partner"]),
                    "operator": self.organisation(entry.get("operator")),
                    "start_year": entry.get("start_year"),
                    "start_year_note": text(entry.get("start_year_note")),
                    "status": entry.get("status") or Partnership.Status.ACTIVE,
                    "description": text(entry.get("description")),
                },
            )
            self.sync_events(partnership, entry.get("events") or [])
            self.sync_agreements(partnership, entry.get("agreements") or [])
        for entry in document.get("programmes") or []:
            programme = self.upsert(
                Programme,
                {
                    "partnership": Partnership.objects.get(slug=entry["partnership"]),
                    "title": entry["title"],
                },
                {
                    "start_year": entry["start_year"],
                    "end_year": entry["end_year"],
                    "orientation": text(entry.get("orientation")),
                },
            )
            self.upsert_rows(
                "programme",
                programme,
                ProgrammeAxis,
                [
                    {
                        "kind": axis["kind"],
                        "title": axis["title"],
                        "items": "\n".join(axis.get("items") or []),
                    }
                    for axis in entry.get("axes") or []
                ],
            )
        for entry in document.get("contacts") or []:
            self.contact(entry)

    def sync_events(self, partnership: Partnership, events: list[dict]) -> None:
        for event in events:
            self.upsert(
                PartnershipEvent,
                {
                    "partnership": partnership,
                    "year": event["year"],
                    "title": event["title"],
                },
                {"date": to_date(event.get("date")), "text": text(event.get("text"))},
            )

    def sync_agreements(self, partnership: Partnership, agreements: list[dict]) -> None:
        for agreement in agreements:
            self.upsert(
                Agreement,
                {"partnership": partnership, "title": agreement["title"]},
                {
                    name: to_date(agreement.get(name))
                    for name in ("signed_on", "start", "end", "renewal_due")
                },
            )
