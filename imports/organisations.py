"""Import of organisations and their contacts from a spreadsheet: one row per contact
(or per organisation without a contact)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.services import UNCHECKED, record_version_move
from core.spreadsheets import (
    Sheet,
    Table,
    is_total_label,
    locate_columns,
    second_table_start,
    shown_columns,
)
from core.text import normalise
from partnerships.models import Contact, Organisation
from partnerships.resources import ORGANISATION_COLUMN as COLUMN
from partnerships.resources import ORGANISATION_COLUMNS as COLUMNS
from projects.totals import organisations_refresh

from .lookups import Ambiguous, NameIndex, in_chunks, organisation_index
from .models import ImportRecord
from .report import ImportReport, RowOutcome, check_cells, check_length
from .writing import history_defaults, plan_and_write

ORGANISATION_FIELDS = ["short_name", "kind", "country", "website"]
# What the fields hold, checked as each row is read (no full_clean() per row).
MAX_LENGTHS = {
    "organisation": Organisation._meta.get_field("name").max_length,
    "short_name": Organisation._meta.get_field("short_name").max_length,
    "website": Organisation._meta.get_field("website").max_length,
    "contact": Contact._meta.get_field("full_name").max_length,
    "role": Contact._meta.get_field("role").max_length,
    "phone": Contact._meta.get_field("phone").max_length,
    "email": Contact._meta.get_field("email").max_length,
}
CONTACT_FIELDS = ["role", "email", "phone"]


def organisations_import(
    *, sheet: Sheet, user: User | None, dry_run: bool, file_name: str = ""
) -> ImportReport:
    """Import organisations and contacts from `sheet`, or only say what it would do.

    Columns: Organisation is required; Nom court, Type, Pays, Site web, Contact,
    Fonction, Courriel and Téléphone are read when present (French or English
    headers, whatever their case, accents or extra spaces).

    An organisation is matched by its name compared without case, accents or extra
    spaces, else created; a contact by its name within the organisation, else
    created. A filled cell sets the value when it differs; an empty cell leaves it
    as it is. Two rows of the file that give one record different values refuse the
    second. Type is read from its label or code (Département, commune, ...), Pays
    from its code or its French or English name.

    Guarantees: with `dry_run`, nothing is written. Otherwise everything is written in
    one transaction with its history (who, and the file in the change reason), or
    nothing when any row is refused; the versions of updated records move on, so a
    form opened before the import is refused rather than overwriting it. Importing
    the same file again writes nothing.

    A total or subtotal row, and the rows of a second table under blank rows, are
    refused with a message saying so, rather than read as organisations.
    """
    table = locate_columns(sheet, COLUMNS)
    return plan_and_write(
        lambda: OrganisationPlan(table),
        user=user,
        dry_run=dry_run,
        file_name=file_name,
    )


@dataclass
class Planned:
    """A record the import creates or updates, and which row set each value."""

    record: models.Model
    # field -> (line, value, value as written) of the first row that set it
    set_by: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)


class OrganisationPlan:
    def __init__(self, table: Table):
        self.report = ImportReport(
            kind=ImportRecord.Kind.ORGANISATIONS,
            columns=shown_columns(table),
            ignored_headers=table.ignored_headers,
            new_references_title=_("Organisations créées par cet import"),
        )
        self.kinds = kind_index()
        self.countries = country_index()
        self.organisations = organisation_index()
        self.planned: dict[int, Planned] = {}  # by id() of the record
        second = second_table_start(table)
        rows = [
            self.read(
                table, line, cells, second_table=second is not None and i >= second
            )
            for i, (line, cells) in enumerate(table.rows)
        ]
        organisation_ids = {
            organisation.pk
            for _row, organisation, _values in rows
            if organisation is not None and organisation.pk
        }
        self.contacts = NameIndex()
        contacts = Contact.objects.only("pk", "full_name", "organisation_id", "version")
        for contact in in_chunks(contacts, "organisation_id", organisation_ids):
            key = contact_key(contact.organisation_id, contact.full_name)
            self.contacts.add(key, contact)
        for row, organisation, values in rows:
            if organisation is not None:
                self.plan_row(row, organisation, values)
        self.report.new_references = [
            plan.record.name
            for plan in self.planned.values()
            if isinstance(plan.record, Organisation) and plan.record.pk is None
        ]

    # -- reading a row ---------------------------------------------------------------

    def read(self, table: Table, line: int, cells: list, *, second_table: bool):
        row = RowOutcome(line=line)
        self.report.rows.append(row)
        check_cells(row, table, cells)
        text = table.texts(cells)
        row.cells = dict(text)
        if second_table:
            row.refuse(
                None,
                _(
                    "second tableau sous des lignes vides : un fichier n'en importe "
                    "qu'un, mettez l'autre dans un fichier à part"
                ),
            )
            row.unreadable.add("*")
        elif is_total_label(text["organisation"]):
            row.refuse(
                COLUMN["organisation"],
                _(
                    "ligne de total ou de sous-total : une liste d'organisations n'en "
                    "a pas, retirez-la"
                ),
            )
            row.unreadable.add("*")
        values = {
            "short_name": self.text(row, "short_name", text),
            "kind": self.read_choice(row, "kind", text["kind"], self.kinds),
            "country": self.read_choice(
                row, "country", text["country"], self.countries
            ),
            "website": read_website(row, text["website"]),
            "full_name": self.text(row, "contact", text),
            "role": self.text(row, "role", text),
            "email": read_email(row, text["email"]),
            "phone": self.text(row, "phone", text),
        }
        if not values["full_name"] and any(values[name] for name in CONTACT_FIELDS):
            row.refuse(
                COLUMN["contact"],
                _("fonction, courriel ou téléphone sans nom de contact"),
            )
        values["written"] = text
        return row, self.find_organisation(row, text["organisation"]), values

    def text(self, row: RowOutcome, key: str, text: dict) -> str:
        return check_length(row, COLUMN[key], text[key], MAX_LENGTHS[key])

    def read_choice(self, row: RowOutcome, key: str, text: str, index: dict) -> str:
        if not text:
            return ""
        value = index.get(normalise(text))
        if value is None:
            row.refuse(
                COLUMN[key],
                _("%(column)s « %(value)s » inconnu")
                % {"column": str(COLUMN[key].label).lower(), "value": text},
            )
            return ""
        return value

    def find_organisation(self, row: RowOutcome, name: str) -> Organisation | None:
        if not row.readable("organisation"):
            return None
        name = " ".join(name.split())
        if not name:
            row.refuse(COLUMN["organisation"], _("organisation manquante"))
            return None
        try:
            organisation = self.organisations.find(name)
        except Ambiguous:
            row.refuse(
                COLUMN["organisation"],
                _("organisation « %(name)s » ambiguë : plusieurs portent ce nom")
                % {"name": name},
            )
            return None
        if organisation is None:
            check_length(row, COLUMN["organisation"], name, MAX_LENGTHS["organisation"])
            if row.refused:  # a refused row creates nothing, not even in a preview
                return None
            organisation = Organisation(name=name, kind=Organisation.Kind.AUTRE)
            self.organisations.add(name, organisation)
        row.cells["organisation"] = organisation.name
        return organisation

    # -- planning --------------------------------------------------------------------

    def plan_row(self, row: RowOutcome, organisation: Organisation, values: dict):
        if row.refused:
            return
        org_plan, org_new = self.plan_record(organisation)
        org_changed = self.set_values(row, org_plan, values, ORGANISATION_FIELDS)
        contact_new = contact_changed = False
        if values["full_name"]:
            key = contact_key(
                organisation.pk or f"new-{id(organisation)}", values["full_name"]
            )
            contact = self.contacts.find(key)
            if contact is None:
                contact = Contact(
                    full_name=values["full_name"], organisation=organisation
                )
                self.contacts.add(key, contact)
            contact_plan, contact_new = self.plan_record(contact)
            contact_changed = self.set_values(row, contact_plan, values, CONTACT_FIELDS)
        if org_new:
            row.new.append(_("organisation nouvelle"))
        if contact_new:
            row.new.append(_("contact nouveau"))
        row.settle(
            created=org_new or contact_new,
            updated=org_changed or contact_changed,
        )
        for record in (organisation, contact if values["full_name"] else None):
            if record is not None and not row.refused:
                self.validate(row, record)

    def plan_record(self, record) -> tuple[Planned, bool]:
        """The plan of `record`, and whether this row is the first to create it."""
        planned = self.planned.get(id(record))
        if planned is None:
            planned = self.planned[id(record)] = Planned(record)
            return planned, record.pk is None
        return planned, False

    def set_values(
        self, row: RowOutcome, planned: Planned, values: dict, names: list[str]
    ) -> bool:
        """Set the filled values on the record; True when this row changes it."""
        changed = False
        record = planned.record
        for name in names:
            value, text = values[name], values["written"][name]
            if not value:
                continue
            column = COLUMN[name]
            if name in planned.set_by and planned.set_by[name][1] != value:
                line, _first, first = planned.set_by[name]
                row.refuse(
                    column,
                    _(
                        "%(column)s « %(value)s » contredit la ligne %(line)s "
                        "(« %(first)s »)"
                    )
                    % {
                        "column": str(column.label).lower(),
                        "value": text,
                        "line": line,
                        "first": first,
                    },
                )
                continue
            planned.set_by.setdefault(name, (row.line, value, text))
            if getattr(record, name) != value:
                if record.pk:
                    row.changes.append(
                        _("%(field)s : « %(old)s » → « %(new)s »")
                        % {
                            "field": str(column.label).lower(),
                            "old": getattr(record, name),
                            "new": value,
                        }
                    )
                setattr(record, name, value)
                planned.changed.add(name)
                changed = True
        return changed and record.pk is not None

    def validate(self, row: RowOutcome, record) -> None:
        try:
            record.full_clean(
                exclude=["organisation"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    row.refuse(COLUMN.get(name), message)

    # -- writing -----------------------------------------------------------------------

    def write(self, *, user: User | None, reason: str) -> None:
        history = history_defaults(user=user, reason=reason)
        now = history["default_date"]
        for model in (Organisation, Contact):
            plans = [
                plan for plan in self.planned.values() if isinstance(plan.record, model)
            ]
            new = [plan.record for plan in plans if plan.record.pk is None]
            changed = [plan for plan in plans if plan.record.pk and plan.changed]
            if model is Contact:
                for contact in new:
                    contact.organisation = contact.organisation  # its new primary key
            if new:
                bulk_create_with_history(new, model, **history)
            if changed:
                fields = sorted(set().union(*(plan.changed for plan in changed)))
                for plan in changed:
                    record_version_move(
                        record=plan.record, version=UNCHECKED, save=False
                    )
                    plan.record.updated_at = now
                bulk_update_with_history(
                    [plan.record for plan in changed],
                    model,
                    [*fields, "version", "updated_at"],
                    **history,
                )
                if model is Organisation and "country" in fields:
                    # a partner's country: the dashboard's totals by country
                    organisations_refresh(plan.record.pk for plan in changed)


def contact_key(organisation_key: int | str, full_name: str) -> str:
    """A contact is known by its name within its organisation (a new one included)."""
    return f"{organisation_key} | {full_name}"


def in_each_language(names: Callable[[], Iterable[tuple[str, str]]]) -> dict:
    """{normalised name: code} of the (name, code) pairs, in English and French."""
    index = {}
    for language in ("en", "fr"):
        with translation.override(language):
            index |= {normalise(name): code for name, code in names()}
    return index


def kind_index() -> dict[str, str]:
    """Kinds by code and by label, in French and English."""
    index = in_each_language(
        lambda: ((label, value) for value, label in Organisation.Kind.choices)
    )
    for value in Organisation.Kind.values:
        index[normalise(value)] = value
    index[normalise("ONG")] = Organisation.Kind.ASSOCIATION
    return index


def country_index() -> dict[str, str]:
    """Countries by ISO code (two or three letters) and by French or English name."""
    index = in_each_language(
        lambda: ((country.name, country.code) for country in countries)
    )
    for country in countries:
        index[normalise(country.code)] = country.code
        alpha3 = countries.alpha3(country.code)
        if alpha3:
            index[normalise(alpha3)] = country.code
    return index


def read_website(row: RowOutcome, text: str) -> str:
    """A web address, https:// when it has no scheme (`www.savoie.fr`)."""
    url = text if not text or "://" in text else f"https://{text}"
    url = read_checked(row, "website", url, URLValidator(), _("site web invalide"))
    return check_length(row, COLUMN["website"], url, MAX_LENGTHS["website"])


def read_email(row: RowOutcome, text: str) -> str:
    """A valid address, its length checked first: the message is then ours, short
    and French, not the validator's."""
    if len(text) > MAX_LENGTHS["email"]:
        check_length(row, COLUMN["email"], text, MAX_LENGTHS["email"])
        return ""
    return read_checked(row, "email", text, EmailValidator(), _("courriel invalide"))


def read_checked(row: RowOutcome, key: str, value: str, validator, message) -> str:
    """`value` when `validator` accepts it (or it is empty), else a refusal."""
    if not value:
        return ""
    try:
        validator(value)
    except ValidationError:
        written = row.cells.get(key, value)
        row.refuse(COLUMN[key], f"{message} : « {written} »")
        return ""
    return value
