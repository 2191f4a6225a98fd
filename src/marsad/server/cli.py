"""``marsad serve`` and ``marsad token create|list|revoke``: thin layers over :mod:`marsad.server`."""
from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_USAGE = 0, 1


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH", help="the store (default: $MARSAD_DB or ./marsad.db)")


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``serve`` and ``token`` to the ``marsad`` command."""
    p = subparsers.add_parser("serve", help="serve the REST API and the dashboard over the event store",
                              description="One process serving the API (/api, OpenAPI at /openapi.json, "
                              "docs at /docs) and the offline dashboard (/). Read endpoints are public "
                              "unless --private; writing (POST /api/articles) needs a token.")
    _db_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--private", action="store_true", default=None,
                   help="read endpoints need a token too (also: MARSAD_PRIVATE=1)")
    p.add_argument("--max-export", type=int, metavar="N", help="events in one export (default 100000)")
    p.set_defaults(func=cmd_serve)

    p = subparsers.add_parser("token", help="API tokens for writing (and reading a private server)")
    tokens = p.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    c = tokens.add_parser("create", help="create a token; it is printed once and stored hashed")
    _db_option(c)
    c.add_argument("--name", default="", help="who or what the token is for")
    c.set_defaults(func=cmd_token_create)
    c = tokens.add_parser("list", help="list tokens (ids, names, dates; never the tokens)")
    _db_option(c)
    c.set_defaults(func=cmd_token_list)
    c = tokens.add_parser("revoke", help="revoke a token by the id `token list` shows")
    _db_option(c)
    c.add_argument("token_id", help="the token's id (at least 8 characters)")
    c.set_defaults(func=cmd_token_revoke)


def _missing(err: ImportError) -> int:
    print(f"marsad: the server needs its extra packages (pip install 'marsad[server]'): {err}", file=sys.stderr)
    return EXIT_USAGE


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from .app import Settings, create_app
    except ImportError as err:
        return _missing(err)
    settings = Settings.from_env(db=args.db, private=args.private, max_export=args.max_export)
    app = create_app(settings)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return EXIT_OK


def _store(args: argparse.Namespace):
    from ..store.cli import _open

    return _open(args)


def cmd_token_create(args: argparse.Namespace) -> int:
    from .auth import create_token

    with _store(args) as store:
        token = create_token(store, args.name)
    print(token)
    print("marsad: keep this token: it is stored hashed and cannot be shown again", file=sys.stderr)
    return EXIT_OK


def cmd_token_list(args: argparse.Namespace) -> int:
    from .auth import list_tokens

    with _store(args) as store:
        for t in list_tokens(store):
            print(f"{t['id']}\t{t['created_at']}\t{'revoked' if t['revoked'] else 'active'}\t{t['name']}")
    return EXIT_OK


def cmd_token_revoke(args: argparse.Namespace) -> int:
    from .auth import revoke_token

    try:
        with _store(args) as store:
            n = revoke_token(store, args.token_id)
    except ValueError as err:
        print(f"marsad: {err}", file=sys.stderr)
        return EXIT_USAGE
    print(f"marsad: {n} token(s) revoked", file=sys.stderr)
    return EXIT_OK if n else EXIT_USAGE
