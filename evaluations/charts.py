"""Charts of the indicators, drawn here as SVG: inline in the pages and in the PDF
sheets (WeasyPrint draws SVG), readable without JavaScript, and testable by parsing.

One line per side (French territory, partner territory) over time, the target as a
dashed horizontal line. Sides differ by colour, dash and marker shape, not colour
alone; every point carries a tooltip, and the chart a text description.
"""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Indicator, Measurement, format_quantity

SIDE_STYLES = {
    Measurement.Side.FRENCH: {"color": "#0b5c7a", "dash": "", "marker": "circle"},
    Measurement.Side.PARTNER: {"color": "#a34f00", "dash": "6 4", "marker": "square"},
}
TARGET_COLOR = "#1e6b3a"
GRID_COLOR = "#d5dbe1"
INK = "#4a5563"
LABEL_WIDTH = 66  # a date label (« 10/12/2009 ») at 11 pixels, with a gap


def with_unit(value, unit: str) -> str:
    return f"{format_quantity(value)} {unit}".strip()


@dataclass(frozen=True)
class Scale:
    """Maps values (or days) of [low, high] onto pixels [start, end]."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if self.high == self.low:
            return (self.start + self.end) / 2
        return self.start + (value - self.low) / (self.high - self.low) * (
            self.end - self.start
        )


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten) covering [low, high]."""
    if high == low:
        high = low + 1
    raw = (high - low) / count
    exponent = math.floor(math.log10(raw))
    step = next(
        m * 10**exponent for m in (1, 2, 5, 10) if m * 10**exponent >= raw - 1e-12
    )
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    ticks = []
    value = first
    while value <= last + step / 2:
        ticks.append(round(value, 10))
        value += step
    return ticks


def line_chart_svg(
    *,
    series: dict[str, list[tuple[datetime.date, Decimal]]],
    target: Decimal | None,
    unit: str,
    title: str,
    chart_id: str,
    width: int = 560,
    height: int = 240,
) -> str:
    """An SVG line chart: one line per side of `series` (points sorted by date), and
    the target as a dashed line. Empty string when there is no point."""
    points = [point for side_points in series.values() for point in side_points]
    if not points:
        return ""
    left, right, bottom = 56, 16, 30
    legend, legend_height = _legend(series, target, unit, left=8, width=width - right)
    top = legend_height + 18
    dates = sorted({day for day, _value in points})
    values = [float(value) for _day, value in points]
    if target is not None:
        values.append(float(target))
    ticks = nice_ticks(min([0.0, *values]), max(values))
    y = Scale(ticks[0], ticks[-1], height - bottom, top)
    first_day = dates[0].toordinal()
    # Inset so that the first and last date labels stay inside the drawing.
    x = Scale(first_day, dates[-1].toordinal(), left + 32, width - right - 32)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="indicator-chart" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'font-family="DejaVu Sans, system-ui, sans-serif" font-size="11">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">'
        f"{escape(_chart_description(series, target, unit))}</desc>",
        f'<rect x="{left}" y="{top}" width="{width - left - right}" '
        f'height="{height - top - bottom}" fill="#ffffff" stroke="{GRID_COLOR}"/>',
    ]
    for tick in ticks:
        ty = y(tick)
        parts.append(
            f'<line class="grid-line" x1="{left}" x2="{width - right}" '
            f'y1="{ty:.1f}" y2="{ty:.1f}" stroke="{GRID_COLOR}" stroke-width="1"/>'
            f'<text class="y-tick" x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" '
            f'fill="{INK}">{escape(format_quantity(Decimal(str(tick))))}</text>'
        )
    for day in _spaced_dates(dates, x):
        parts.append(
            f'<text class="x-tick" x="{x(day.toordinal()):.1f}" '
            f'y="{height - bottom + 16}" text-anchor="middle" fill="{INK}">'
            f"{escape(date_format(day, 'SHORT_DATE_FORMAT'))}</text>"
        )
    if target is not None:
        ty = y(float(target))
        parts.append(
            f'<line class="target" data-value="{target}" x1="{left}" '
            f'x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="{TARGET_COLOR}" stroke-width="2" stroke-dasharray="2 3"/>'
        )
    for side, side_points in series.items():
        if side_points:
            parts.append(_series_svg(side, side_points, x, y, unit))
    parts.append(legend)
    parts.append("</svg>")
    return "".join(parts)


