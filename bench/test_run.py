"""The bench's served pages find a port of their own (issue 11: a fixed 8765 failed whenever
something listened there)."""

import socket

import pytest

from bench.run import http_port, summarise


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


def network_measured(p95: float) -> dict:
    return {
        "audience": {"ms_p95": p95, "people_p50": 2000, "people_p95": 2900},
        "fanout": {"s_p95": p95 / 1000},
        "feeds": {"personal": {"ms_p95": p95}, "group": {"ms_p95": p95}},
    }


def test_summary_of_a_network_run_names_issue_14s_figures_for_both_databases():
    generated = {"network": {"members": 20_000, "connections": 500_000, "groups": 100}}
    sqlite = {"generated": generated, "network": network_measured(10.0)}
    postgres = {"generated": generated, "network": network_measured(20.0)}

    figures = summarise("small", sqlite, postgres)

    for vendor, p95 in (("sqlite", 10.0), ("postgres", 20.0)):
        assert figures[f"fof_audience_ms_{vendor}"] == p95
        assert figures[f"fof_fanout_s_{vendor}"] == p95 / 1000
        assert figures[f"feed_p95_ms_{vendor}"] == p95
        assert figures[f"group_feed_p95_ms_{vendor}"] == p95
        assert figures[f"fof_audience_people_p50_{vendor}"] == 2000
    assert figures["bench_network_members"] == 20_000
    assert "bench_slots" not in figures  # no agenda in a --part network run


def test_a_network_without_the_aid_app_reports_its_figures_skipped():
    measured = {"generated": {"network": {"members": 1, "connections": 0, "groups": 0}},
                "network": {"feeds": {}}}  # fmt: skip

    figures = summarise("tiny", measured, {})

    assert figures["fof_fanout_s_sqlite"] == "skipped"
    assert figures["feed_p95_ms_sqlite"] == "skipped"


def test_summary_names_the_moderation_queues_p95_beside_the_networks_figures():
    generated = {"network": {"members": 20_000, "connections": 500_000, "groups": 100}}
    sqlite = {
        "generated": generated,
        "network": {**network_measured(10.0), "moderation": {"first_page_ms_p95": 4.2}},
    }
    postgres = {"generated": generated, "network": network_measured(20.0)}  # fmt: skip

    figures = summarise("small", sqlite, postgres)

    assert figures["moderation_queue_p95_ms_sqlite"] == 4.2
    assert figures["moderation_queue_p95_ms_postgres"] == "skipped"
