"""Test-wide setup: no network, nothing left running (the two lanes are in ../conftest.py).

MPLBACKEND is deliberately left alone: notebook kernels started by nbval inherit the environment,
and with Agg forced they would show no figures (their stored outputs have them). Without a display
matplotlib draws off-screen by itself.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import time

import psutil
import pytest

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_loopback(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guard(address):
    if not _is_loopback(address):
        raise ConnectionRefusedError(f"network access blocked in tests: {address!r}")


def _connect(self, address):
    _guard(address)
    return _real_connect(self, address)


def _connect_ex(self, address):
    _guard(address)
    return _real_connect_ex(self, address)


socket.socket.connect = _connect
socket.socket.connect_ex = _connect_ex


@pytest.fixture
def english():
    """Switch messages to English for one test."""
    import chiiki_lab

    chiiki_lab.set_language("en")
    yield
    chiiki_lab.set_language("ja")


@pytest.fixture(scope="session")  # a path: module-scoped browser fixtures (tests/browser/) can use it too
def chromium() -> str:
    """Path of headless Chromium; skips visibly when missing, but fails in CI (CI=true), where .ci/run installs it."""
    from chiiki_lab.browser import find_chromium

    path = find_chromium()
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is required in CI (apt-get install -y chromium) but was not found")
    pytest.skip("Chromium not installed: the offline browser test needs `apt-get install -y chromium`")


# ------------------------------------------------------------------------------------ nothing left running


@pytest.fixture(scope="session", autouse=True)
def nothing_left_running():
    """Fail the session when a test leaves a child process (a kernel, JupyterLab, Chromium…) running."""
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    yield
    deadline = time.monotonic() + 10
    while True:
        left = [p for p in me.children(recursive=True) if p.pid not in before and _alive(p)]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    if left:
        described = ", ".join(f"{p.pid} {_cmdline(p)}" for p in left)
        for p in left:  # clean up after the offender, then say who it was
            try:
                p.kill()
            except psutil.Error:
                pass
        pytest.fail(f"processes left running after the tests: {described}", pytrace=False)


def _alive(p) -> bool:
    try:
        return p.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _cmdline(p) -> str:
    try:
        return " ".join(p.cmdline())[:160]
    except psutil.Error:
        return "?"
