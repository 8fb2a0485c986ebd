"""The sector of a project for the yearly APD declaration and the IATI file: an OECD
DAC CRS purpose code (five digits, "16010" social protection), from the list shipped
in `projects/data/crs_purpose_codes.json` (the IATI 2.03 Sector codelist, which is
the CRS list of purpose codes; its source is written in the file)."""

import json
import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CRS_PURPOSE_CODES_FILE = Path(__file__).parent / "data" / "crs_purpose_codes.json"


@cache
def crs_purpose_codes() -> dict[str, str]:
    """Code -> English name of every CRS purpose code of the shipped list."""
    data = json.loads(CRS_PURPOSE_CODES_FILE.read_text(encoding="utf-8"))
    return {row["code"]: row["name"] for row in data["codes"]}


def sector_code_validate(value: str) -> None:
    if not re.fullmatch(r"\d{5}", value or ""):
        raise ValidationError(
            _("Un code secteur du CAD a cinq chiffres (par ex. 16010)."),
            code="format",
        )
    if value not in crs_purpose_codes():
        raise ValidationError(
            _("%(code)s n'est pas un code-objet du CAD de l'OCDE (liste du SNPC)."),
            code="unknown",
            params={"code": value},
        )


def sector_name(code: str) -> str:
    return crs_purpose_codes().get(code, "")
