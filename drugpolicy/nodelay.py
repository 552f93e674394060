"""TCP_NODELAY on the connections the Streamlit server accepts: without it each reply waits up to 40 ms.

Streamlit (1.67, its Starlette server) binds its listening socket itself with `socket.socket(family)`, whose
`proto` is 0. Accepted sockets inherit that 0, and asyncio turns Nagle's algorithm off (TCP_NODELAY) only for
sockets that say `proto == IPPROTO_TCP` (asyncio.base_events._set_nodelay). So Nagle stays on: a small write
that follows one the browser has not acknowledged yet is held back until the acknowledgement comes, and Linux
delays that by up to 40 ms. Every script run sends several small websocket messages, and every HTTP response
its headers and body apart. The same bug in uvicorn's own pre-bound sockets: Kludex/uvicorn#3149.

Measured on the 2-core machines (bench/RESULTS.md, tenth run): a script run as a websocket client sees it went
from 45 ms to 8 ms on the one-line page and from 44-70 ms to 10-30 ms on the dashboard's pages; in chromium a
page shows 0.15-0.28 s sooner.

enable() makes asyncio set TCP_NODELAY on every TCP socket it wraps from then on, whatever its `proto`.
dashboard.py calls it on every run (the first run of a `streamlit run dashboard.py` server turns it on; the
connections accepted from then on have Nagle off). Once Streamlit or asyncio set it themselves, this only sets
what is set already.
"""
from __future__ import annotations

import socket
import threading
from asyncio import base_events

_MARK = "_drugpolicy_nodelay"
_lock = threading.Lock()  # sessions' first runs may call enable() at once


def enable() -> bool:
    """Turn Nagle off for every TCP socket asyncio wraps from now on; True the first time, False when already on."""
    if getattr(base_events._set_nodelay, _MARK, False):
        return False
    with _lock:
        return _wrap()


def _wrap() -> bool:
    original = base_events._set_nodelay
    if getattr(original, _MARK, False):
        return False

    def set_nodelay(sock: socket.socket) -> None:
        original(sock)
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    setattr(set_nodelay, _MARK, True)
    set_nodelay.__wrapped__ = original  # inspect.unwrap gives asyncio's own back
    base_events._set_nodelay = set_nodelay
    return True
