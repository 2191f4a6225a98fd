"""The HTML report of ``marsad evaluate``: one file an analyst can open offline or mail.

Every string that comes from an article, the gold or the predictions goes through
:func:`html.escape`; Arabic passages are marked ``dir="rtl"`` and the evidence inside them
is highlighted with ``<mark>``.
"""
from __future__ import annotations

from collections import Counter
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..evaluate import Evaluation, Miss, Tally

_CSS = """
body { font-family: system-ui, "Noto Sans", "Noto Naskh Arabic", sans-serif; margin: 2em auto;
       max-width: 70em; color: #222; line-height: 1.45; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .5em 0; font-size: .92em; }
th, td { border: 1px solid #ddd; padding: .2em .6em; text-align: left; }
th { background: #f3f3f3; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.zero { color: #bbb; } td.diag { background: #e6f4e6; font-weight: bold; }
.miss { border: 1px solid #ddd; border-left: 4px solid #c33; padding: .5em .8em; margin: .8em 0; }
.miss.extra { border-left-color: #d80; }
.kind { font-weight: bold; text-transform: uppercase; font-size: .8em; }
.why { color: #555; font-size: .9em; }
.ar { font-family: "Noto Naskh Arabic", "Amiri", "Arial", serif; font-size: 1.15em; background: #fafafa;
      padding: .4em .6em; text-align: right; }
mark { background: #ffe066; padding: 0 .1em; }
"""


def render_html(ev: Evaluation, title: str = "marsad evaluate") -> str:
    """The whole report as one HTML document."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        "<h2>Summary</h2>",
        _summary(ev.summary),
        "<h2>By event type</h2>", _tallies("event type", ev.by_event_type),
        "<h2>By sub-event type</h2>", _tallies("sub-event type", ev.by_sub_event_type),
        "<h2>By country</h2>", _tallies("country", ev.by_country),
        "<h2>Confusion of event types</h2>",
        "<p>Rows: gold type; columns: predicted type; events paired on place and date only.</p>",
        _confusion(ev),
        f"<h2>Misses and extras ({len(ev.misses)})</h2>",
        *(_miss(m) for m in ev.misses),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _summary(summary: dict) -> str:
    rows = "".join(f"<tr><th>{escape(str(k))}</th><td class=\"n\">{escape(str(v))}</td></tr>"
                   for k, v in summary.items())
    return f"<table>{rows}</table>"


def _tallies(title: str, tallies: dict[str, Tally]) -> str:
    head = "".join(f"<th>{h}</th>" for h in (escape(title), "gold", "pred", "matched", "P", "R", "F1"))
    rows = []
    for key, t in tallies.items():
        cells = [t.gold, t.pred, t.matched, f"{t.precision:.3f}", f"{t.recall:.3f}", f"{t.f1:.3f}"]
        rows.append(f"<tr><td>{escape(key or '(unknown)')}</td>"
                    + "".join(f'<td class="n">{c}</td>' for c in cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _confusion(ev: Evaluation) -> str:
    from ..evaluate import confusion_labels

    labels = confusion_labels(ev.confusion)
    head = "<th>gold \\ predicted</th>" + "".join(f"<th>{escape(p)}</th>" for p in labels)
    rows = []
    for g in labels:
        row = ev.confusion.get(g, Counter())
        cells = []
        for p in labels:
            css = "n diag" if g == p else ("n zero" if not row[p] else "n")
            cells.append(f'<td class="{css}">{row[p]}</td>')
        rows.append(f"<tr><th>{escape(g)}</th>{''.join(cells)}</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _miss(m: Miss) -> str:
    e = m.event
    facts = " · ".join(escape(str(v)) for v in (
        e.get("event_type"), e.get("sub_event_type"), e.get("event_date"), e.get("location_ar"),
        f"fatalities {e.get('fatalities')}") if v)
    body = [f'<div class="miss {escape(m.kind)}">',
            f'<span class="kind">{escape(m.kind)}</span> <code>{escape(m.doc_id)}</code> — {facts}',
            f'<div class="why">{escape(m.why)}</div>']
    if m.context:
        body.append(f'<p class="ar" dir="rtl" lang="ar">{_highlight(m.context, m.marks)}</p>')
    elif m.evidence:
        body.append(f'<p class="ar" dir="rtl" lang="ar"><mark>{escape(m.evidence)}</mark></p>')
    body.append("</div>")
    return "".join(body)


def _highlight(text: str, marks: list[tuple[int, int]]) -> str:
    """The text escaped, with each (non-overlapping, sorted) mark wrapped in ``<mark>``."""
    out, pos = [], 0
    for a, b in marks:
        out += [escape(text[pos:a]), "<mark>", escape(text[a:b]), "</mark>"]
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)
