"""Import of funding lines from a funder's or a partner's spreadsheet."""

import datetime
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import translation
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
from projects.funding import split_error
from projects.models import FundingLine, FundingLineYear, Project
from projects.resources import FUNDING_LINE_COLUMN as COLUMN
from projects.resources import FUNDING_LINE_COLUMNS as COLUMNS
from projects.totals import projects_refresh

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
from .writing import (
    BATCH_SIZE,
    delete_with_history,
    history_defaults,
    history_record_bulk,
    plan_and_write,
)

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
# Nature, status and period are set only by a file whose columns say them: an older
# file without them leaves them as they are.
VALUE_FIELDS = [
    "amount",
    "currency",
    "label",
    "note",
    "nature",
    "status",
    "period_start",
    "period_end",
]
Nature, Status = FundingLine.Nature, FundingLine.Status


@functools.cache
def choice_words(key: str) -> dict[str, str]:
    """What people write for a nature or a status (`key`), normalised, and the value
    it stands for (read once the translations are ready, then kept)."""
    if key == "nature":
        return _words(Nature.choices, NATURE_SPELLINGS)
    return _words(Status.choices, STATUS_SPELLINGS)


def _words(choices, extra: dict) -> dict[str, str]:
    """The values people write for each choice, compared normalised: its French
    label, its English one, its stored value, and the usual other spellings."""
    words = {}
    for value, label in choices:
        for language in ("fr", "en"):
            with translation.override(language):
                words[normalise(str(label))] = value
        words[normalise(value)] = value
    for text, value in extra.items():
        words[normalise(text)] = value
    return words


