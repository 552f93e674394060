"""The server's connections send without Nagle's algorithm (drugpolicy/nodelay.py): a listener bound the way
Streamlit binds its own hands asyncio sockets that it leaves with Nagle on; once a page has run, they have it off."""
from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import socket
from asyncio import base_events
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.web.server.starlette import starlette_server

from drugpolicy import nodelay

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def original_asyncio(monkeypatch):
    """asyncio as it comes, restored after the test (a page run in this process turns Nagle off for good)."""
    monkeypatch.setattr(base_events, "_set_nodelay", inspect.unwrap(base_events._set_nodelay))


def accepted_nodelay() -> int:
    """TCP_NODELAY of a connection accepted by asyncio on a listener bound by Streamlit's own server code."""
    async def main() -> int:
        listener = starlette_server._bind_socket("127.0.0.1", 0, 8)  # what `streamlit run` listens on
        seen: asyncio.Future = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport):
                sock = transport.get_extra_info("socket")
                seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", listener.getsockname()[1])
            value = await asyncio.wait_for(seen, 10)
            writer.close()
            return value
        finally:
            server.close()
            await server.wait_closed()

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in the main thread
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result(timeout=30)


def test_streamlits_listener_leaves_nagle_on_without_the_fix(original_asyncio):
    # Why drugpolicy/nodelay.py exists: if this fails, Streamlit or asyncio turn Nagle off themselves now and the
    # module only sets what is set already.
    assert accepted_nodelay() == 0


def test_enable_turns_nagle_off_on_connections_accepted_after_it(original_asyncio):
    assert nodelay.enable() is True
    assert accepted_nodelay() == 1
    assert nodelay.enable() is False  # once: a second call wraps nothing again
    assert accepted_nodelay() == 1


def test_the_dashboards_run_turns_nagle_off_for_the_server(original_asyncio):
    # dashboard.py, which every visit of `streamlit run dashboard.py` runs first, whatever its page
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert getattr(base_events._set_nodelay, "_drugpolicy_nodelay", False)
    assert accepted_nodelay() == 1
