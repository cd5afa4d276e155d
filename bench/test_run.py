"""The bench's served pages find a port of their own (issue 11: a fixed 8765 failed whenever
something listened there)."""

import socket

import pytest

from bench.run import http_port


@pytest.fixture
def busy_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_bench_without_bench_port_takes_a_free_port_not_a_busy_one(busy_port):
    port = http_port({})

    assert port != busy_port
    with socket.socket() as server:
        server.bind(("127.0.0.1", port))  # free: gunicorn can bind it


def test_bench_takes_bench_port_when_it_is_set_and_free():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]

    assert http_port({"BENCH_PORT": str(free)}) == free


def test_bench_port_set_but_busy_stops_with_a_clear_message(busy_port):
    with pytest.raises(SystemExit, match=f"BENCH_PORT={busy_port} is in use"):
        http_port({"BENCH_PORT": str(busy_port)})