NATURE_SPELLINGS = {
    "espèces": Nature.CASH,
    "financier": Nature.CASH,
    "financière": Nature.CASH,
    "en nature": Nature.IN_KIND,
    "valorisé": Nature.IN_KIND,
    "valorisée": Nature.IN_KIND,
    "in-kind": Nature.IN_KIND,
}
STATUS_SPELLINGS = {
    "acquise": Status.SECURED,
    "obtenu": Status.SECURED,
    "obtenue": Status.SECURED,
    "demandée": Status.REQUESTED,
    "en attente": Status.REQUESTED,
    "sollicité": Status.REQUESTED,
    "sollicitée": Status.REQUESTED,
    "montant à mobiliser": Status.TO_RAISE,
    "a mobiliser": Status.TO_RAISE,
    "reste à financer": Status.TO_RAISE,
    "non évalué": Status.NOT_ASSESSABLE,
    "non chiffré": Status.NOT_ASSESSABLE,
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d-%m-%Y")
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
    Identifiant du projet, Libellé, Devise (EUR when absent), Nature (numéraire,
    valorisation), Statut (acquis, demandé, à mobiliser, non évaluable), Début, Fin
    and Note are read when present, and a column per calendar year headed by its
    year (`2016`, `Montant 2017`): the line's split by year. Headers are recognised
    whatever their case,
    accents or extra spaces; an unknown nature or status, an unreadable date or a
    period ending before it starts refuses the row.

    A file without Nature, Statut, Début or Fin (or with an empty cell there)
    leaves them as they are on a matched line; a new line is then cash, and "non
    évaluable" without an amount, "à mobiliser" when its name says so ("Montant à
    mobiliser"), else "acquis". A Statut "non évaluable" with an amount, or another
    with none, refuses the row, as does a new amount on a line split by year in a
    file without year columns (its split would no longer add up).

    Year columns: the row's split is its filled year cells (none: the line has no
    split), refused unless they add up to the amount (an empty amount is their
    sum), each within the line's period; they replace the line's split.

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
    table = locate_columns(sheet, COLUMNS, by_year=True)
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
    to_raise: bool = False  # named as money still to raise ("Montant à mobiliser")
    values: dict = field(default_factory=dict)
    written: dict = field(default_factory=dict)
    total: bool = False
    # Its split by year, (year, amount) in year order, when the file has year
    # columns; None when it has none (the line's split stays as it is).
    years: list[tuple[int, Decimal]] | None = None

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
        self.new_splits: list[tuple[FundingLine, list]] = []
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
        self.splits: dict[int, list[tuple[int, Decimal]]] = {}
        for line_id, year, amount in in_chunks(
            FundingLineYear.objects.order_by("year").values_list(
                "line_id", "year", "amount"
            ),
            "line__project_id",
            project_ids,
        ):
            self.splits.setdefault(line_id, []).append((year, amount))
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
        amount_empty = not cell_text(amount_cell)
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
        if table.year_columns and not row.total:
            row.years = read_years(row.outcome, table, cells)
            if amount_empty and row.years:  # the amount is what the years add up to
                amount = sum((part for _year, part in row.years), Decimal(0))
        row.values = {
            "amount": amount,
            "currency": currency,
            "label": check_length(row.outcome, COLUMN["label"], text["label"], LABEL),
            "note": check_length(row.outcome, COLUMN["note"], text["note"], NOTE),
        }
        if not row.total:
            read_kind(row, table, text)
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
            **{
                key: text[key]
                for key in ("nature", "status", "period_start", "period_end")
            },
            **{
                column.key: text[column.key]
                if year not in dict(row.years or [])
                else MoneyCell(dict(row.years)[year], currency)
                for year, column in table.year_columns
            },
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
            row.to_raise = True
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
            row.to_raise = normalise(name) in NOT_A_FUNDER
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
                    (
                        line
                        for line in pool
                        if values_of(line, row.values) == row.values
                        and status_after(line, row) == line.status
                        and row.years in (None, self.splits.get(line.pk, []))
                    ),
                    None,
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
        values = row.values | {"status": status_after(line, row)}
        split = self.splits.get(line.pk, [])
        if row.years is None and split and values["amount"] != line.amount:
            row.outcome.refuse(
                COLUMN["amount"],
                _(
                    "la ligne est répartie par année : changez son montant avec sa "
                    "répartition (une colonne par année, ou sur le portail)"
                ),
            )
            return
        if not check_period(
            row,
            values.get("period_start", line.period_start),
            values.get("period_end", line.period_end),
        ):
            return
        row.outcome.changes = describe_changes(values_of(line, values), values)
        if row.years is not None and row.years != split:
            row.outcome.changes.append(
                _("répartition : %(old)s → %(new)s")
                % {
                    "old": split_text(split, line.currency),
                    "new": split_text(row.years, values["currency"]),
                }
            )
        for name, value in values.items():
            setattr(line, name, value)
        if not self.check_split(row, line, replaces=split):
            return
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
            project_id=row.project.pk,
            order=order,
            **funder,
            **(row.values | {"status": status_after(None, row)}),
        )
        if not self.check_split(row, line, replaces=[]):
            return
        row.outcome.settle(created=True, updated=False)
        self.to_create.append(line)

    def check_split(self, row: LineRow, line: FundingLine, *, replaces: list) -> bool:
        """The row's split by year, checked against `line` as it will be saved, and
        kept to be written when it changes `replaces`, the line's split."""
        if row.years is None:
            return True
        error = split_error(line, row.years)
        if error:
            row.outcome.refuse(COLUMN["amount"], error)
            return False
        if row.years != replaces:
            self.new_splits.append((line, row.years))
        return True

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
        if self.new_splits:
            self.write_splits(user=user, reason=reason)
        # written in bulk, without signals: the dashboard's totals in this transaction
        projects_refresh(touched)

    def write_splits(self, *, user: User | None, reason: str) -> None:
        """Each changed split replaces the line's parts, with their history."""
        replaced = [
            line.pk for line, _years in self.new_splits if line.pk in self.splits
        ]
        old_parts = list(
            in_chunks(
                FundingLineYear.objects.values_list("pk", flat=True),
                "line_id",
                replaced,
            )
        )
        if old_parts:
            delete_with_history(FundingLineYear, old_parts, user=user, reason=reason)
        parts = FundingLineYear.objects.bulk_create(
            [
                FundingLineYear(line_id=line.pk, year=year, amount=amount)
                for line, years in self.new_splits
                for year, amount in years
            ],
            batch_size=BATCH_SIZE,
        )
        history_record_bulk(
            FundingLineYear,
            [part.pk for part in parts],
            history_type="+",
            user=user,
            reason=reason,
        )


