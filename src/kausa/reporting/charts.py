"""Charts as SVG (no Django, no JavaScript): drawn on the server, the same markup on the
page and in the PDF. Each chart is an image with a title and a description that reads out
every value; the page shows the same numbers in a table next to it, so nothing is known
only from a picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

BAR = "#1f5f8b"  # 7.0:1 on white
TARGET = "#8a3b00"  # 7.4:1 on white
MUTED = "#595959"  # 7.0:1 on white
GRID = "#d0d0d0"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: hidden (disclosure control)


def _nice_max(value: int) -> int:
    if value <= 10:
        return 10
    step = 10 ** (len(str(value)) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        top = int(factor * step)
        if top >= value:
            return top
    return value


def column_chart(
    chart_id: str, title: str, bars: Sequence[Bar], *, hidden_mark: str, description: str
) -> str:
    """Vertical bars (e.g. the four quarters of a year), 260 × 150 units, scales to width."""
    width, height, left, bottom, top = 260, 150, 34, 24, 12
    plot_h = height - bottom - top
    peak = _nice_max(max((b.value or 0 for b in bars), default=0))
    slot = (width - left - 6) / max(len(bars), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" direction="ltr">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    for tick in (0, peak // 2, peak):
        y = top + plot_h - plot_h * tick / peak
        parts.append(
            f'<line x1="{left}" x2="{width - 4}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10" '
            f'fill="{MUTED}">{tick}</text>'
        )
    for i, bar in enumerate(bars):
        x = left + i * slot + slot * 0.18
        w = slot * 0.64
        label_y = height - 8
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{label_y}" text-anchor="middle" font-size="10" '
            f'fill="{MUTED}">{escape(bar.label)}</text>'
        )
        if bar.value is None:
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="{top + plot_h - 4}" text-anchor="middle" '
                f'font-size="12" fill="{MUTED}">{escape(hidden_mark)}</text>'
            )
            continue
        h = plot_h * bar.value / peak
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'fill="{BAR}"/>'
            f'<text x="{x + w / 2:.1f}" y="{top + plot_h - h - 3:.1f}" text-anchor="middle" '
            f'font-size="10" fill="#000">{bar.value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Progress:
    label: str
    result: int | None  # None: hidden
    target: int
    projection: int | None


def target_chart(
    chart_id: str, title: str, rows: Sequence[Progress], *, hidden_mark: str, description: str
) -> str:
    """One horizontal bar per indicator: result so far (filled), where the year is heading
    at this pace (outline) and the target (a vertical mark); 100 % = the target."""
    width, row_h, label_w, pad = 340, 40, 0, 8
    height = pad * 2 + row_h * len(rows)
    scale_w = width - 48
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart chart-wide" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'direction="ltr">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    peak = max([1.5] + [min(1.5, (r.projection or 0) / r.target) for r in rows if r.target])
    for i, row in enumerate(rows):
        y = pad + i * row_h
        parts.append(
            f'<text x="{label_w}" y="{y + 12}" font-size="13" fill="#000">'
            f"{escape(row.label)}</text>"
        )
        bar_y = y + 18
        if row.target and row.projection is not None:
            pw = scale_w * min(row.projection / row.target, peak) / peak
            parts.append(
                f'<rect x="0" y="{bar_y}" width="{pw:.1f}" height="12" fill="none" '
                f'stroke="{BAR}" stroke-dasharray="3 2"/>'
            )
        if row.result is None:
            parts.append(
                f'<text x="2" y="{bar_y + 10}" font-size="11" fill="{MUTED}">'
                f"{escape(hidden_mark)}</text>"
            )
        elif row.target:
            rw = scale_w * min(row.result / row.target, peak) / peak
            parts.append(f'<rect x="0" y="{bar_y}" width="{rw:.1f}" height="12" fill="{BAR}"/>')
        tx = scale_w / peak
        parts.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{bar_y - 3}" y2="{bar_y + 15}" '
            f'stroke="{TARGET}" stroke-width="2"/>'
        )
        share = (
            hidden_mark
            if row.result is None
            else f"{round(100 * row.result / row.target)} %"
            if row.target
            else "–"
        )
        parts.append(
            f'<text x="{width - 2}" y="{bar_y + 11}" text-anchor="end" font-size="13" '
            f'fill="#000">{escape(share)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
