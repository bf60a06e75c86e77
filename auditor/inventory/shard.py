"""One shard of an estate: `--shard K/N` splits the readable subscriptions into N parts so that N
jobs (a CI matrix) each scan one part, and `aml-audit merge` joins their reports.

A subscription's shard is decided by a hash of its id alone (lower-cased), never by its place in
a list: the split is the same whatever order ARM lists subscriptions in, and a subscription added
or removed moves no other between shards. Every resource is judged by the one shard that holds
its subscription; what lies outside any subscription (a gap on the subscription listing itself),
or in a subscription the shard's sources did not scan (a workspace's storage account in another
subscription, read through the workspace), is judged by every shard that read it, and the merge
keeps it once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from auditor.inventory import arm

_SHAPE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
MAX_SHARDS = 1000


@dataclass(frozen=True, slots=True)
class Shard:
    index: int  # K: 1 .. count
    count: int  # N

    def __post_init__(self) -> None:
        if not 1 <= self.index <= self.count <= MAX_SHARDS:
            raise ValueError(
                f"shard {self.index}/{self.count} is not K/N with 1 <= K <= N <= {MAX_SHARDS}"
            )

    @classmethod
    def parse(cls, text: str) -> Shard:
        """`K/N`; ValueError with the wording a user reads."""
        match = _SHAPE.match(text)
        if match is None:
            raise ValueError(f"{text!r} is not K/N (for example 2/8: the second of eight shards)")
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def label(self) -> str:
        return f"{self.index}/{self.count}"

    def holds_subscription(self, subscription_id: str) -> bool:
        return shard_of(subscription_id, self.count) == self.index

    def judges(self, resource_id: str) -> bool:
        """Whether this shard gives `resource_id` its results: its subscription is this shard's,
        or it lies outside every subscription (judged by each shard, kept once by the merge)."""
        subscription = arm.subscription_of(resource_id)
        return subscription is None or self.holds_subscription(subscription)

    def judging(self, scanned: Iterable[str]) -> Callable[[str], bool]:
        """What this shard gives results to, given the subscriptions its sources read (`scanned`,
        scope ids): what it `judges`, and what it read in a subscription that no source of it
        scanned. A live shard reads a workspace's storage account or registry of another
        subscription through the workspace; no subscription listing reads those, so the shard
        of their subscription never has them (the merge keeps one result per fingerprint)."""
        read = {(arm.subscription_of(scope) or "").lower() for scope in scanned}
        verdicts: dict[str, bool] = {}  # by subscription: asked for every resource and rule

        def judged(resource_id: str) -> bool:
            subscription = arm.subscription_of(resource_id)
            if subscription is None:
                return True
            key = subscription.lower()
            verdict = verdicts.get(key)
            if verdict is None:
                verdict = verdicts[key] = self.judges(resource_id) or key not in read
            return verdict

        return judged


def shard_of(subscription_id: str, count: int) -> int:
    """The shard (1 .. count) of a subscription: a hash of its normalised id."""
    key = subscription_id.strip().strip("/").lower().removeprefix("subscriptions/")
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:8], "big") % count + 1
