"""Server-rendered SVG charts for the admin dashboard (no JavaScript, no CDN).

Each chart is an <svg role="img"> with a <title>, and every bar or point carries its own
<title>, which browsers show as a tooltip and screen readers read. The dashboard also prints
the figures as a table, so the chart is never the only way to read them.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from common.vietnamese import number as vn_number

BAR_COLOUR = "#b3261e"
GRID_COLOUR = "#d9d9d9"
TEXT_COLOUR = "#444"


def _nice_max(value: int) -> int:
    """A round upper bound for the y axis (1, 2, 2.5, 5 × 10^n)."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        bound = int(step * magnitude)
        if bound >= value:
            return bound
    return 10 * magnitude


def _frame(width: int, height: int, title: str, chart_id: str, body: list[str]) -> SafeString:
    return mark_safe(
        f'<svg class="stats-chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="sans-serif" font-size="11">'
        f'<title id="{chart_id}-title">{escape(title)}</title>{"".join(body)}</svg>'
    )


def _axes(left: int, top: int, plot_w: int, plot_h: int, top_value: int) -> list[str]:
    parts = []
    for fraction in (0, 0.5, 1):
        y = top + plot_h - fraction * plot_h
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID_COLOUR}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT_COLOUR}">'
            f"{vn_number(round(top_value * fraction))}</text>"
        )
    return parts


def bar_chart(
    points: list[tuple[str, int, str]],
    *,
    title: str,
    chart_id: str,
    width: int = 760,
    height: int = 240,
    label_every: int = 1,
) -> SafeString:
    """Vertical bars. `points` are (axis label, value, tooltip)."""
    left, top, bottom, right = 56, 12, 36, 8
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max((v for _, v, _ in points), default=0))
    body = _axes(left, top, plot_w, plot_h, top_value)
    slot = plot_w / max(len(points), 1)
    bar_w = max(slot * 0.75, 1)
    for i, (label, value, tip) in enumerate(points):
        h = plot_h * value / top_value
        x = left + i * slot + (slot - bar_w) / 2
        body.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
            f'fill="{BAR_COLOUR}"><title>{escape(tip)}</title></rect>'
        )
        if i % label_every == 0:
            body.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
            )
    return _frame(width, height, title, chart_id, body)


def line_chart(
    points: list[tuple[str, int, str]],
    *,
    title: str,
    chart_id: str,
    width: int = 760,
    height: int = 240,
    label_at: set[int] | None = None,
) -> SafeString:
    """A filled line for long series (a year of days). Labels at the indexes in `label_at`."""
    left, top, bottom, right = 56, 12, 36, 8
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max((v for _, v, _ in points), default=0))
    body = _axes(left, top, plot_w, plot_h, top_value)
    step = plot_w / max(len(points) - 1, 1)
    coords = [
        (left + i * step, top + plot_h - plot_h * value / top_value) for i, (_, value, _) in enumerate(points)
    ]
    if coords:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        area = f"{left:.1f},{top + plot_h:.1f} {line} {coords[-1][0]:.1f},{top + plot_h:.1f}"
        body.append(f'<polygon points="{area}" fill="{BAR_COLOUR}" fill-opacity="0.15"/>')
        body.append(f'<polyline points="{line}" fill="none" stroke="{BAR_COLOUR}" stroke-width="1.5"/>')
    for i, ((label, _value, tip), (x, _y)) in enumerate(zip(points, coords, strict=True)):
        # Invisible hit areas carry the tooltips of each day.
        body.append(
            f'<rect x="{x - step / 2:.1f}" y="{top}" width="{max(step, 1):.1f}" height="{plot_h}" '
            f'fill="transparent"><title>{escape(tip)}</title></rect>'
        )
        if label_at and i in label_at:
            body.append(
                f'<line x1="{x:.1f}" y1="{top + plot_h}" x2="{x:.1f}" y2="{top + plot_h + 4}" '
                f'stroke="{TEXT_COLOUR}"/><text x="{x:.1f}" y="{height - bottom + 16}" '
                f'text-anchor="middle" fill="{TEXT_COLOUR}">{escape(label)}</text>'
            )
    return _frame(width, height, title, chart_id, body)
