"""Write tests/data/azpolicy/builtin_policies.json: the built-in Azure Policy definitions the rule
metadata test checks policy references against.

    python scripts/extract_builtin_policies.py CATALOGUE.json

CATALOGUE.json is a catalogue of built-in definitions read from Azure/azure-policy
(`built-in-policies/policyDefinitions/`) at one commit: `{"source": {"repo", "commit"},
"definitions": [{"name", "displayName", "version", "deprecated", "repoPath", ...}]}`, each
definition with its full policy rule. The test only asks whether a GUID is a built-in definition,
so the extract keeps each definition's identity (GUID, display name, version, deprecation, path
upstream) and drops the rules: a few kilobytes instead of hundreds. Re-run it on a newer catalogue
to move the test to newer built-ins; tests/data/azpolicy/SOURCE.md says where this one came from.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "azpolicy"
KEPT = ("name", "displayName", "version", "deprecated", "repoPath")


def extract(catalogue: dict[str, Any]) -> dict[str, Any]:
    source = catalogue["source"]
    definitions = sorted(catalogue["definitions"], key=lambda d: d["name"])
    return {
        "source": {
            "repo": source["repo"],
            "commit": source["commit"],
            "path": "built-in-policies/policyDefinitions",
            "extractedBy": "scripts/extract_builtin_policies.py",
        },
        "definitions": [{key: d[key] for key in KEPT} for d in definitions],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalogue", type=Path, help="the catalogue of built-in definitions")
    args = parser.parse_args(argv)
    document = extract(json.loads(args.catalogue.read_text(encoding="utf-8")))
    target = OUTPUT / "builtin_policies.json"
    target.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{target}: {len(document['definitions'])} definitions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
