"""A thin ctypes layer over ``libasound.so.2``: keep ALSA quiet and ask whether a sound device opens.

libasound reports problems (no card, an unknown PCM, a bad ``~/.asoundrc``) by printing ``ALSA lib ...``
lines straight to file descriptor 2, which would scribble over a full-screen terminal app. ALSA lets a
program install its own error handler with ``snd_lib_error_set_handler``; :func:`silence_alsa_errors`
installs one that keeps the last few messages in memory instead. The handler is process-wide and also
covers the copy of libasound that simpleaudio's extension links against (the dynamic loader shares one).

Nothing here runs at import time, and every function is a harmless no-op where libasound is missing
(macOS, Windows, a Linux box without ALSA).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import threading
from collections import deque

# typedef void (*snd_lib_error_handler_t)(const char *file, int line, const char *function, int err,
#                                         const char *fmt, ...);
# The handler is variadic in C. We declare only the fixed arguments: the caller passes them the same way
# on the platforms ALSA runs on, and we never read the variadic ones.
_ERROR_HANDLER = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)

SND_PCM_STREAM_PLAYBACK = 0
SND_PCM_NONBLOCK = 1

_CONVERSION = re.compile(r"%[-#0 +']*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlLqjzt]*[diouxXeEfFgGaAcsp]")

_lock = threading.Lock()
_library: ctypes.CDLL | None = None
_library_looked_up = False
_handler: object | None = None  # the installed callback; must outlive every call into libasound
_messages: deque[str] = deque(maxlen=8)


def _libasound() -> ctypes.CDLL | None:
    """Load libasound once; None when it is not there."""
    global _library, _library_looked_up
    if _library_looked_up:
        return _library
    _library_looked_up = True
    for name in ("libasound.so.2", ctypes.util.find_library("asound")):
        if not name:
            continue
        try:
            _library = ctypes.CDLL(name)
        except OSError:
            continue
        break
    return _library


def available() -> bool:
    """Whether libasound can be loaded in this process."""
    return _libasound() is not None


def _on_error(file: bytes | None, line: int, function: bytes | None, err: int, fmt: bytes | None) -> None:
    # Runs inside libasound, possibly on simpleaudio's playback thread: do as little as possible and
    # never raise (ctypes would print the traceback to stderr, the very thing this avoids).
    try:
        where = (function or b"?").decode("utf-8", "replace")
        # The values for the format's conversions are variadic and out of reach: show a placeholder.
        text = _CONVERSION.sub("…", (fmt or b"").decode("utf-8", "replace")).strip()
        if err:
            text = f"{text} ({strerror(err)})"
        _messages.append(f"{where}: {text}")
    except BaseException:  # nothing may escape into C
        pass


def silence_alsa_errors() -> bool:
    """Send libasound's error messages to an in-memory list instead of the terminal.

    Call it before simpleaudio is imported or any sound is played. Idempotent. Returns True when the
    handler is in place, False when libasound is not available (or refused the handler).
    """
    global _handler
    with _lock:
        if _handler is not None:
            return True
        library = _libasound()
        if library is None:
            return False
        try:
            set_handler = library.snd_lib_error_set_handler
        except AttributeError:
            return False
        set_handler.argtypes = [_ERROR_HANDLER]
        set_handler.restype = ctypes.c_int
        callback = _ERROR_HANDLER(_on_error)
        if set_handler(callback) != 0:
            return False
        # libasound may call the handler from a playback thread at any time until the process ends, even
        # while the interpreter is tearing down module globals; hold one reference that is never released
        # so the C thunk is never freed under it.
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(callback))
        _handler = callback
        return True


def recent_errors() -> list[str]:
    """The last few messages libasound reported since :func:`silence_alsa_errors`, oldest first."""
    return list(_messages)


def strerror(err: int) -> str:
    """libasound's text for an error code (negative or positive), e.g. ``No such file or directory``."""
    library = _libasound()
    if library is None:
        return f"error {err}"
    function = library.snd_strerror
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_char_p
    text: bytes | None = function(-abs(err))
    return text.decode("utf-8", "replace") if text else f"error {err}"


def open_error(device: str = "default") -> str | None:
    """Try to open ``device`` for playback without blocking, then close it at once.

    Returns None when it opened, or libasound's reason when it did not (for example ``No such file or
    directory`` or ``Device or resource busy``). Call :func:`silence_alsa_errors` first, or the failure
    is also printed to the terminal. Raises :class:`OSError` when libasound is not available.
    """
    library = _libasound()
    if library is None:
        raise OSError("libasound.so.2 is not available")
    pcm_open = library.snd_pcm_open
    pcm_open.argtypes = [
        ctypes.POINTER(ctypes.c_void_p),
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_int,
    ]
    pcm_open.restype = ctypes.c_int
    pcm_close = library.snd_pcm_close
    pcm_close.argtypes = [ctypes.c_void_p]
    pcm_close.restype = ctypes.c_int
    handle = ctypes.c_void_p()
    result = pcm_open(ctypes.byref(handle), device.encode(), SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK)
    if result < 0:
        return strerror(result)
    pcm_close(handle)
    return None
