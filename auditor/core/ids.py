"""The shape of a GUID: subscription, tenant and policy-definition ids are GUIDs."""

from __future__ import annotations

import re

GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def is_guid(text: str) -> bool:
    """True if all of `text` is one GUID (either case)."""
    return GUID.fullmatch(text) is not None
