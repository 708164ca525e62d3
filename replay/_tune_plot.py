"""The tuning plot: recall, lead time and false alarms of every setting tried, as one SVG.

Hand-written SVG (no plotting library): two panels sharing the x axis, false alarms per day.
Left: recall of incidents with >= 3 reporting authors; right: median lead over call-based
detection on those incidents. The chosen setting is ringed; the false-alarm bound is dashed.
"""

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any, Protocol

W, H, PAD = 420, 300, 50


class Point(Protocol):
    """What the plot needs of a trial (``replay._tune.Trial``)."""

    @property
    def label(self) -> str: ...
    @property
    def figures(self) -> dict[str, Any]: ...


def _panel(
    trials: Sequence[Point], best: Point, key: str, title: str, *, x0: float, scale: float, fmt: str
) -> list[str]:
    xs = [float(t.figures["false_alarms_per_day"]) for t in trials]
    ys = [float(t.figures[key] or 0.0) / scale for t in trials]
    xmax = max([*xs, 1.5]) * 1.05
    # zoom on the spread of the trials: they differ by a few percent or tenths of a minute
    lo, hi = min(ys), max(ys)
    margin = max((hi - lo) * 0.1, 0.02 * abs(hi), 1e-6)
    ymin, ymax = lo - margin, hi + margin

    def px(x: float) -> float:
        return x0 + PAD + x / xmax * (W - 2 * PAD)

    def py(y: float) -> float:
        return H - PAD - (y - ymin) / (ymax - ymin or 1.0) * (H - 2 * PAD)

    out = [
        f'<text x="{x0 + W / 2}" y="20" text-anchor="middle" font-weight="bold">{title}</text>',
        f'<line x1="{px(0)}" y1="{py(ymin)}" x2="{px(xmax)}" y2="{py(ymin)}" stroke="black"/>',
        f'<line x1="{px(0)}" y1="{py(ymin)}" x2="{px(0)}" y2="{py(ymax)}" stroke="black"/>',
        f'<line x1="{px(1)}" y1="{py(ymin)}" x2="{px(1)}" y2="{py(ymax)}" stroke="red" '
        'stroke-dasharray="4 3"/>',
        f'<text x="{x0 + W / 2}" y="{H - 12}" text-anchor="middle">false alarms per day</text>',
    ]
    for i in range(5):
        y = ymin + (ymax - ymin) * i / 4
        out.append(
            f'<text x="{px(0) - 6}" y="{py(y) + 4}" text-anchor="end" font-size="10">'
            f"{fmt.format(y)}</text>"
        )
        x = xmax * i / 4
        out.append(
            f'<text x="{px(x)}" y="{py(ymin) + 14}" text-anchor="middle" font-size="10">'
            f"{x:.1f}</text>"
        )
    for t, x, y in zip(trials, xs, ys, strict=True):
        colour = "#888" if t.label.startswith("threshold") else "#1f77b4"
        out.append(
            f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="4" fill="{colour}" fill-opacity="0.6">'
            f"<title>{escape(t.label)}: {fmt.format(y)}, {x:.2f}/day</title></circle>"
        )
        if t is best:
            out.append(
                f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="9" fill="none" stroke="red"/>'
            )
    return out


def write_svg(trials: Sequence[Point], best: Point, path: Path) -> None:
    """Write the two-panel plot of ``trials`` to ``path``."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * W}" height="{H + 30}" '
        'font-family="sans-serif" font-size="12">',
        '<rect width="100%" height="100%" fill="white"/>',
        *_panel(
            trials,
            best,
            "recall_3_authors",
            "recall, ≥ 3 reporting authors",
            x0=0,
            scale=1,
            fmt="{:.0%}",
        ),
        *_panel(
            trials,
            best,
            "median_lead_time_3_authors_s",
            "median lead over calls (min), ≥ 3 authors",
            x0=W,
            scale=60,
            fmt="{:+.1f}",
        ),
        f'<text x="10" y="{H + 22}" font-size="11">blue: surprise detector settings; grey: '
        f"fixed thresholds; ringed: chosen ({escape(best.label)})</text>",
        "</svg>",
    ]
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
