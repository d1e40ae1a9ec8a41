"""Test-wide setup: the package must never touch the network.

MPLBACKEND is deliberately left alone: notebook kernels started by nbval inherit the environment,
and with Agg forced they would show no figures (their stored outputs have them). Without a display
matplotlib draws off-screen by itself.
"""

from __future__ import annotations

import ipaddress
import os
import socket

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
