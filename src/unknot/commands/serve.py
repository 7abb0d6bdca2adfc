"""``unknot serve``: the app in a web browser through textual-serve, e.g. on a phone beside the mat.

The server runs ``python -m unknot`` (plus the routine and options given) for each browser that connects.
It listens on 127.0.0.1 unless ``--host`` says otherwise; textual-serve has no password, so anyone who can
reach the address can control the app. Sound plays on the machine running the server; the app sees
``UNKNOT_SERVED=1`` in its environment and can say so.

The page names its script, styles and websocket by absolute URL, so the server must know the address the
browser reaches it by (its public URL): ``--public-url``, else ``http://HOST:PORT``, and for a wildcard host
(``0.0.0.0``, ``::``) an address of this machine that is not loopback, from its own name's addresses.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from textual_serve.server import Server

from unknot.commands import Handler

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
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use to reach the server, e.g. http://192.168.1.5:8000 (default: "
        "http://HOST:PORT; for 0.0.0.0 or :: an address of this machine)",
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


def lan_address(family: socket.AddressFamily = socket.AF_INET) -> str | None:
    """An address of this machine that others on the network can reach (not loopback, not link-local).

    It comes from the addresses this machine's own name resolves to (normally answered from ``/etc/hosts``
    or by the system itself); nothing is sent to another machine, as probing a route would. None when there
    is no such address.
    """
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, family)
    except (OSError, UnicodeError):
        return None
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            continue
        if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified):
            return address
    return None


def public_url(host: str, port: int, given: str | None = None) -> str:
    """The base URL the page uses for its script, styles and websocket (no trailing slash)."""
    if given:
        return given.rstrip("/")
    if host in WILDCARD_HOSTS:
        family = socket.AF_INET6 if host == "::" else socket.AF_INET
        host = lan_address(family) or socket.gethostname()
    if ":" in host:  # an IPv6 address goes in brackets in a URL
        host = f"[{host}]"
    return f"http://{host}:{port}"


def build_server(args: argparse.Namespace) -> tuple[Server, str]:
    """textual-serve's server for these arguments, and the URL to open (not listening yet)."""
    from textual_serve.server import Server

    url = public_url(args.host, args.port, args.public_url)
    server = Server(command=app_command(args), host=args.host, port=args.port, title="unknot", public_url=url)
    return server, url


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the web server until Ctrl+C or SIGTERM."""
    from unknot.errors import UsageError

    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be from 1 to 65535, not {args.port}")
    if args.public_url is not None:
        parts = urlsplit(args.public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(f"--public-url must be an http:// or https:// URL, not {args.public_url!r}")
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
