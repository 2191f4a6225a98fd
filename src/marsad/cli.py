"""The ``marsad`` command: a thin layer over the library (``marsad.api``)."""
from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from contextlib import contextmanager, nullcontext

from . import __version__
from .document import parse_published
from .output import FORMATS, Writer

EXIT_OK, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2

# Modules that add their own subcommands (each has ``add_subcommands(subparsers)``).
COMMAND_MODULES = [".gazetteer.cli", ".evaluate", ".store.cli", ".batch", ".watch", ".server.cli"]


def _published(value: str):
    d = parse_published(value)
    if d is None:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}")
    return d


def _add_extract(sub) -> None:
    p = sub.add_parser(
        "extract",
        help="code articles into ACLED-format events",
        description="Read articles (.txt, .html/.htm, .jsonl, folders, or standard input) and print "
        "the events they report, one per line (JSON Lines), as ACLED CSV or as GeoJSON.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders; '-' or nothing: standard input")
    p.add_argument("--format", "-f", choices=FORMATS, default="jsonl", help="output format (default jsonl)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument("--published", type=_published, metavar="YYYY-MM-DD",
                   help="publication date for plain files that carry none (relative dates resolve against it)")
    p.add_argument("--source", default="", metavar="NAME", help="source outlet for plain files that carry none")
    p.add_argument("--gazetteer", metavar="PATH", help="an imported gazetteer (default: $MARSAD_GAZETTEER or the embedded one)")
    p.add_argument("--verbose", "-v", action="store_true", help="say what was read (encoding, events) on standard error")
    p.add_argument("--debug", action="store_true", help="show the traceback of a document that fails to code")
    p.set_defaults(func=cmd_extract)


def cmd_extract(args) -> int:
    from .api import Marsad
    from .ingest import InputError, iter_documents
    from .pipeline import StageError

    engine = Marsad(gazetteer=args.gazetteer)
    skipped = 0
    paths = args.paths or None
    target = open(args.output, "w", encoding="utf-8", newline="") if args.output else nullcontext(sys.stdout)
    with target as out, progress(paths) as bar:
        writer = Writer(out, args.format)
        for item in iter_documents(paths, published=args.published, source=args.source):
            bar.update()
            if isinstance(item, InputError):
                skipped += 1
                bar.write(f"marsad: skipped {item.origin}: {item.reason}")
                continue
            try:
                events = engine.extract_document(item)
            except StageError as err:
                skipped += 1
                bar.write(f"marsad: skipped {err}")
                if args.debug:
                    traceback.print_exception(err.cause)
                continue
            if args.verbose:
                bar.write(f"marsad: {item.origin or item.id}: encoding {item.encoding}, {len(events)} events")
            writer.write(events)
        writer.close()
    return EXIT_SKIPPED if skipped else EXIT_OK


class _Quiet:
    """The progress interface when standard error is not a terminal: messages only."""

    def update(self, n: int = 1) -> None:
        pass

    def write(self, message: str) -> None:
        print(message, file=sys.stderr)


@contextmanager
def progress(paths: list[str] | None):
    """A progress bar on standard error for runs over several files or folders, when it is a terminal."""
    many = paths is not None and (len(paths) > 1 or any(os.path.isdir(p) for p in paths))
    if not (many and sys.stderr.isatty()):
        yield _Quiet()
        return
    from tqdm import tqdm

    with tqdm(unit=" docs", file=sys.stderr, leave=False) as bar:
        yield bar


class _Parser(argparse.ArgumentParser):
    """Usage errors exit with 1 (2 means some input was skipped)."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="marsad",
        description="marsad (مرصد): Arabic conflict news to ACLED-format event data, offline.",
    )
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add_extract(sub)
    for module in COMMAND_MODULES:
        importlib.import_module(module, __package__).add_subcommands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `marsad extract ... | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
