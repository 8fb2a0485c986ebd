"""The provisional budget of a mission as a spreadsheet, in the layout of the report
of the 2009 preparatory seminar."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.exports import escape_cell
from core.money import CURRENCY_SIGNS

from .models import BudgetLine, Mission
from .services import BudgetSummary

# A text cell starting with one of these is read as a formula by spreadsheet programs
# (OWASP, CSV/formula injection): it is written with a leading quote instead.

HEADER_FILL = PatternFill("solid", fgColor="E3F0F5")
THIN = Side(style="thin", color="8A96A3")
BOXED = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def spreadsheet_text(value: str) -> str:
    """A text cell that no spreadsheet program will run as a formula."""
    return escape_cell(str(value or ""))


def budget_xlsx(
    *, mission: Mission, lines: list[BudgetLine], summary: BudgetSummary
) -> bytes:
    """One sheet: the lines with expenses and income side by side, each in cash and in
    kind, then the totals per column, per side, and the balance. Amounts are numbers
    (with a currency format), never text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Budget prévisionnel")[:31]
    symbol = CURRENCY_SIGNS.get(mission.budget_currency, mission.budget_currency)
    money_format = f'#,##0.00 "{symbol}"'

    sheet.append([spreadsheet_text(_("Budget prévisionnel : %s") % mission.title)])
    sheet["A1"].font = Font(bold=True, size=13)
    if mission.organiser:
        sheet.append(
            [spreadsheet_text(_("Collectivité organisatrice : %s") % mission.organiser)]
        )
    sheet.append([_("Devise : %s") % mission.budget_currency])
    sheet.append([])

    first_header = sheet.max_row + 1
    sheet.append(
        [_("Poste"), _("Dépenses"), None, _("Recettes"), None, _("Précisions")]
    )
    sheet.append(
        [None, _("Numéraire"), _("Valorisation"), _("Numéraire"), _("Valorisation")]
    )
    sheet.merge_cells(
        start_row=first_header, start_column=2, end_row=first_header, end_column=3
    )
    sheet.merge_cells(
        start_row=first_header, start_column=4, end_row=first_header, end_column=5
    )
    for row in sheet.iter_rows(min_row=first_header, max_row=first_header + 1):
        for cell in row:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center")

    for line in lines:
        amounts = [line.cash_amount, line.in_kind_amount]
        if line.side == BudgetLine.Side.EXPENSE:
            values = [*amounts, None, None]
        else:
            values = [None, None, *amounts]
        sheet.append(
            [spreadsheet_text(line.label), *values, spreadsheet_text(line.note)]
        )

    sheet.append(
        [
            _("Total"),
            summary.expense_cash,
            summary.expense_in_kind,
            summary.income_cash,
            summary.income_in_kind,
        ]
    )
    sheet.append(
        [_("Total par nature"), summary.expense_total, None, summary.income_total]
    )
    last_table_row = sheet.max_row
    sheet.merge_cells(
        start_row=last_table_row, start_column=2, end_row=last_table_row, end_column=3
    )
    sheet.merge_cells(
        start_row=last_table_row, start_column=4, end_row=last_table_row, end_column=5
    )
    for row in sheet.iter_rows(min_row=first_header, max_row=last_table_row):
        for cell in row:
            cell.border = BOXED
            if cell.column in (2, 3, 4, 5) and cell.row > first_header + 1:
                cell.number_format = money_format
            if cell.column in (1, 6):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=last_table_row - 1, max_row=last_table_row):
        for cell in row:
            cell.font = Font(bold=True)

    sheet.append([])
    for label, amount in [
        (_("Solde en numéraire (recettes − dépenses)"), summary.balance_cash),
        (_("Solde en valorisation (recettes − dépenses)"), summary.balance_in_kind),
        (_("Solde global"), summary.balance),
    ]:
        sheet.append([label, amount])
        sheet.cell(row=sheet.max_row, column=2).number_format = money_format
    sheet.append(
        [
            _("Budget équilibré.")
            if summary.is_balanced
            else _("Budget déséquilibré : voir les soldes ci-dessus.")
        ]
    )
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)

    for column, width in zip(range(1, 7), (48, 15, 15, 15, 15, 60), strict=True):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=first_header + 2, column=2)

    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
