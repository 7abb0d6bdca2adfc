"""The phone page's server: one page, its script, the cue sounds and a WebSocket, behind the guard.

It runs on the event loop of the process that runs the session (the Textual app's), through aiohttp's
``AppRunner``; nothing here blocks. The session's state is pushed to the page as it changes (see
:mod:`unknot.web.phone_state`), and a tap comes back as the name of a runner control, handed to
``control``, which the app routes through the player exactly as a key, so the events log and the
checkpoints cannot tell a tap from a key. A lost connection only ends that connection: the session goes on
and the page connects again by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from unknot.web.guard import TOKEN_PARAM, Guard, guard_for
from unknot.web.phone_state import CUE_NAMES, PHONE_CONTROLS, idle_state

PAGE_DIR = Path(__file__).resolve().parent / "phone_page"
HEARTBEAT_SECONDS = 4.0
"""A phone that vanished (Wi-Fi lost) is noticed within this and a half, freeing the one client's place."""
_SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    # Everything the page uses comes from here; nothing is loaded from elsewhere.
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
    " frame-ancestors 'none'",
}


class PhoneServer:
    """Serves the phone page for one process's sessions."""

    def __init__(
        self,
        host: str,
        port: int,
        control: Callable[[str], None],
        sounds_dir: Path,
        *,
        volume: float = 1.0,
        guard: Guard | None = None,
        public_host: str | None = None,
    ) -> None:
        self.host = host
        self.public_host = public_host or host
        """The address in the URL (the LAN address when listening on every address, 0.0.0.0)."""
        self.port = port
        self.control = control
        self.sounds_dir = sounds_dir
        self.volume = volume
        self.guard = guard
        self.latest: dict[str, Any] = idle_state()
        self.current: Callable[[], dict[str, Any]] | None = None
        """A fresh state for a page that just connected (``latest`` may be minutes old)."""
        self._queues: set[asyncio.Queue[str]] = set()
        self._runner: web.AppRunner | None = None

    # ------------------------------------------------------------------ running

    async def start(self) -> str:
        """Listen (port 0: any free port); returns the URL to open, with its token."""
        from unknot.web.address import url_host

        self._runner = web.AppRunner(self._make_app(), handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError:
            await self._runner.cleanup()
            self._runner = None
            raise
        if self.port == 0 and site._server is not None:  # aiohttp keeps the bound socket here only
            sockets = getattr(site._server, "sockets", None) or []
            self.port = int(sockets[0].getsockname()[1])
        if self.guard is None:
            self.guard = guard_for(self.public_host, self.port)
        return f"http://{url_host(self.public_host)}:{self.port}/?{TOKEN_PARAM}={self.guard.token}"

    async def stop(self) -> None:
        """Tell the pages, close every connection and stop listening."""
        if self._runner is not None:
            self.publish(idle_state("Stopped", "unknot was closed on the computer"))
            await asyncio.sleep(0.05)  # the senders pass it on before their connections close
            runner, self._runner = self._runner, None
            await runner.cleanup()

    @property
    def serving(self) -> bool:
        """Whether it listens."""
        return self._runner is not None

    def publish(self, state: dict[str, Any]) -> None:
        """Send ``state`` to every page now connected (and to each that connects later)."""
        self.latest = state
        text = json.dumps(state)
        for queue in self._queues:
            queue.put_nowait(text)

    # ------------------------------------------------------------------ the web app

    def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guarded], client_max_size=64 * 1024)
        app.add_routes(
            [
                web.get("/", self._page),
                web.get("/phone.js", self._script),
                web.get("/sounds/{cue}.wav", self._sound),
                web.get("/ws", self._websocket),
            ]
        )
        return app

    @web.middleware
    async def _guarded(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        assert self.guard is not None  # made in start(), before the first request can come
        try:
            response: web.StreamResponse = await self.guard.middleware(request, handler)
        except web.HTTPException as exc:  # 404 and the like: plain, with the same headers
            response = web.Response(status=exc.status, text=f"{exc.reason}\n")
        if not response.prepared:
            response.headers.update(_SECURITY_HEADERS)
        return response

    async def _page(self, request: web.Request) -> web.Response:
        page = (PAGE_DIR / "index.html").read_text(encoding="utf-8")
        return web.Response(text=page, content_type="text/html")

    async def _script(self, request: web.Request) -> web.Response:
        script = (PAGE_DIR / "phone.js").read_text(encoding="utf-8")
        return web.Response(text=script, content_type="text/javascript")

    async def _sound(self, request: web.Request) -> web.StreamResponse:
        cue = request.match_info["cue"]
        if cue not in CUE_NAMES:  # only the cue names: never a path from the request
            return web.Response(status=404, text="No such sound.\n")
        return web.FileResponse(self.sounds_dir / f"{cue}.wav", headers={"Content-Type": "audio/wav"})

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        assert self.guard is not None
        refused = self.guard.websocket_refusal(request)
        if refused is not None:
            return refused
        ws = web.WebSocketResponse(heartbeat=HEARTBEAT_SECONDS, max_msg_size=4096)
        await ws.prepare(request)
        self.guard.admit()
        queue: asyncio.Queue[str] = asyncio.Queue()
        self._queues.add(queue)
        hello = dict(self.current() if self.current is not None else self.latest, volume=self.volume)
        hello.pop("cues", None)  # a page that connects late does not hear an old cue
        queue.put_nowait(json.dumps(hello))
        sender = asyncio.create_task(self._send(ws, queue))
        try:
            async for message in ws:
                if message.type is WSMsgType.TEXT:
                    self._on_message(message.data)
        finally:
            self._queues.discard(queue)
            self.guard.release()
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender
        return ws

    async def _send(self, ws: web.WebSocketResponse, queue: asyncio.Queue[str]) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            while not ws.closed:
                await ws.send_str(await queue.get())

    def _on_message(self, data: str) -> None:
        # Only a known control's name does anything; anything else is dropped without a word.
        try:
            message = json.loads(data)
        except ValueError:
            return
        name = message.get("control") if isinstance(message, dict) else None
        if name in PHONE_CONTROLS:
            self.control(name)
