"""Recognises values that look like credentials so no report, log or evidence ever shows one."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from auditor.core.ids import GUID, is_guid

# Each pattern matches the credential itself (and the words that introduce it, such as
# `AccountKey=`); what is redacted is the word or words a match touches, never its sentence.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("storage connection string", re.compile(r"AccountKey\s*=\s*[^;\s]{8,}", re.I)),
    (
        "shared access signature",
        re.compile(
            r"(SharedAccessSignature|SharedAccessKey)\s*=\s*[^;\s]*|[?&]sig=[^&\s]{8,}", re.I
        ),
    ),
    ("JSON web token", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")),
    # A PEM block to its END line, or to the end of the text when that is cut off.
    (
        "private key",
        re.compile(
            r"-----BEGIN [A-Z ]*PRIVATE KEY-----"
            r"(?:[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----|[\s\S]*)"
        ),
    ),
    ("GitHub token", re.compile(r"\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})")),
    ("Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("OpenAI-style API key", re.compile(r"\bsk-(proj-)?[A-Za-z0-9_-]{20,}")),
    ("AWS access key", re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("bearer token", re.compile(r"\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*")),
    ("password in URL", re.compile(r"://[^/\s:@]+:[^/\s@]{3,}@")),
    ("password assignment", re.compile(r"\b(password|pwd)\s*=\s*[^;\s]{3,}", re.I)),
)
_TOKEN = re.compile(r"[A-Za-z0-9+/=_\-]{32,}")

# One search instead of one per pattern (flags are folded into each alternative).
_ANY_PATTERN = re.compile(
    "|".join(
        f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})" for _, p in _PATTERNS
    )
)

# Every pattern above needs one of these words (in any case), and "password in URL" needs both
# "://" and "@": a text that has none cannot match, which a substring test says far faster than
# the combined search (most of the strings of a scan are names, ids, enums and URLs). Only ASCII
# text is pre-filtered: re.IGNORECASE matches some non-ASCII letters ("ſ", "ı") to ASCII ones.
# tests/auditor/core/test_redact.py checks that every pattern's examples pass the filter.
_NEEDED_WORDS = (
    "accountkey",
    "sharedaccess",
    "sig=",
    "eyj",
    "-----begin",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "xox",
    "sk-",
    "akia",
    "asia",
    "aiza",
    "bearer",
    "password",
    "pwd",
)


# Strings known to hold no needed word. An estate's snapshot holds a million strings, but only a
# hundred thousand different ones, and most of the million are a few repeated ("Enabled", a
# location, an owner's address, a parent's id): those are looked at once. Small (emptied when
# full, refilled by what repeats), and only short strings are kept.
_CANNOT_MATCH: set[str] = set()
_CANNOT_MATCH_KEPT = 32_768
# The same set, for a caller that asks it first to save a call (read it, never add to it).
CANNOT_MATCH: Collection[str] = _CANNOT_MATCH
_CANNOT_MATCH_LONGEST = 400


def may_match_pattern(text: str) -> bool:
    """False only if no credential pattern can match `text` (a cheap necessary condition)."""
    if text in _CANNOT_MATCH:
        return False
    if not text.isascii():
        return True
    lowered = text.lower()
    for word in _NEEDED_WORDS:
        if word in lowered:
            return True
    if "://" in lowered and "@" in lowered:
        return True
    if len(text) <= _CANNOT_MATCH_LONGEST:
        if len(_CANNOT_MATCH) >= _CANNOT_MATCH_KEPT:
            _CANNOT_MATCH.clear()
        _CANNOT_MATCH.add(text)
    return False


# An ARM id in running text (`/subscriptions/<id>/resourceGroups/rg/providers/...`), up to the
# first character no id holds. Ids are never secrets: a token inside one is not judged by its
# entropy, and the names its segments carry are names wherever else the text shows them.
_ARM_ID = re.compile(r"/subscriptions/[^\s\"'`<>()\[\]{},;|?#&]+", re.I)
# A word, for redaction: a credential is replaced with the whole word around it (a SAS URL, a
# connection string), and nothing beyond it.
_WORD_BREAK = re.compile(r"[\s\"'`<>()\[\]{},]")
_CLOSERS = "\"'`>)]},"
# Names (`mlw-prod-001`, `e2etest_test_86533533175`, `DefaultResourceGroup-WEU`) are words, each
# in one case (with digits) or CamelCase, joined by `-`, `_`, `.` or `/`. A random key is not: its
# runs mix upper case, lower case and digits (and `+`, `=`).
_NAME_SEPARATOR = re.compile(r"[-_./]+")
_CAMEL_WORD = re.compile(r"[A-Z]?[a-z]{2,}|[0-9]+")


def shannon_entropy(text: str) -> float:
    if not text:
        return 0.0
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _name_shaped(token: str) -> bool:
    """True for a name or a path of names: words joined by separators (see _NAME_PART)."""
    parts = [p for p in _NAME_SEPARATOR.split(token) if p]
    return len(parts) > 1 and all(_word_like(p) for p in parts)


def _word_like(part: str) -> bool:
    if not part.isascii() or not part.isalnum():
        return False
    if len(part) <= 24 and (part.islower() or part.isupper() or part.isdigit()):
        return True
    return "".join(_CAMEL_WORD.findall(part)) == part


def _high_entropy(token: str) -> bool:
    if is_guid(token) or ("/" in token.strip("/") and token.count("/") > 2):
        return False
    has_letter = any(c.isalpha() for c in token)
    has_digit = any(c.isdigit() for c in token)
    return has_letter and has_digit and shannon_entropy(token) >= 4.2


def _random_token(token: str, *names: Collection[str]) -> bool:
    """True if `token` looks like a random secret: high entropy once the GUIDs in it are set
    aside (`ws_8970d525-...` is a name around an id), and not a name the text or scan knows
    (in any of `names`)."""
    for piece in GUID.split(token):
        piece = piece.strip("-_")
        if len(piece) < 32 or any(piece.lower() in known for known in names):
            continue
        if _name_shaped(piece):
            continue
        if _high_entropy(piece):
            return True
    return False


# What redact_text leaves in place of a credential. A value redacted before it was stored (a live
# collector blanks literal secrets before rules or snapshots see them) still reads as that kind of
# credential, so rules judge a snapshot as they judged the live data.
_REDACTED = re.compile(r"\[redacted: looks like an? (?P<kind>[^\]]+)\]")


def marker(kind: str) -> str:
    """What stands in place of a credential of this kind."""
    return f"[redacted: looks like a {kind}]"


def credential_pattern_kind(value: str) -> str | None:
    """Which known credential pattern `value` holds (no entropy guess), or None; a marker left
    by an earlier redaction counts as its kind. Cheap enough for every string of every collected
    resource: one combined search, the named patterns only on a hit."""
    redacted = _REDACTED.search(value) if "[redacted: " in value else None
    if redacted:
        return redacted.group("kind")
    if not may_match_pattern(value) or not _ANY_PATTERN.search(value):
        return None
    for kind, pattern in _PATTERNS:
        if pattern.search(value):
            return kind
    return None


_GUESS = "high-entropy string"


def secret_kind(value: str) -> str | None:
    """Why `value` looks like a credential (the first kind found), or None. GUIDs, hex digests,
    ARM ids and names are not flagged."""
    kind = credential_pattern_kind(value)
    if kind:
        return kind
    guessed = _credential_spans(value, guess=True, names=())
    return guessed[0][2] if guessed else None


def _credential_spans(
    text: str, *, guess: bool, names: Collection[str]
) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each credential in `text`, the known patterns first: with `guess`,
    then high-entropy tokens that are neither inside an ARM id nor names."""
    spans: list[tuple[int, int, str]] = []
    if may_match_pattern(text) and _ANY_PATTERN.search(text):
        for kind, pattern in _PATTERNS:
            # A match may run over the quote or bracket that closes its word: that stays.
            spans += [(m.start(), _trimmed_end(m), kind) for m in pattern.finditer(text)]
    if guess and _TOKEN.search(text):
        ids = [m.span() for m in _ARM_ID.finditer(text)]
        # The scan's names (an estate's are 100,000) are looked in, never copied.
        in_text = names_in_ids(text[a:b] for a, b in ids)
        spans += [
            (m.start(), m.end(), _GUESS)
            for m in _TOKEN.finditer(text)
            if not any(a <= m.start() and m.end() <= b for a, b in ids)
            and _random_token(m[0], names, in_text)
        ]
    return spans


