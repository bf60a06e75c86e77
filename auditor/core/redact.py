"""Recognises values that look like credentials so no report, log or evidence ever shows one."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from auditor.core.ids import is_guid

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


# One search instead of one per pattern (flags are folded into each alternative).
_ANY_PATTERN = re.compile(
    "|".join(
        f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})"
        if p.flags & re.IGNORECASE
        else f"(?:{p.pattern})"
        for _, p in _PATTERNS
    )
)


def shannon_entropy(text: str) -> float:
    if not text:
        return 0.0
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _high_entropy(token: str) -> bool:
    if is_guid(token) or ("/" in token.strip("/") and token.count("/") > 2):
        return False
    has_letter = any(c.isalpha() for c in token)
    has_digit = any(c.isdigit() for c in token)
    return has_letter and has_digit and shannon_entropy(token) >= 4.2


# What redact_text leaves in place of a credential. A value redacted before it was stored (a live
# collector blanks literal secrets before rules or snapshots see them) still reads as that kind of
# credential, so rules judge a snapshot as they judged the live data.
_REDACTED = re.compile(r"^\[redacted: looks like an? (?P<kind>[^\]]+)\]$")


def credential_pattern_kind(value: str) -> str | None:
    """Which known credential pattern `value` holds (no entropy guess), or None. Cheap enough for
    every string of every collected resource: one combined search, the named patterns only on a
    hit."""
    redacted = _REDACTED.match(value)
    if redacted:
        return redacted.group("kind")
    if not _ANY_PATTERN.search(value):
        return None
    for kind, pattern in _PATTERNS:
        if pattern.search(value):
            return kind
    return None


def secret_kind(value: str) -> str | None:
    """Why `value` looks like a credential, or None. Hex digests and GUIDs are not flagged."""
    kind = credential_pattern_kind(value)
    if kind:
        return kind
    for token in _TOKEN.findall(value):
        if _high_entropy(token):
            return "high-entropy string"
    return None


def redact_text(value: str) -> str:
    kind = secret_kind(value)
    return f"[redacted: looks like a {kind}]" if kind else value


def redact_words(text: str) -> str:
    """`text` with credentials redacted word by word, so the rest of a message (a path, what went
    wrong) is kept; unchanged if it holds none, else on one line, and the whole line redacted if a
    word-wise pass misses one (`Password = x` spans words)."""
    if redact_text(text) == text:
        return text
    line = " ".join(text.split())
    words = " ".join(redact_text(word) for word in line.split())
    return words if secret_kind(words) is None else redact_text(line)


def redact_value(value: Any) -> Any:
    """A copy of a JSON value with every credential-looking string replaced."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {k: redact_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(v) for v in value]
    return value


# --- Literal secrets in configuration (environment variables, settings) -----------------------

# Words that make a variable name say it holds a credential. Names are split into words at `_`,
# `-`, `.` and camelCase boundaries; "connection string" and "api key" are joined first.
_SECRET_NAME_WORDS = frozenset(
    {
        "key",
        "apikey",
        "accesskey",
        "secret",
        "token",
        "password",
        "passwd",
        "pwd",
        "pass",
        "sas",
        "credential",
        "credentials",
        "connectionstring",
        "connstr",
        "pat",
        "signature",
    }
)
# A last word that says the value is *about* a secret, not the secret: KEY_VAULT_NAME, TOKEN_URL.
_DESCRIPTOR_WORDS = frozenset(
    {
        "name",
        "names",
        "id",
        "url",
        "uri",
        "endpoint",
        "host",
        "file",
        "path",
        "dir",
        "version",
        "type",
        "vault",
        "header",
        "field",
        "length",
        "size",
        "ttl",
        "expiry",
        "expiration",
        "count",
        "limit",
        "timeout",
        "region",
        "location",
        "format",
        "mode",
        "enabled",
        "prefix",
        "algorithm",
    }
)
_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")
# References to a secret kept elsewhere, and template placeholders: not literal secrets.
_REFERENCES = (
    re.compile(r"^\$\{\{.*\}\}$", re.S),  # ${{azureml://connections/x/credentials/key}}
    re.compile(r"^\$\{[^}]+\}$"),  # ${VAR}
    re.compile(r"^\$\([^)]+\)$"),  # $(VAR)
    re.compile(r"^@Microsoft\.KeyVault\(.*\)$", re.I),  # App Service style reference
    re.compile(
        r"^https://[a-z0-9-]+\.(vault|managedhsm)\.(azure\.net|azure\.cn|usgovcloudapi\.net|"
        r"microsoftazure\.de)(:443)?/(secrets|keys|certificates)/",
        re.I,
    ),
    re.compile(r"^(keyvault|akv|azureml)://", re.I),
)
_NOT_A_SECRET = re.compile(
    r"^(true|false|yes|no|on|off|none|null|[-+]?\d+(\.\d+)?"
    # An Application Insights connection string is "not considered a security token or key".
    r"|InstrumentationKey=[0-9a-f-]{36}(;[^;]*)*)$",
    re.I,
)


def name_words(name: str) -> list[str]:
    words = [w.lower() for w in _WORD_SPLIT.split(name) if w]
    joined: list[str] = []
    for word in words:
        if joined and (joined[-1], word) in {("connection", "string"), ("api", "key")}:
            joined[-1] = joined[-1] + word
        else:
            joined.append(word)
    return joined


def secret_like_name(name: str) -> bool:
    """True if a variable's name says it holds a credential (OPENAI_API_KEY, dbPassword)."""
    words = name_words(name)
    if not words or words[-1] in _DESCRIPTOR_WORDS:
        return False
    return any(w in _SECRET_NAME_WORDS for w in words)


def is_secret_reference(value: str) -> bool:
    """True for a Key Vault reference, a connection reference or a `${{...}}` placeholder."""
    text = value.strip()
    return any(pattern.match(text) for pattern in _REFERENCES)


def literal_secret_reason(name: str, value: Any) -> str | None:
    """Why the variable `name` holds a literal secret, or None. The reason never quotes the value.

    A value that references a secret kept elsewhere is not a literal secret, whatever its name.
    """
    if not isinstance(value, str) or not value.strip() or is_secret_reference(value):
        return None
    kind = secret_kind(value)
    if kind:
        return f"its value looks like a credential ({kind})"
    if secret_like_name(name) and not _NOT_A_SECRET.match(value.strip()):
        return "its name marks a secret and its value is a literal"
    return None