def values_of(line: FundingLine, names=VALUE_FIELDS) -> dict:
    return {name: getattr(line, name) for name in names}


def status_after(line: FundingLine | None, row: LineRow) -> str:
    """The status the row gives `line` (None: a new line): the one its Statut says,
    else the one it had, as far as its amount allows."""
    if "status" in row.values:
        return row.values["status"]
    if row.values["amount"] is None:
        return Status.NOT_ASSESSABLE
    if line is None:
        return Status.TO_RAISE if row.to_raise else Status.SECURED
    if line.status == Status.NOT_ASSESSABLE:  # it now has an amount
        return Status.SECURED
    return line.status


def read_kind(row: LineRow, table: Table, text: dict) -> None:
    """The Nature, Statut, Début and Fin of the row into its values, those its file
    has: an empty nature or status says nothing, an empty date clears it."""
    unknown = {
        "nature": _(
            "nature « %(value)s » inconnue : indiquez « numéraire » ou « valorisation »"
        ),
        "status": _(
            "statut « %(value)s » inconnu : indiquez « acquis », « demandé », « à "
            "mobiliser » ou « non évaluable »"
        ),
    }
    for key, message in unknown.items():
        written = text[key]
        if not written:
            continue
        value = choice_words(key).get(normalise(written))
        if value is None:
            row.outcome.refuse(COLUMN[key], message % {"value": written})
        else:
            row.values[key] = value
    status, amount = row.values.get("status"), row.values["amount"]
    if status == Status.NOT_ASSESSABLE and amount is not None:
        row.outcome.refuse(
            COLUMN["status"],
            _("une ligne « non évaluable » n'a pas de montant : videz le montant"),
        )
    elif status and status != Status.NOT_ASSESSABLE and amount is None:
        row.outcome.refuse(
            COLUMN["amount"],
            _(
                "montant manquant : indiquez-le, ou le statut « non évaluable » "
                "pour une contribution qui ne se chiffre pas"
            ),
        )
    for key in ("period_start", "period_end"):
        if key in table.positions:
            row.values[key] = read_date(row.outcome, COLUMN[key], table, text[key])
    check_period(row, row.values.get("period_start"), row.values.get("period_end"))


def read_years(row: RowOutcome, table: Table, cells: list) -> list:
    """The filled cells of the year columns, (year, amount) in year order."""
    years = []
    for year, column in table.year_columns:
        amount = read_amount(row, table.cell(cells, column.key), column=column)
        if amount is not None:
            years.append((year, amount))
    return sorted(years)


def split_text(split: list, currency: str) -> str:
    return (
        ", ".join(
            f"{year} : {format_money(amount, currency)}" for year, amount in split
        )
        or "—"
    )


def read_date(row: RowOutcome, column, table: Table, text: str):
    """A date as a spreadsheet stores it (written ISO by `cell_text`) or as people
    type it (31/12/2016); empty is None. Refuses the row otherwise."""
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    row.refuse(
        column,
        _("date « %(value)s » illisible : écrivez-la comme 31/12/2016")
        % {"value": text},
    )
    return None


def check_period(row: LineRow, start, end) -> bool:
    if start and end and end < start:
        row.outcome.refuse(
            COLUMN["period_end"],
            _("la fin (%(end)s) précède le début (%(start)s)")
            % {
                "start": start.strftime("%d/%m/%Y"),
                "end": end.strftime("%d/%m/%Y"),
            },
        )
        return False
    return True


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
    shown = {
        "nature": (_("nature"), lambda value: Nature(value).label),
        "status": (_("statut"), lambda value: Status(value).label),
        "period_start": (_("début"), _date_text),
        "period_end": (_("fin"), _date_text),
    }
    for name, (label, show) in shown.items():
        if name in new and old[name] != new[name]:
            changes.append(
                _("%(field)s : « %(old)s » → « %(new)s »")
                % {"field": label, "old": show(old[name]), "new": show(new[name])}
            )
    return changes


def _date_text(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def read_amount(row: RowOutcome, value, column=COLUMN["amount"]) -> Decimal | None:
    """An amount as people write it (core.money.parse_amount), or a number cell;
    empty is None (an amount not known). Refuses the row otherwise."""
    text = cell_text(value)
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
