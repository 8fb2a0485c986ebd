"""Import of funding lines from a funder's or a partner's spreadsheet."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.money import amount_currency, format_money, parse_amount, parse_currency
from core.services import UNCHECKED, record_version_move
from core.spreadsheets import (
    Sheet,
    Table,
    cell_text,
    is_total_label,
    locate_columns,
    shown_columns,
)
from core.text import normalise
from partnerships.models import Organisation
from projects.models import FundingLine, Project
from projects.resources import FUNDING_LINE_COLUMN as COLUMN
from projects.resources import FUNDING_LINE_COLUMNS as COLUMNS

from .lookups import Ambiguous, NameIndex, ProjectIndex, in_chunks, organisation_index
from .models import ImportRecord
from .report import (
    ImportReport,
    MoneyCell,
    Outcome,
    RowOutcome,
    check_cells,
    check_length,
)
from .writing import BATCH_SIZE, history_defaults, history_record_bulk, plan_and_write

# What the fields hold: every value is checked against them while the row is read,
# rather than by a full_clean() per row (the bulk of an import's time otherwise).
AMOUNT_FIELD = FundingLine._meta.get_field("amount")
MAX_AMOUNT = Decimal(10) ** (AMOUNT_FIELD.max_digits - AMOUNT_FIELD.decimal_places)
CENT = Decimal(1).scaleb(-AMOUNT_FIELD.decimal_places)
LABEL = FundingLine._meta.get_field("label").max_length
NOTE = FundingLine._meta.get_field("note").max_length
FUNDER_NAME = Organisation._meta.get_field("name").max_length
MAX_ORDER = 32_767  # PositiveSmallIntegerField

# The values an import sets on a line it matched; what identifies it is the key.
VALUE_FIELDS = ["amount", "currency", "label", "note"]
# How the documents write a contribution that has no amount (the guide prints the
# F2C contribution "Non évaluable"), compared normalised: counted in no total.
NOT_VALUED = {
    normalise(text)
    for text in (
        "Non évaluable",
        "non évaluable",
        "NE",
        "N.E.",
        "n.é.",
        "n.é",
        "—",
        "–",
        "-",
        "valorisation non chiffrée",
        "non chiffré",
        "non chiffrée",
    )
}
# What the documents write in the funder column for a line that is not a funder.
NOT_A_FUNDER = {
    normalise(text)
    for text in (
        "Montant à mobiliser",
        "À mobiliser",
        "Reste à financer",
        "Reste à mobiliser",
        "Montant restant à mobiliser",
    )
}


def funding_lines_import(
    *, sheet: Sheet, user: User | None, dry_run: bool, file_name: str = ""
) -> ImportReport:
    """Import the funding lines of `sheet`, or only say what importing would do.

    Columns: Projet / Project, Financeur / Funder and Montant / Amount are required;
    Identifiant du projet, Libellé, Devise (EUR when absent) and Note are read when
    present. Headers are recognised whatever their case, accents or extra spaces.

    Matching, with lookup tables built in a constant number of queries:
    - a project by its slug (the Identifiant column, or a slug in the Projet column),
      else by its title compared without case, accents or extra spaces; an unknown or
      ambiguous project refuses the row: an import never creates a project;
    - a project by its aliases too (the other names it is printed under);
    - a funder likewise by its name; an unknown funder is created (kind "autre") and
      reported as new, except when the name says it is no funder ("Montant à
      mobiliser", "Reste à financer") or is the label of an existing non-funder
      line of the project: the row is then a line without funder;
    - "Non évaluable" (and its usual spellings) in the amount column is a
      contribution without an amount;
    - a "Total" row is compared with the rows above it (its project's, or the whole
      table's when they span several projects) and written nowhere;
    - a line is identified by (project, funder or label, note), compared like names.
      A row whose key matches an existing line with the same amount, currency and
      texts is unchanged; one whose key matches a line with other values updates it
      (several rows and lines sharing a key are paired equal ones first, then in
      order); a row matching none creates a line, ordered after the project's lines.
      An import never deletes a line.

    Guarantees: with `dry_run`, nothing is written. Otherwise everything is written in
    one transaction, new records and changes with their history (who, and the file
    in the change reason), or nothing at all when any row is refused; importing the
    same file again finds every row unchanged and writes nothing. Raises
    SpreadsheetError when a required column is missing.
    """
    table = locate_columns(sheet, COLUMNS)
    return plan_and_write(
        lambda: FundingLinePlan(table, lock=not dry_run),
        user=user,
        dry_run=dry_run,
        file_name=file_name,
    )


@dataclass
class LineRow:
    """A row of the file, read: what it says and what it designates."""

    outcome: RowOutcome
    project_text: str = ""
    slug: str = ""
    funder_text: str = ""
    project: Project | None = None
    funder: Organisation | None = None
    values: dict = field(default_factory=dict)
    written: dict = field(default_factory=dict)
    total: bool = False

    @property
    def key(self) -> tuple:
        funder = self.funder
        funder_key = funder.pk if funder and funder.pk else normalise(self.funder_text)
        return (
            self.project.pk,
            funder_key if funder else None,
            normalise(self.values["label"]),
            normalise(self.values["note"]),
        )


def line_key(line: FundingLine) -> tuple:
    return (
        line.project_id,
        line.funder_id,
        normalise(line.label),
        normalise(line.note),
    )


class FundingLinePlan:
    """What importing a table would do: the report, and the lines to write."""

    def __init__(self, table: Table, *, lock: bool):
        self.report = ImportReport(
            kind=ImportRecord.Kind.FUNDING_LINES,
            columns=shown_columns(table, always=frozenset({"currency"})),
            ignored_headers=table.ignored_headers,
            new_references_title=_("Financeurs créés par cet import"),
        )
        self.new_funders: list[Organisation] = []
        self.to_create: list[FundingLine] = []
        self.to_update: list[FundingLine] = []
        every = [self.read(table, line, cells) for line, cells in table.rows]
        self.report.rows = [row.outcome for row in every]
        rows = [row for row in every if not row.total]

        projects = ProjectIndex()
        for row in rows:
            self.find_project(row, projects)
        self.compare_totals(every, projects)
        project_ids = {row.project.pk for row in rows if row.project}
        if lock:  # two imports of the same projects are written one after the other
            list(in_chunks(Project.objects.select_for_update(), "pk", project_ids))
        existing = list(
            in_chunks(
                FundingLine.objects.only(
                    "pk", "project_id", "funder_id", "order", *VALUE_FIELDS
                ).order_by("order", "pk"),
                "project_id",
                project_ids,
            )
        )
        non_funder_labels = {
            (line.project_id, normalise(line.label))
            for line in existing
            if line.funder_id is None
        }
        organisations = organisation_index()
        for row in rows:
            self.find_funder(row, organisations, non_funder_labels)
        self.match([row for row in rows if not row.outcome.refused], existing)
        self.report.new_references = [funder.name for funder in self.new_funders]
        for row in rows:
            if row.outcome.refused:  # shown as written, not as read
                row.outcome.cells.update(row.written)

    # -- reading a row ---------------------------------------------------------------

    def read(self, table: Table, line: int, cells: list) -> LineRow:
        row = LineRow(outcome=RowOutcome(line=line))
        check_cells(row.outcome, table, cells)
        text = table.texts(cells)
        if not row.outcome.readable("*"):  # cut by a separator: nothing to read
            row.outcome.cells = dict(text)
            return row
        row.project_text, row.slug = text["project"], text["project_slug"]
        row.funder_text = " ".join(text["funder"].split())
        row.total = row.outcome.readable("amount") and any(
            is_total_label(text[key]) for key in ("project", "funder", "label")
        )
        amount_cell = table.cell(cells, "amount")
        if row.total:  # compared, never refused nor written
            amount = read_amount(RowOutcome(line=line), amount_cell)
            row.outcome.outcome = Outcome.TOTAL
        elif not row.outcome.readable("amount"):
            amount = None
        elif normalise(cell_text(amount_cell)) in NOT_VALUED:
            amount, amount_cell = None, None
        else:
            amount = read_amount(row.outcome, amount_cell)
        currency = read_currency(row.outcome, text["currency"], amount_cell)
        row.values = {
            "amount": amount,
            "currency": currency,
            "label": check_length(row.outcome, COLUMN["label"], text["label"], LABEL),
            "note": check_length(row.outcome, COLUMN["note"], text["note"], NOTE),
        }
        row.written = {
            "amount": text["amount"],
            "currency": text["currency"],
        }
        row.outcome.cells = {
            "project": row.project_text or row.slug,
            "funder": row.funder_text,
            "label": text["label"],
            "amount": text["amount"] if amount is None else MoneyCell(amount, currency),
            "currency": currency,
            "note": text["note"],
        }
        return row

    def compare_totals(self, rows: list[LineRow], projects: ProjectIndex) -> None:
        """Each "Total" row against the sum of the rows above it: those of its
        project (named on the row, or the only one above), or all of them."""
        above: list[LineRow] = []
        for row in rows:
            if not row.total:
                above.append(row)
                continue
            project = None
            if row.project_text and not is_total_label(row.project_text):
                try:
                    project = projects.find(row.project_text, row.slug)
                except Ambiguous:
                    project = None
            named = {line.project.pk for line in above if line.project}
            if project is None and len(named) == 1:
                project = next(line.project for line in above if line.project)
            counted = [
                line
                for line in above
                if project is None or (line.project and line.project.pk == project.pk)
            ]
            total, currency = row.values["amount"], row.values["currency"]
            lines_sum = sum(
                (line.values.get("amount") or Decimal(0) for line in counted),
                Decimal(0),
            )
            whose = project.title if project else _("tout le tableau")
            if total is None:
                message = _("ligne de total sans montant lisible")
            elif total == lines_sum:
                message = _("total %(total)s : égal à la somme des lignes (%(whose)s)")
            else:
                message = _(
                    "total %(total)s : différent de la somme des lignes (%(whose)s), "
                    "%(sum)s"
                )
            message %= {
                "total": format_money(total, currency),
                "sum": format_money(lines_sum, currency),
                "whose": whose,
            }
            row.outcome.changes.append(message)
            self.report.totals.append(
                _("Ligne %(line)s : %(message)s")
                % {"line": row.outcome.line, "message": message}
            )

    def find_project(self, row: LineRow, projects: ProjectIndex) -> None:
        if not row.outcome.readable("project"):
            return
        if not (row.project_text or row.slug):
            row.outcome.refuse(COLUMN["project"], _("projet manquant"))
            return
        try:
            row.project = projects.find(row.project_text, row.slug)
        except Ambiguous:
            row.outcome.refuse(
                COLUMN["project"],
                _(
                    "projet « %(title)s » ambigu : plusieurs projets portent ce titre, "
                    "indiquez son identifiant (colonne Identifiant du projet)"
                )
                % {"title": row.project_text},
            )
            return
        if row.project is None:
            column = COLUMN["project_slug"] if row.slug else COLUMN["project"]
            row.outcome.refuse(
                column,
                _("projet « %(project)s » introuvable")
                % {"project": row.slug or row.project_text},
            )
        else:
            row.outcome.cells["project"] = row.project.title

    def find_funder(
        self, row: LineRow, organisations: NameIndex, non_funder_labels: set
    ) -> None:
        if not row.outcome.readable("funder"):
            return
        name, label = row.funder_text, row.values["label"]
        if normalise(name) in NOT_A_FUNDER:  # "Montant à mobiliser": a label
            row.values["label"] = label or name
            row.outcome.cells["funder"] = ""
            return
        if not name:
            if not label:
                row.outcome.refuse(
                    COLUMN["funder"],
                    _(
                        "financeur manquant (ou un libellé, pour une ligne qui n'est "
                        "pas un financeur)"
                    ),
                )
            return
        try:
            funder = organisations.find(name)
        except Ambiguous:
            row.outcome.refuse(
                COLUMN["funder"],
                _(
                    "financeur « %(name)s » ambigu : plusieurs organisations portent "
                    "ce nom"
                )
                % {"name": name},
            )
            return
        if (
            funder is None
            and not label
            and row.project
            and (row.project.pk, normalise(name)) in non_funder_labels
        ):
            row.values["label"] = name  # "Montant à mobiliser", not an organisation
            return
        if funder is None:
            check_length(row.outcome, COLUMN["funder"], name, FUNDER_NAME)
            if row.outcome.refused:
                return
            funder = Organisation(name=name, kind=Organisation.Kind.AUTRE)
            organisations.add(name, funder)
            self.new_funders.append(funder)
        if funder.pk is None:
            row.outcome.new.append(_("financeur nouveau"))
        row.funder = funder
        row.outcome.cells["funder"] = funder.name

    # -- matching rows with lines ----------------------------------------------------

    def match(self, rows: list[LineRow], existing: list[FundingLine]) -> None:
        pools: dict[tuple, list[FundingLine]] = {}
        next_order: dict[int, int] = {}
        for line in existing:  # in (order, pk) order
            pools.setdefault(line_key(line), []).append(line)
            next_order[line.project_id] = max(
                next_order.get(line.project_id, 0), line.order + 1
            )
        by_key: dict[tuple, list[LineRow]] = {}
        for row in rows:
            by_key.setdefault(row.key, []).append(row)
        for key, key_rows in by_key.items():
            pool = pools.get(key, [])
            unpaired = []
            for row in key_rows:  # equal lines first: reordered rows stay unchanged
                same = next(
                    (line for line in pool if values_of(line) == row.values), None
                )
                if same is None:
                    unpaired.append(row)
                else:
                    pool.remove(same)
                    row.outcome.settle(created=False, updated=False)
            for row in unpaired:
                if pool:
                    self.update(row, pool.pop(0))
                else:
                    order = next_order.get(row.project.pk, 0)
                    next_order[row.project.pk] = order + 1
                    self.create(row, min(order, MAX_ORDER))

    def update(self, row: LineRow, line: FundingLine) -> None:
        row.outcome.changes = describe_changes(values_of(line), row.values)
        for name, value in row.values.items():
            setattr(line, name, value)
        row.outcome.settle(created=False, updated=True)
        self.to_update.append(line)

    def create(self, row: LineRow, order: int) -> None:
        # A new funder is given as an object: it has its primary key at writing.
        funder = (
            {"funder_id": row.funder.pk}
            if row.funder and row.funder.pk
            else {"funder": row.funder}
        )
        line = FundingLine(
            project_id=row.project.pk, order=order, **funder, **row.values
        )
        row.outcome.settle(created=True, updated=False)
        self.to_create.append(line)

    # -- writing -----------------------------------------------------------------------

    def write(self, *, user: User | None, reason: str) -> None:
        history = history_defaults(user=user, reason=reason)
        # A project form opened before the import must not save over its lines.
        touched = {line.project_id for line in [*self.to_create, *self.to_update]}
        record_version_move(
            record=Project.objects.filter(pk__in=touched), version=UNCHECKED
        )
        if self.new_funders:
            bulk_create_with_history(self.new_funders, Organisation, **history)
        if self.to_create:
            FundingLine.objects.bulk_create(self.to_create, batch_size=BATCH_SIZE)
            history_record_bulk(
                FundingLine,
                [line.pk for line in self.to_create],
                history_type="+",
                user=user,
                reason=reason,
            )
        if self.to_update:
            FundingLine.objects.bulk_update(
                self.to_update, VALUE_FIELDS, batch_size=BATCH_SIZE
            )
            history_record_bulk(
                FundingLine,
                [line.pk for line in self.to_update],
                history_type="~",
                user=user,
                reason=reason,
            )


def values_of(line: FundingLine) -> dict:
    return {name: getattr(line, name) for name in VALUE_FIELDS}


def describe_changes(old: dict, new: dict) -> list[str]:
    changes = []
    if old["amount"] != new["amount"] or old["currency"] != new["currency"]:
        changes.append(
            _("montant : %(old)s → %(new)s")
            % {
                "old": format_money(old["amount"], old["currency"]) or "—",
                "new": format_money(new["amount"], new["currency"]) or "—",
            }
        )
    for name, label in [("label", _("libellé")), ("note", _("note"))]:
        if old[name] != new[name]:
            changes.append(
                _("%(field)s : « %(old)s » → « %(new)s »")
                % {"field": label, "old": old[name], "new": new[name]}
            )
    return changes


def read_amount(row: RowOutcome, value) -> Decimal | None:
    """An amount as people write it (core.money.parse_amount), or a number cell;
    empty is None (an amount not known). Refuses the row otherwise."""
    column, text = COLUMN["amount"], cell_text(value)
    if not text:
        return None
    try:
        amount = parse_amount(
            value if isinstance(value, int | float | Decimal) else text
        )
    except ValueError:
        row.refuse(column, _("montant « %(value)s » illisible") % {"value": text})
        return None
    cents = amount.quantize(CENT)
    # A number cell computed by a formula carries float noise (0.30000000000000004).
    noise = Decimal("0.000001") if isinstance(value, float) else Decimal(0)
    if abs(amount - cents) > noise:
        row.refuse(
            column,
            _("montant « %(value)s » : deux décimales au plus") % {"value": text},
        )
    elif cents < 0:
        row.refuse(column, _("montant « %(value)s » négatif") % {"value": text})
    elif cents >= MAX_AMOUNT:
        row.refuse(column, _("montant « %(value)s » trop grand") % {"value": text})
    else:
        return cents
    return None


def read_currency(row: RowOutcome, text: str, amount_value) -> str:
    """The Devise column (EUR when absent or empty), which must agree with a currency
    written beside the amount (`30 000 $`)."""
    column = COLUMN["currency"]
    try:
        currency = parse_currency(text)
    except ValueError:
        row.refuse(
            column,
            _(
                "devise « %(value)s » inconnue : indiquez un code à trois lettres, "
                "comme EUR"
            )
            % {"value": text},
        )
        return text[:3]
    written = amount_currency(amount_value)
    if currency and written and currency != written:
        row.refuse(
            column,
            _("devise « %(currency)s » différente de celle du montant (%(written)s)")
            % {"currency": currency, "written": written},
        )
    return currency or written or "EUR"
