"""AI services and model-serving rules (AML6xx): resources that fail and pass them.

No built-in rule of this category yet. Add, per rule, a failing and a passing resource below
(and list them in this docstring), hung on the ids in `DemoContext`.
"""

from __future__ import annotations

from typing import Any

from auditor.simulator.demo.base import DemoContext


def resources(ctx: DemoContext) -> list[dict[str, Any]]:
    return []