def _spaced_dates(dates: list[datetime.date], x: Scale) -> list[datetime.date]:
    """The dates to label on the x axis: the first and the last, and between them
    those far enough from the previous label for the labels not to overlap."""

    def far_enough(day, previous):
        return x(day.toordinal()) - x(previous.toordinal()) >= LABEL_WIDTH

    kept: list[datetime.date] = []
    for day in dates:
        if not kept or far_enough(day, kept[-1]):
            kept.append(day)
    last = dates[-1]
    if kept[-1] != last:  # the last date matters more than those just before it
        while len(kept) > 1 and not far_enough(last, kept[-1]):
            kept.pop()
        if far_enough(last, kept[-1]):
            kept.append(last)
    return kept


def _series_svg(side, side_points, x, y, unit) -> str:
    style = SIDE_STYLES[side]
    label = Measurement.Side(side).label
    coordinates = [
        (x(day.toordinal()), y(float(value)), day, value) for day, value in side_points
    ]
    dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
    polyline = " ".join(f"{px:.1f},{py:.1f}" for px, py, _d, _v in coordinates)
    parts = [
        f'<g class="series" data-side="{side}">',
        f'<polyline points="{polyline}" fill="none" stroke="{style["color"]}" '
        f'stroke-width="2"{dash}/>',
    ]
    for px, py, day, value in coordinates:
        tooltip = f"{label}, {date_format(day, 'SHORT_DATE_FORMAT')} : " + with_unit(
            value, unit
        )
        data = f'data-date="{day.isoformat()}" data-value="{value}"'
        if style["marker"] == "circle":
            shape = f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" {data}'
        else:
            shape = (
                f'<rect x="{px - 4:.1f}" y="{py - 4:.1f}" width="8" height="8" {data}'
            )
        parts.append(
            f'{shape} class="point" fill="{style["color"]}">'
            f"<title>{escape(tooltip)}</title>"
            f"{'</circle>' if style['marker'] == 'circle' else '</rect>'}"
        )
    parts.append("</g>")
    return "".join(parts)


def _legend(series, target, unit, *, left: int, width: int) -> tuple[str, int]:
    """The legend above the plot, wrapped onto as many rows as the width needs;
    returns the SVG and the height it takes."""
    entries = [
        (SIDE_STYLES[side], Measurement.Side(side).label)
        for side in series
        if series[side]
    ]
    if target is not None:
        label = _("Cible : %s") % with_unit(target, unit)
        entries.append(({"color": TARGET_COLOR, "dash": "2 3"}, label))
    parts = ['<g class="legend">']
    offset, row = left, 0
    for style, label in entries:
        # about 6.5 pixels a character at 11 pixels, plus the line sample
        entry_width = 38 + round(6.5 * len(str(label)))
        if offset > left and offset + entry_width > width:
            offset, row = left, row + 1
        y = 14 + 16 * row
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        parts.append(
            f'<line x1="{offset}" x2="{offset + 22}" y1="{y}" y2="{y}" '
            f'stroke="{style["color"]}" stroke-width="2"{dash}/>'
            f'<text x="{offset + 28}" y="{y + 4}" fill="{INK}">'
            f"{escape(str(label))}</text>"
        )
        offset += entry_width + 12
    parts.append("</g>")
    return "".join(parts), 16 * (row + 1)


def _chart_description(series, target, unit) -> str:
    sentences = []
    for side, side_points in series.items():
        if side_points:
            day, value = side_points[-1]
            sentences.append(
                _("%(side)s : %(count)s mesures, la dernière %(value)s le %(date)s.")
                % {
                    "side": Measurement.Side(side).label,
                    "count": len(side_points),
                    "value": with_unit(value, unit),
                    "date": date_format(day, "SHORT_DATE_FORMAT"),
                }
            )
    if target is not None:
        sentences.append(_("Cible : %s.") % with_unit(target, unit))
    return " ".join(sentences)


def indicator_chart_svg(indicator: Indicator, *, width=560, height=240) -> str:
    """The chart of an indicator's measurements (reads `measurements.all()`)."""
    measurements = sorted(indicator.measurements.all(), key=lambda m: (m.date, m.pk))
    series = {
        side: [(m.date, m.value) for m in measurements if m.side == side]
        for side in Measurement.Side.values
    }
    return line_chart_svg(
        series=series,
        target=indicator.target,
        unit=indicator.unit,
        title=indicator.name,
        chart_id=f"indicator-{indicator.pk}-chart",
        width=width,
        height=height,
    )
