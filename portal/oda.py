"""The OECD DAC List of ODA Recipients: which partner countries a yearly APD
declaration counts.

The list is revised every three years (triennial review) and is effective for the
calendar years of flows it names. The edition for 2024 and 2025 flows ships in
`portal/data/oda_recipients.json`, loaded by a migration; the next one is written in
the same format and loaded with `manage.py oda_recipients_load FILE` (idempotent: a
list for the same years is replaced).
"""

import json
from pathlib import Path

from django.db import transaction

SHIPPED_LISTS = Path(__file__).parent / "data" / "oda_recipients.json"
GROUPS = {"ldc", "lic", "lmic", "umic"}


class OdaListError(ValueError):
    pass


def oda_lists_read(path: Path) -> list[dict]:
    """The lists of a file, checked: years in order, known groups, no country twice."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        lists = data["lists"]
        for entry in lists:
            first, last = int(entry["first_year"]), int(entry["last_year"])
            if last < first:
                raise OdaListError(f"years {first}-{last} out of order")
            for key in ("title", "source"):
                if not str(entry[key]).strip():
                    raise OdaListError(f"{key} is empty")
            countries = [row["country"] for row in entry["recipients"]]
            if len(countries) != len(set(countries)):
                raise OdaListError(f"a country twice in the list {first}-{last}")
            for row in entry["recipients"]:
                if len(row["country"]) != 2 or row["group"] not in GROUPS:
                    raise OdaListError(f"odd row {row}")
    except (OSError, ValueError, KeyError, TypeError) as error:
        if isinstance(error, OdaListError):
            raise
        raise OdaListError(f"{path}: {error!r}") from error
    return lists


def oda_lists_load(path: Path, *, list_model, recipient_model) -> list:
    """Write the lists of `path` (replacing those for the same years). The models are
    passed in so that a migration can run it with its historical models."""
    loaded = []
    with transaction.atomic():
        for entry in oda_lists_read(path):
            recipient_list, _created = list_model.objects.update_or_create(
                first_year=entry["first_year"],
                last_year=entry["last_year"],
                defaults={"title": entry["title"], "source": entry["source"]},
            )
            recipient_list.recipients.all().delete()
            recipient_model.objects.bulk_create(
                recipient_model(
                    recipient_list=recipient_list,
                    country=row["country"].upper(),
                    group=row["group"],
                )
                for row in entry["recipients"]
            )
            loaded.append(recipient_list)
    return loaded
