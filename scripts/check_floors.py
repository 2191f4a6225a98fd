#!/usr/bin/env python3
"""Floors only go up: fail when ``tests/quality/floors.json`` lowers a floor of an earlier commit.

The floors are compared with their version in the base commit: ``$FLOORS_BASE`` when set, else
in CI the merge base with the pull request's target branch (``$GITHUB_BASE_REF``) when it can be
found, else ``HEAD~1``. A floor that went down (or disappeared) fails the check unless a commit
after the base carries a line ``lower-floor: <reason>`` in its message. Without git, outside a
checkout or without that history, the check is skipped (exit 0).

    python scripts/check_floors.py                       # the check (exit 1 when a floor went down)
    python scripts/check_floors.py --ratchet measured.json   # raise floors to measured - margin
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FLOORS = Path("tests/quality/floors.json")  # relative to the repository root
MARGIN = 0.02
LOWER_FLOOR = re.compile(r"^\s*lower-floor:\s*(\S.*)$", re.MULTILINE)
OK, FAIL, SKIP = "ok", "fail", "skip"


def flatten(floors: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """Nested floors as ``{"team.event_type_f1.Battles": 0.6, ...}`` (numbers only)."""
    flat: dict[str, float] = {}
    for key, value in floors.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, name + "."))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            flat[name] = float(value)
    return flat


def lowered(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Every floor of ``old`` that ``new`` lowers or drops, as readable lines."""
    old_flat, new_flat = flatten(old), flatten(new)
    problems = []
    for name, before in old_flat.items():
        after = new_flat.get(name)
        if after is None:
            problems.append(f"{name}: {before:g} -> removed")
        elif after < before - 1e-9:
            problems.append(f"{name}: {before:g} -> {after:g}")
    return problems


def floor_of(value: float, margin: float = MARGIN) -> float:
    """A floor a little below a measured value: value - margin, rounded down to 2 decimals."""
    # round() first so that 0.62 - 0.02 = 0.6000000000000001 is not taken for 0.59.
    return max(0.0, math.floor(round((value - margin) * 100, 6)) / 100)


def ratchet(floors: dict[str, Any], measured: dict[str, Any], margin: float = MARGIN) -> dict[str, Any]:
    """Floors raised to ``floor_of(measured)`` where that is higher; never lowered."""
    raised: dict[str, Any] = {}
    for key in [*floors, *(k for k in measured if k not in floors)]:
        old, new = floors.get(key), measured.get(key)
        if isinstance(old, dict) or isinstance(new, dict):
            raised[key] = ratchet(old if isinstance(old, dict) else {}, new if isinstance(new, dict) else {},
                                  margin)
        elif isinstance(new, (int, float)) and not isinstance(new, bool):
            raised[key] = max(floor_of(new, margin), old) if isinstance(old, (int, float)) else floor_of(new, margin)
        else:
            raised[key] = old
    return raised


def _git(root: Path, *args: str) -> str | None:
    """Output of a git command in ``root``, or None when git is missing or the command fails."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def base_commit(root: Path) -> tuple[str, str] | None:
    """(commit, how it was chosen) to compare with, or None when no history is available."""
    explicit = os.environ.get("FLOORS_BASE")
    if explicit:
        sha = _git(root, "rev-parse", "--verify", f"{explicit}^{{commit}}")
        return (sha.strip(), f"$FLOORS_BASE={explicit}") if sha else None
    target = os.environ.get("GITHUB_BASE_REF")
    if target:
        for ref in (f"origin/{target}", target):
            sha = _git(root, "merge-base", "HEAD", ref)
            if sha:
                return sha.strip(), f"merge base with {ref}"
    sha = _git(root, "rev-parse", "--verify", "HEAD~1^{commit}")
    return (sha.strip(), "HEAD~1") if sha else None


def lowering_reasons(root: Path, base: str) -> list[str]:
    """The ``lower-floor:`` reasons given in the messages of the commits after ``base``."""
    log = _git(root, "log", "--format=%B", f"{base}..HEAD") or ""
    return [m.group(1).strip() for m in LOWER_FLOOR.finditer(log)]


def check(root: Path = ROOT) -> tuple[str, str]:
    """(OK | FAIL | SKIP, message) for the working copy's floors against the base commit's."""
    current_path = root / FLOORS
    if not current_path.exists():
        return SKIP, f"no {FLOORS}"
    if _git(root, "rev-parse", "--is-inside-work-tree") is None:
        return SKIP, "not a git checkout (or git is not installed)"
    base = base_commit(root)
    if base is None:
        return SKIP, "no earlier commit to compare with (first commit or shallow clone)"
    sha, how = base
    previous_text = _git(root, "show", f"{sha}:{FLOORS.as_posix()}")
    if previous_text is None:
        return OK, f"{FLOORS} is new since {how} ({sha[:10]}): nothing to compare"
    try:
        previous = json.loads(previous_text)
    except json.JSONDecodeError:
        return OK, f"{FLOORS} at {how} is not JSON: nothing to compare"
    current = json.loads(current_path.read_text(encoding="utf-8"))
    problems = lowered(previous, current)
    if not problems:
        return OK, f"no floor lowered since {how} ({sha[:10]})"
    listing = "\n".join(f"  {p}" for p in problems)
    reasons = lowering_reasons(root, sha)
    if reasons:
        return OK, (f"floors lowered since {how} ({sha[:10]}), allowed by "
                    f"'lower-floor: {'; '.join(reasons)}':\n{listing}")
    return FAIL, (f"floors lowered since {how} ({sha[:10]}):\n{listing}\n"
                  "Floors only go up. To lower one on purpose, say why in the commit message with a line "
                  "'lower-floor: <reason>' (see tests/quality/README.md).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: this script's)")
    parser.add_argument("--ratchet", type=Path, metavar="MEASURED.json",
                        help="raise the floors to the measured figures minus --margin, then exit")
    parser.add_argument("--margin", type=float, default=MARGIN, help=f"for --ratchet (default {MARGIN})")
    args = parser.parse_args(argv)
    if args.ratchet:
        path = args.root / FLOORS
        floors = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        measured = json.loads(args.ratchet.read_text(encoding="utf-8"))
        raised = ratchet(floors, measured, args.margin)
        path.write_text(json.dumps(raised, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        changed = {k: v for k, v in flatten(raised).items() if flatten(floors).get(k) != v}
        print(f"{path}: {len(changed)} floors raised" + "".join(f"\n  {k} = {v:g}" for k, v in changed.items()))
        return 0
    status, message = check(args.root)
    print(f"check_floors: {status}: {message}")
    return 1 if status == FAIL else 0


if __name__ == "__main__":
    sys.exit(main())
