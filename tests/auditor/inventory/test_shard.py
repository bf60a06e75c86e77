"""--shard K/N: which subscriptions a shard holds, and which resources it judges."""

from __future__ import annotations

import pytest

from auditor.inventory.shard import Shard, shard_of
from auditor.simulator.tenant import new_guid

SUBSCRIPTIONS = [new_guid(f"shard-test/{n}") for n in range(40)]


@pytest.mark.parametrize(
    ("text", "expected"), [("1/1", Shard(1, 1)), ("3/8", Shard(3, 8)), (" 2 / 4 ", Shard(2, 4))]
)
def test_k_of_n_is_parsed(text: str, expected: Shard) -> None:
    assert Shard.parse(text) == expected
    assert expected.label == f"{expected.index}/{expected.count}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0/4", "shard 0/4 is not K/N with 1 <= K <= N <= 1000"),
        ("5/4", "shard 5/4 is not K/N with 1 <= K <= N <= 1000"),
        ("1/0", "shard 1/0 is not K/N with 1 <= K <= N <= 1000"),
        ("2", "'2' is not K/N (for example 2/8: the second of eight shards)"),
        ("a/b", "'a/b' is not K/N (for example 2/8: the second of eight shards)"),
        ("-1/3", "'-1/3' is not K/N (for example 2/8: the second of eight shards)"),
    ],
)
def test_a_bad_shard_is_refused_with_its_reason(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        Shard.parse(text)
    assert str(caught.value) == message


def test_every_subscription_is_in_exactly_one_shard_whatever_the_order() -> None:
    shards = [Shard(k, 4) for k in range(1, 5)]
    owners = {s: [k.index for k in shards if k.holds_subscription(s)] for s in SUBSCRIPTIONS}
    assert all(len(found) == 1 for found in owners.values())
    # The split is by the id alone: the same in reverse order, upper case, or as a scope id.
    for subscription in reversed(SUBSCRIPTIONS):
        (index,) = owners[subscription]
        assert shard_of(subscription.upper(), 4) == index
        assert shard_of(f"/subscriptions/{subscription}", 4) == index
    # Forty subscriptions over four shards: none empty (the hash spreads them).
    assert {found[0] for found in owners.values()} == {1, 2, 3, 4}


def test_adding_a_subscription_moves_no_other() -> None:
    before = {s: shard_of(s, 8) for s in SUBSCRIPTIONS}
    after = {s: shard_of(s, 8) for s in [*SUBSCRIPTIONS, new_guid("shard-test/new")]}
    assert all(after[s] == before[s] for s in SUBSCRIPTIONS)


def test_a_shard_judges_the_resources_of_its_subscriptions_and_those_outside_any() -> None:
    mine = next(s for s in SUBSCRIPTIONS if shard_of(s, 2) == 1)
    other = next(s for s in SUBSCRIPTIONS if shard_of(s, 2) == 2)
    vault = "/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
    shard = Shard(1, 2)
    assert shard.judges(f"/subscriptions/{mine}{vault}")
    assert not shard.judges(f"/subscriptions/{other}{vault}")
    assert shard.judges("/subscriptions")  # a gap on the subscription listing: every shard's


def test_a_shard_judges_what_it_read_in_a_subscription_no_source_of_it_scanned() -> None:
    """A live shard scans its own subscriptions; a storage account it read through a workspace
    in another subscription is its to judge (no shard lists storage accounts)."""
    mine = next(s for s in SUBSCRIPTIONS if shard_of(s, 2) == 1)
    other = next(s for s in SUBSCRIPTIONS if shard_of(s, 2) == 2)
    storage = "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"
    shard = Shard(1, 2)
    live = shard.judging([f"/subscriptions/{mine}"])
    assert live(f"/subscriptions/{mine}{storage}")
    assert live(f"/subscriptions/{other.upper()}{storage}")
    assert live("/subscriptions")
    # A snapshot holds every subscription it scanned: each is judged by its own shard only.
    whole = shard.judging([f"/subscriptions/{mine}", f"/subscriptions/{other}"])
    assert whole(f"/subscriptions/{mine}{storage}")
    assert not whole(f"/subscriptions/{other.upper()}{storage}")
