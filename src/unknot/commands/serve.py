"""``unknot serve``: the app in a web browser through textual-serve, e.g. on a phone beside the mat.

The server runs ``python -m unknot`` (plus the routine and options given) for each browser that connects.
It listens on 127.0.0.1 unless ``--host`` says otherwise; textual-serve has no password, so anyone who can
reach the address can control the app. Sound plays on the machine running the server; the app sees
``UNKNOT_SERVED=1`` in its environment and can say so.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import sys
from pathlib import Path

from unknot.commands import Handler

SERVED_ENV = "UNKNOT_SERVED"
"""Set to ``"1"`` in the environment of an app started by ``unknot serve``."""
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def served() -> bool:
    """Whether this process is an app started by ``unknot serve`` (its screen is in a browser)."""
    return os.environ.get(SERVED_ENV) == "1"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    """Add ``serve`` to the command line."""
    serve = sub.add_parser(
        "serve",
        help="show the app in a web browser (a phone beside the mat)",
        description="Serve the app over HTTP with textual-serve. It listens on 127.0.0.1 unless --host "
        "is given; there is no password, so anyone who can reach the address controls the app. Sound "
        "plays on this machine.",
    )
    serve.add_argument("routine", nargs="?", metavar="ID|PATH", help="start this routine in every browser")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}, this machine only)",
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


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the web server until Ctrl+C or SIGTERM."""
    from unknot.errors import UsageError

    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be from 1 to 65535, not {args.port}")
    if args.mute and not args.routine:
        print("unknot: --mute and --voice apply with a routine; pick sound in the app", file=sys.stderr)
    if not is_loopback(args.host):
        print(
            f"WARNING: listening on {args.host}: anyone who can reach this address can see and control "
            "the app. There is no password (textual-serve has no authentication); use it only on a "
            "network you trust.",
            file=sys.stderr,
            flush=True,
        )
    print(
        "Sound plays on this machine (the one running the server), not in the browser.",
        file=sys.stderr,
        flush=True,
    )
    from textual_serve.server import Server

    os.environ[SERVED_ENV] = "1"  # the apps the server starts inherit it
    server = Server(command=app_command(args), host=args.host, port=args.port, title="unknot")
    try:
        server.serve()
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from exc
    return 0
