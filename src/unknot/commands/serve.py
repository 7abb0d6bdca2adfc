"""``unknot serve``: the app in a web browser through textual-serve, e.g. on a phone beside the mat.

The server runs ``python -m unknot`` (plus the routine and options given) for each browser that connects.
It listens on 127.0.0.1 unless ``--host`` says otherwise, and admits only its user (``unknot.web.guard``):
a random token in the printed URL, the Host and Origin of the address served, one browser at a time unless
``--max-clients``. Sound plays on the machine running the server; the app sees ``UNKNOT_SERVED=1`` in its
environment and can say so.

The page names its script, styles and websocket by absolute URL, so the server must know the address the
browser reaches it by (its public URL): ``--public-url``, else ``http://HOST:PORT``, and for a wildcard host
(``0.0.0.0``, ``::``) this machine's address on the network (the default route's; no packet is sent).
"""

from __future__ import annotations

import argparse
import os
import shlex
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from unknot.web.served import GuardedServer

from unknot.commands import Handler
from unknot.web import address
from unknot.web.address import is_loopback

SERVED_ENV = "UNKNOT_SERVED"
"""Set to ``"1"`` in the environment of an app started by ``unknot serve``."""
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
WILDCARD_HOSTS = ("0.0.0.0", "::", "")
"""Hosts that mean every address of this machine."""


def served() -> bool:
    """Whether this process is an app started by ``unknot serve`` (its screen is in a browser)."""
    return os.environ.get(SERVED_ENV) == "1"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add ``serve`` to the command line."""
    serve = sub.add_parser(
        "serve",
        help="show the app in a web browser (a phone beside the mat)",
        description="Serve the app over HTTP with textual-serve. It listens on 127.0.0.1 unless --host "
        "is given. Only the URL it prints opens it (a new random token each run), one browser at a time; "
        "the traffic is not encrypted. Sound plays on this machine; on a phone, `unknot run ID --phone` "
        "is made for the small screen.",
    )
    serve.add_argument("routine", nargs="?", metavar="ID|PATH", help="start this routine in every browser")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}, this machine only)",
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use to reach the server, e.g. http://192.168.1.5:8000 (default: "
        "http://HOST:PORT; for 0.0.0.0 or :: an address of this machine)",
    )
    serve.add_argument(
        "--max-clients",
        type=int,
        default=1,
        metavar="N",
        help="browsers connected at once (default 1; each runs its own app)",
    )
    serve.add_argument("--mute", action="store_true", help="no sound")
    serve.add_argument("--voice", action="store_true", help="say the next segment aloud during get-ready")
    return {"serve": cmd_serve}


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser: this Python's ``-m unknot`` and the args."""
    argv = [sys.executable, "-m", "unknot"]
    if args.routine:
        routine = args.routine
        if Path(routine).exists():
            routine = str(Path(routine).resolve())
        argv += ["run", routine]
        argv += ["--mute"] if args.mute else []
        argv += ["--voice"] if args.voice else []
    return shlex.join(argv)


def public_url(host: str, port: int, given: str | None = None) -> str:
    """The base URL the page uses for its script, styles and websocket (no trailing slash)."""
    if given:
        return given.rstrip("/")
    if host in WILDCARD_HOSTS:
        family = socket.AF_INET6 if host == "::" else socket.AF_INET
        host = address.lan_address(family) or socket.gethostname()
    return f"http://{address.url_host(host)}:{port}"


def build_server(args: argparse.Namespace) -> tuple[GuardedServer, str]:
    """The guarded server for these arguments, and the URL to open, with its token (not listening yet)."""
    from unknot.web.guard import TOKEN_PARAM, guard_for
    from unknot.web.served import GuardedServer

    url = public_url(args.host, args.port, args.public_url)
    guard = guard_for(
        args.host, args.port, extra_hosts=[urlsplit(url).netloc], max_clients=getattr(args, "max_clients", 1)
    )
    guard.schemes = ("http", "https")
    server = GuardedServer(
        app_command(args), guard=guard, host=args.host, port=args.port, title="unknot", public_url=url
    )
    return server, f"{url}/?{TOKEN_PARAM}={guard.token}"


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the web server until Ctrl+C or SIGTERM."""
    from unknot.errors import UsageError

    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be from 1 to 65535, not {args.port}")
    if args.max_clients < 1:
        raise UsageError(f"--max-clients must be 1 or more, not {args.max_clients}")
    if args.public_url is not None:
        parts = urlsplit(args.public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(f"--public-url must be an http:// or https:// URL, not {args.public_url!r}")
    if args.mute and not args.routine:
        print("unknot: --mute and --voice apply with a routine; pick sound in the app", file=sys.stderr)
    if not is_loopback(args.host):
        print(
            f"WARNING: listening on {args.host}: the network can reach it. Only the URL below (with its "
            "token) opens the app, but nothing is encrypted: anyone on the network who sees the traffic "
            "can read the token and the screen. Use it only on a network you trust.",
            file=sys.stderr,
            flush=True,
        )
    print(
        "Sound plays on this machine (the one running the server), not in the browser.",
        file=sys.stderr,
        flush=True,
    )
    server, url = build_server(args)
    where = "on this machine" if is_loopback(args.host) else "on the phone or tablet"
    print(f"Open {url} in a browser {where}.", file=sys.stderr, flush=True)
    if args.host in WILDCARD_HOSTS and not args.public_url:
        print(
            "  (an address of this machine picked for you; if the browser cannot reach it, "
            "give the right one with --public-url http://ADDRESS:PORT)",
            file=sys.stderr,
            flush=True,
        )
    os.environ[SERVED_ENV] = "1"  # the apps the server starts inherit it
    try:
        server.serve()
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from exc
    return 0
