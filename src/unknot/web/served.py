"""textual-serve's server behind unknot's :class:`~unknot.web.guard.Guard`, with a page made for phones too.

textual-serve runs on aiohttp and has no authentication of its own; this subclass adds the guard as
middleware on every route (page, scripts, downloads, WebSocket), caps the WebSockets (each one starts an app
process of about 45 MB), answers a plain GET on ``/ws`` with 400, and keeps tracebacks (which would print
request headers) out of the server's terminal. Its page is our own template (``serve_page/``), with a mobile
viewport.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from aiohttp import web
from textual_serve.server import Server

from unknot.web.guard import Guard

PAGE_TEMPLATES = Path(__file__).resolve().parent / "serve_page"


class _NoTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # A failed request is one line; its traceback (with the request's headers) is not shown.
        record.exc_info = None
        record.exc_text = None
        return True


class GuardedServer(Server):
    """textual-serve's :class:`Server`, admitting only what ``guard`` admits."""

    def __init__(self, command: str, *, guard: Guard, host: str, port: int, title: str, public_url: str):
        super().__init__(
            command, host=host, port=port, title=title, public_url=public_url, templates_path=PAGE_TEMPLATES
        )
        self.guard = guard
        self._connections: set[asyncio.Task[object]] = set()

    def initialize_logging(self) -> None:
        """One plain line per problem on stderr, never a traceback."""
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("unknot serve: %(message)s"))
        handler.addFilter(_NoTraceback())
        for name in ("textual-serve", "aiohttp.server", "aiohttp.web", "aiohttp.access"):
            logger = logging.getLogger(name)
            logger.handlers[:] = [handler]
            logger.propagate = False
            logger.setLevel(logging.WARNING)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard.middleware)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Say nothing: ``unknot serve`` has printed the address to open (textual-serve's has no token)."""

    async def on_shutdown(self, app: web.Application) -> None:
        """End each browser's app while the loop still runs (ctrl+c with a browser connected).

        Left to the server's own shutdown, an app process could outlive the loop, and Python would print a
        traceback for its pipes on the way out.
        """
        for task in self._connections:
            task.cancel()
        if self._connections:
            await asyncio.wait(self._connections, timeout=5)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        refused = self.guard.websocket_refusal(request)
        if refused is not None:
            raise _as_exception(refused)
        self.guard.admit()
        task = asyncio.current_task()
        if task is not None:
            self._connections.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            self.guard.release()
            self._connections.discard(task)


def _as_exception(response: web.Response) -> web.HTTPException:
    exc = web.HTTPException(text=response.text, headers=response.headers)
    exc.set_status(response.status)
    return exc
