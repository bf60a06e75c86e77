"""What the simulator's layers pass each other: a parsed Request in, an Answer out, and ARM's error
body. The HTTP layer makes Requests and writes Answers; policies and routing only see these."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str  # as sent, percent-encoded, without the query
    query: Mapping[str, str]
    segments: tuple[str, ...]  # the path's non-empty segments
    subscription: str | None  # the id after /subscriptions/, as sent
    authorization: str | None  # the Authorization header
    body: bytes = b""  # what a POST sent (a Resource Graph query); GETs have none

    @classmethod
    def parse(
        cls, method: str, target: str, authorization: str | None, body: bytes = b""
    ) -> Request:
        """`target` is the request line's path?query."""
        split = urlsplit(target)
        segments = tuple(s for s in split.path.split("/") if s)
        subscription = (
            segments[1] if len(segments) >= 2 and segments[0].lower() == "subscriptions" else None
        )
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        return cls(method, split.path, query, segments, subscription, authorization, body)


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes
    headers: Headers = ()

    def after(self, headers: Headers) -> Answer:
        """This answer with `headers` (from the policies it passed) before its own."""
        return Answer(self.status, self.body, headers + self.headers) if headers else self


def error_body(code: str, message: str) -> bytes:
    """ARM's error document: `{"error": {"code", "message"}}`."""
    return json.dumps({"error": {"code": code, "message": message}}).encode("utf-8")


def error(status: int, code: str, message: str, headers: Headers = ()) -> Answer:
    return Answer(status, error_body(code, message), headers)
