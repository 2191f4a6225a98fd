#!/usr/bin/env python3
"""Generate docs/FIELDS.md (from marsad.schema) and docs/CLI.md (from `marsad --help`).

    python scripts/gen_docs.py          # write both files
    python scripts/gen_docs.py --check  # exit 1 when a committed file is out of date (the tests do this)
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ["COLUMNS"] = "100"  # argparse wraps help to the terminal: fix the width for stable output

ROOT = Path(__file__).resolve().parents[1]


def fields_md() -> str:
    from marsad.schema import CSV_COLUMNS, EVENT_TYPES, FIELD_DOCS, INTER_CODES

    lines = ["# Output fields", "", "Generated from `src/marsad/schema.py` by `scripts/gen_docs.py`; do not edit.", "",
             "Fields in ACLED's CSV column order, then marsad's own.", "", "| field | meaning |", "|---|---|"]
    lines += [f"| `{f}` | {FIELD_DOCS[f]} |" for f in CSV_COLUMNS]
    lines += ["", "## Event types and sub-event types", ""]
    for et, subs in EVENT_TYPES.items():
        lines.append(f"- **{et}**: " + ", ".join(f"`{s}`" for s in subs))
    lines += ["", "## Inter codes", ""]
    lines += [f"- {code}: {name}" for code, name in INTER_CODES.items()]
    return "\n".join(lines) + "\n"


def cli_md() -> str:
    from marsad.cli import build_parser

    parser = build_parser()
    parts = ["# Command-line reference", "", "Generated from `marsad --help` by `scripts/gen_docs.py`; do not edit.", "",
             "```", parser.format_help().rstrip(), "```"]
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, p in sub.choices.items():
        parts += ["", f"## marsad {name}", "", "```", p.format_help().rstrip(), "```"]
    return "\n".join(parts) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    stale = []
    for path, text in ((ROOT / "docs" / "FIELDS.md", fields_md()), (ROOT / "docs" / "CLI.md", cli_md())):
        if a.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"out of date: {', '.join(stale)} (run python scripts/gen_docs.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
