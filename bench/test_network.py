"""The trusted network's graph (bench/network.py), drawn in memory: about 50 accepted
connections each, most of them local, one row per ordered pair, the same for the same seed."""

import random
from collections import Counter

from bench.network import (
    STATUS_CODES,
    Place,
    draw_connections,
    draw_groups,
    draw_homes,
    neighbourhoods,
    unpack,
)
from entraide.community.enums import ConnectionStatus

# A small region: a city, its suburbs and villages, spread over some 40 km.
PLACES = [
    Place(f"{n:05d}", population, 48.8 + (n % 7) * 0.05, 2.3 + (n // 7) * 0.07)
    for n, population in enumerate([200_000, 80_000, 40_000] + [3_000] * 30 + [300] * 30)
]
MEMBERS = 3_000


def drawn(seed: int = 1) -> tuple[list[int], list[int], list[list[int]]]:
    rng = random.Random(seed)
    homes = draw_homes(rng, PLACES, MEMBERS)
    residents, nearby = neighbourhoods(PLACES, homes, 300)
    return homes, draw_connections(rng, homes, residents, nearby, 50), nearby


def test_about_fifty_accepted_connections_each_most_of_them_local():
    homes, codes, nearby = drawn()
    degree: Counter[int] = Counter()
    local = accepted = 0
    around = [set(pool) for pool in nearby]
    for code in codes:
        first, second, _asked, status = unpack(code, MEMBERS)
        if STATUS_CODES[status] != ConnectionStatus.ACCEPTED:
            continue
        accepted += 1
        degree[first] += 1
        degree[second] += 1
        local += second in around[homes[first]] or first in around[homes[second]]

    assert 45 <= accepted * 2 / MEMBERS <= 55
    assert local / accepted >= 0.75
    assert 0.01 <= 1 - accepted / len(codes) <= 0.06  # a few pending, declined or removed


def test_one_row_per_ordered_pair_and_the_same_graph_for_the_same_seed():
    _homes, codes, _nearby = drawn()
    pairs = [unpack(code, MEMBERS)[:2] for code in codes]

    assert all(first < second for first, second in pairs)
    assert len(set(pairs)) == len(pairs)
    assert drawn()[1] == codes
    assert drawn(seed=2)[1] != codes


def test_groups_of_varied_sizes_with_distinct_members():
    rng = random.Random(3)
    homes = draw_homes(rng, PLACES, MEMBERS)
    _residents, nearby = neighbourhoods(PLACES, homes, 300)
    groups = draw_groups(rng, PLACES, homes, nearby, 100)
    sizes = sorted(len(group.members) for group in groups)

    assert all(len(set(group.members)) == len(group.members) for group in groups)
    assert sizes[0] >= 3 and sizes[-1] >= 3 * sizes[len(sizes) // 2]
