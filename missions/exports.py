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
from .services import BudgetSummary, FinancialReport

# A text cell starting with one of these is read as a formula by spreadsheet programs
# (OWASP, CSV/formula injection): it is written with a leading quote instead.

HEADER_FILL = PatternFill("solid", fgColor="E3F0F5")
THIN = Side(style="thin", color="8A96A3")
BOXED = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def spreadsheet_text(value: str) -> str:
    """A text cell that no spreadsheet program will run as a formula."""
    return escape_cell(str(value or ""))


def budget_xlsx(
    *,
    mission: Mission,
    lines: list[BudgetLine],
    summary: BudgetSummary,
    report: FinancialReport | None = None,
) -> bytes:
    """One sheet: the lines with expenses and income side by side, each in cash and in
    kind, then the totals per column, per side, and the balance; with the `report`
    after the event, a second sheet of the financial report. Amounts are numbers
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
    if report is not None:
        financial_report_sheet(
            workbook, mission=mission, lines=lines, report=report, money=money_format
        )

    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def financial_report_sheet(
    workbook: Workbook,
    *,
    mission: Mission,
    lines: list[BudgetLine],
    report: FinancialReport,
    money: str,
) -> None:
    """The financial report after the event: each line's provisional and actual
    amounts, in cash and in kind, and their difference (actual minus provisional);
    the totals of each side and the balance. A line not reported is said so."""
    sheet = workbook.create_sheet(_("Rapport financier")[:31])
    sheet.append([spreadsheet_text(_("Rapport financier : %s") % mission.title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    header = [
        _("Poste"),
        _("Nature"),
        _("Prévu, numéraire"),
        _("Prévu, valorisation"),
        _("Réalisé, numéraire"),
        _("Réalisé, valorisation"),
        _("Écart (réalisé − prévu)"),
        _("Réalisé déclaré par"),
    ]
    sheet.append(header)
    first = sheet.max_row
    for line in lines:
        if line.is_reported:
            actual = [
                line.actual_cash_amount or 0,
                line.actual_in_kind_amount or 0,
                line.difference,
            ]
        else:
            actual = [_("non déclaré"), None, None]
        sheet.append(
            [
                spreadsheet_text(line.label),
                line.get_side_display(),
                line.cash_amount,
                line.in_kind_amount,
                *actual,
                spreadsheet_text(line.actual_source),
            ]
        )
    provisional, actual = report.provisional, report.actual
    for label, planned, done, difference in [
        (
            _("Total des dépenses"),
            (provisional.expense_cash, provisional.expense_in_kind),
            (actual.expense_cash, actual.expense_in_kind),
            report.expense_difference,
        ),
        (
            _("Total des recettes"),
            (provisional.income_cash, provisional.income_in_kind),
            (actual.income_cash, actual.income_in_kind),
            report.income_difference,
        ),
    ]:
        sheet.append([label, None, *planned, *done, difference])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    sheet.append(
        [
            _("Solde (recettes − dépenses)"),
            None,
            provisional.balance,
            None,
            actual.balance,
            None,
            report.balance_difference,
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=first, max_row=sheet.max_row):
        for cell in row:
            cell.border = BOXED
            if cell.row == first:
                cell.font = Font(bold=True)
                cell.fill = HEADER_FILL
                cell.alignment = Alignment(wrap_text=True, vertical="center")
            elif 3 <= cell.column <= 7:
                cell.number_format = money
    widths = (48, 12, 15, 15, 15, 15, 18, 30)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=first + 1, column=2)