def _trimmed_end(match: re.Match[str]) -> int:
    return match.start() + len(match[0].rstrip(_CLOSERS))


def _word_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The word holding text[start:end], without the punctuation that ends its sentence."""
    credential_end = end
    while start > 0 and not _WORD_BREAK.match(text, start - 1):
        start -= 1
    while end < len(text) and not _WORD_BREAK.match(text, end):
        end += 1
    while end > credential_end and text[end - 1] in ".,;:!?":
        end -= 1
    return start, end


def redact_text(value: str, *, guess: bool = True, names: Collection[str] = ()) -> str:
    """`value` with each credential in it replaced by a marker of its kind: the word (or the
    words, for `Password = x` or a PEM block) that holds it, and nothing else, so the sentence
    around it, ARM ids, names and GUIDs stay.

    `guess` adds high-entropy tokens to the known patterns (outgoing text; the input boundary
    keeps to the patterns). `names` are lower-cased names the caller knows to be resource names.
    """
    found = _credential_spans(value, guess=guess, names=names)
    if not found:
        return value
    # Overlapping words become one marker, named after the first pattern that matched them.
    words: list[tuple[int, int, str]] = []
    for start, end, kind in sorted((*_word_around(value, s, e), k) for s, e, k in found):
        if words and start <= words[-1][1]:
            first, last, named = words[-1]
            words[-1] = (first, max(last, end), kind if named == _GUESS else named)
        else:
            words.append((start, end, kind))
    pieces: list[str] = []
    done = 0
    for start, end, kind in words:
        pieces += [value[done:start], marker(kind)]
        done = end
    return "".join(pieces) + value[done:]


def redact_value(value: Any, *, names: Collection[str] = ()) -> Any:
    """A JSON value with the credentials in its strings replaced: a dict or list that holds none
    is returned as it is (nearly all do), any other mapping or sequence as a dict or list."""
    if isinstance(value, str):
        return redact_text(value, names=names)
    if isinstance(value, Mapping):
        items = {k: redact_value(v, names=names) for k, v in value.items()}
        same = type(value) is dict and all(items[k] is v for k, v in value.items())
        return value if same else items
    if isinstance(value, list | tuple):
        listed = [redact_value(v, names=names) for v in value]
        same = type(value) is list and all(a is b for a, b in zip(listed, value, strict=True))
        return value if same else listed
    return value


def names_in_ids(ids: Iterable[str]) -> frozenset[str]:
    """The lower-cased segments of ARM ids: the names of those resources (and their parents)."""
    return frozenset(s.lower() for rid in ids for s in rid.split("/") if s)


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
    # An ARM id names a resource (a vault's key or secret, a connection): it is never a secret.
    re.compile(rf"^{_ARM_ID.pattern}$", re.I),
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
