"""Recognises values that look like credentials so no report, log or evidence ever shows one."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("storage connection string", re.compile(r"AccountKey\s*=\s*[^;\s]{8,}", re.I)),
    (
        "shared access signature",
        re.compile(r"(SharedAccessSignature|SharedAccessKey)\s*=|[?&]sig=[^&\s]{8,}", re.I),
    ),
    ("JSON web token", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")),
    ("private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("GitHub token", re.compile(r"\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})")),
    ("Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("OpenAI-style API key", re.compile(r"\bsk-(proj-)?[A-Za-z0-9_-]{20,}")),
    ("AWS access key", re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("password in URL", re.compile(r"://[^/\s:@]+:[^/\s@]{3,}@")),
    ("password assignment", re.compile(r"\b(password|pwd)\s*=\s*[^;\s]{3,}", re.I)),
)
_TOKEN = re.compile(r"[A-Za-z0-9+/=_\-]{32,}")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def shannon_entropy(text: str) -> float:
    if not text:
        return 0.0
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _high_entropy(token: str) -> bool:
    if _GUID.match(token) or ("/" in token.strip("/") and token.count("/") > 2):
        return False
    has_letter = any(c.isalpha() for c in token)
    has_digit = any(c.isdigit() for c in token)
    return has_letter and has_digit and shannon_entropy(token) >= 4.2


def secret_kind(value: str) -> str | None:
    """Why `value` looks like a credential, or None. Hex digests and GUIDs are not flagged."""
    for kind, pattern in _PATTERNS:
        if pattern.search(value):
            return kind
    for token in _TOKEN.findall(value):
        if _high_entropy(token):
            return "high-entropy string"
    return None


def redact_text(value: str) -> str:
    kind = secret_kind(value)
    return f"[redacted: looks like a {kind}]" if kind else value


def redact_value(value: Any) -> Any:
    """A copy of a JSON value with every credential-looking string replaced."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {k: redact_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(v) for v in value]
    return value
