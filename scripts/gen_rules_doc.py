"""Write docs/rules.md, the rule catalogue, from the built-in rules' metadata.

    python scripts/gen_rules_doc.py          # regenerate docs/rules.md
    python scripts/gen_rules_doc.py --check  # exit 1 if docs/rules.md is stale

Only built-in rules: installed plugins must not leak into the repository's documentation.
tests/auditor/reporters/test_catalogue.py fails when the file is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.evaluate.registry import load_rules  # noqa: E402
from auditor.reporters.catalogue import catalogue_page  # noqa: E402

DOC = ROOT / "docs" / "rules.md"


def render() -> str:
    ruleset = load_rules(entry_points=False)
    return catalogue_page([r.meta for r in (*ruleset.rules, *ruleset.paths)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if docs/rules.md is stale")
    args = parser.parse_args(argv)
    page = render()
    if args.check:
        current = DOC.read_text(encoding="utf-8") if DOC.is_file() else ""
        if current != page:
            print(f"{DOC} is stale: run python scripts/gen_rules_doc.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(page, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
