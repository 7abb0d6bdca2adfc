"""Who may use a page unknot serves: the holder of this run's token, at the address served, one at a time.

Both ``unknot serve`` and the phone page put a :class:`Guard` in front of everything they answer:

- a random token per run (``secrets``) in the URL printed for the user; the first load with it sets a
  cookie, so the page's own requests and its WebSocket carry it without the token in every URL; compared
  in constant time (``hmac.compare_digest``). Without it: 403 and nothing about the session.
- the Host header must name the address served (a DNS-rebinding page reaches us under its own name), and an
  Origin header, when there is one, must be that address too (browsers let any page open a WebSocket to
  any address; only the Origin tells us who asks).
- at most ``max_clients`` live WebSockets (each one is an app process for ``serve``, a remote for the phone).
- a request that is not what the route expects (a plain GET on the WebSocket's path) gets 400, never a
  traceback.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from aiohttp import web

from unknot.web.address import is_loopback, url_host

TOKEN_PARAM = "token"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_token() -> str:
    """A fresh token: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


def allowed_hosts(host: str, port: int, extra: Iterable[str] = ()) -> frozenset[str]:
    """The Host header values that name the address served (``host:port``, lower case).

    On loopback, ``localhost`` and both loopback addresses mean this machine too; a rebinding page's own
    name never appears here.
    """
    names = {host}
    if is_loopback(host):
        names |= {"localhost", "127.0.0.1", "::1"}
    hosts = {f"{url_host(name)}:{port}".lower() for name in names}
    return frozenset(hosts | {h.lower() for h in extra})


def guard_for(host: str, port: int, *, extra_hosts: Iterable[str] = (), max_clients: int = 1) -> Guard:
    """A guard for a server at ``host:port`` (``extra_hosts``: further Host values, e.g. a proxy's)."""
    return Guard(port, allowed_hosts(host, port, extra_hosts), max_clients=max_clients)


@dataclass
class Guard:
    """The checks in front of a server; :meth:`middleware` applies them to every request."""

    port: int
    hosts: frozenset[str]
    """Host header values accepted (see :func:`allowed_hosts`)."""
    token: str = field(default_factory=new_token)
    max_clients: int = 1
    schemes: tuple[str, ...] = ("http",)
    clients: int = 0

    @property
    def cookie(self) -> str:
        # Cookies are kept per host name, not per port: a name per port keeps two servers from clashing.
        return f"unknot_token_{self.port}"

    def token_given(self, request: web.Request) -> str:
        """The token the request carries (query first, then the cookie), or ""."""
        return request.query.get(TOKEN_PARAM) or request.cookies.get(self.cookie, "")

    def refusal(self, request: web.Request) -> web.Response | None:
        """Why ``request`` is refused, as the response to send; None when it may go on."""
        host = request.headers.get("Host", "").lower()
        if host not in self.hosts:
            return _refuse(403, "This address is not served here.")
        origin = request.headers.get("Origin")
        if origin is not None and origin.lower() not in self._origins():
            return _refuse(403, "Pages from other sites may not use this server.")
        given = self.token_given(request)
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode()):
            return _refuse(403, "Open the address unknot printed, with its token.")
        return None

    def _origins(self) -> set[str]:
        return {f"{scheme}://{host}" for scheme in self.schemes for host in self.hosts}

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """aiohttp middleware: refuse what :meth:`refusal` refuses; set the cookie on the first load."""
        refused = self.refusal(request)
        if refused is not None:
            return refused
        response = await handler(request)
        if request.query.get(TOKEN_PARAM) and not response.prepared:
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")
        return response

    def websocket_refusal(self, request: web.Request) -> web.Response | None:
        """For a WebSocket route, after :meth:`refusal`: a plain GET gets 400, one client too many 409."""
        if not web.WebSocketResponse().can_prepare(request).ok:
            return _refuse(400, "This address takes a WebSocket only.")
        if self.clients >= self.max_clients:
            return _refuse(409, "Another browser is connected; close it first.")
        return None

    def admit(self) -> None:
        """Count a WebSocket in (call :meth:`release` when it closes)."""
        self.clients += 1

    def release(self) -> None:
        """Count a WebSocket out."""
        self.clients = max(0, self.clients - 1)


def _refuse(status: int, text: str) -> web.Response:
    # Plain text, no state, and nothing the browser may cache or show inside another site.
    headers = {"Cache-Control": "no-store", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}
    return web.Response(status=status, text=text + "\n", headers=headers)
