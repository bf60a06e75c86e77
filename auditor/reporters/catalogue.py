"""The rule catalogue, generated from the rules' metadata (never written twice): as Markdown, as
`aml-audit explain` text and as `rules --format json` entries.

`aml-audit rules --format markdown` prints the Markdown for whatever rules are loaded (built-ins,
plugins, `--rules-dir`); `scripts/gen_rules_doc.py` writes the built-in catalogue to docs/rules.md,
and a test fails when that file is stale.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from typing import Any

from auditor.rulekit.meta import RuleMeta

POLICY_URL = (
    "https://portal.azure.com/#view/Microsoft_Azure_Policy/PolicyDetailBlade/definitionId/"
    "%2Fproviders%2FMicrosoft.Authorization%2FpolicyDefinitions%2F{}"
)
CATEGORY_TITLES = {
    "identity": "Identity and authentication",
    "network": "Network isolation",
    "data": "Data protection and key management",
    "compute": "Compute hygiene",
    "logging": "Logging and monitoring",
    "ai": "AI safety",
    "attack-path": "Attack paths (compound findings)",
}

INTRO = """\
Every rule `aml-audit` runs, generated from the rules' metadata by `scripts/gen_rules_doc.py`
(`aml-audit rules --format markdown` prints the same page for the rules you have loaded,
plugins included). `aml-audit explain <ID>` shows one rule in the terminal.

Each rule reads the ARM JSON of the resources it names. An absent property takes the
service's documented default, and the evidence says so (`absent (default: ...)`); data
that could not be read gives `not_assessed`, never a pass; a resource kind a rule does
not apply to gives no result. A few rules give some results a severity other than their
default; their rationale says when.

The "judged in templates" column says whether `aml-audit lint` judges the rule in
infrastructure code (ARM JSON, Bicep, Terraform, Azure ML CLI YAML) before deployment. A rule
whose facts exist only at runtime (a private endpoint's approval, an OS image's version) gives
no result in lint; [lint.md](lint.md) explains.

Attack paths (AMLP01 ...) chain other rules' results into one critical finding; they are
listed last, and [paths.md](paths.md) explains how a path is judged and reported.
"""


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def anchor(meta: RuleMeta) -> str:
    return meta.id.lower()


def summary_table(metas: Sequence[RuleMeta], *, links: bool = False) -> str:
    lines = [
        "| id | severity | category | title | resource types | judged in templates |",
        "|---|---|---|---|---|---|",
    ]
    for m in metas:
        rule_id = f"[{m.id}](#{anchor(m)})" if links else m.id
        types = "<br>".join(f"`{_cell(t)}`" for t in m.resource_types)
        lines.append(
            f"| {rule_id} | {m.severity.label} | {_cell(m.category)} | {_cell(m.title)} | {types} "
            f"| {templates_label(m)} |"
        )
    return "\n".join(lines) + "\n"


def templates_label(meta: RuleMeta) -> str:
    """Whether `aml-audit lint` judges the rule, as the catalogue and `rules` show it."""
    return "yes" if meta.judged_in_templates else "no (runtime only)"


def fenced(body: str, language: str = "") -> list[str]:
    """A Markdown code block that no line of `body` can close: its fence is longer than any run
    of backticks inside it (the Markdown and SARIF reports and the catalogue all use it)."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{language}", body, fence]


def rule_section(meta: RuleMeta) -> str:
    refs = meta.references
    out = [
        f'<a id="{anchor(meta)}"></a>',
        f"### {meta.id}: {meta.title}",
        "",
        f"**Severity:** {meta.severity.label} · **Category:** {meta.category} · "
        f"**Resource types:** {', '.join(f'`{t}`' for t in meta.resource_types)} · "
        f"**Judged in templates:** {templates_label(meta)}",
        "",
        "**Why it matters.** " + " ".join(meta.rationale.split()),
        "",
        "**How to fix.** " + " ".join(meta.remediation.description.split()),
    ]
    if meta.remediation.az.strip():
        out += ["", "Azure CLI:", "", *fenced(meta.remediation.az.rstrip("\n"), "sh")]
    if meta.remediation.bicep.strip():
        out += ["", "Bicep:", "", *fenced(meta.remediation.bicep.rstrip("\n"), "bicep")]
    if meta.settings:
        out += [
            "",
            f"**Settings** (in the configuration file, `[rules.{meta.id}]`; see "
            "[configuration](configuration.md#rule-settings))",
            "",
            "| setting | default | meaning |",
            "|---|---|---|",
        ]
        out += [
            f"| `{s.name}` | `{_cell(s.shown())}` | {_cell(s.description)} ({s.kind}) |"
            for s in meta.settings
        ]
    if refs.docs or refs.policy or refs.mcsb or refs.defender:
        out += ["", "**References**", ""]
        out += [f"- <{url}>" for url in refs.docs]
        out += [f"- Azure Policy [`{g}`]({POLICY_URL.format(g)})" for g in refs.policy]
        if refs.mcsb:
            out.append("- Microsoft cloud security benchmark: " + ", ".join(refs.mcsb))
        out += [f"- Defender for Cloud: {_cell(t)}" for t in refs.defender]
    if meta.aliases:
        out += ["", f"Formerly: {', '.join(meta.aliases)}."]
    return "\n".join(out) + "\n"


def catalogue_page(metas: Sequence[RuleMeta], title: str = "Rule catalogue") -> str:
    """The whole page: an introduction, the summary table, then one section per rule, grouped
    by category in the catalogue's order (unknown categories last, alphabetically)."""
    order = list(CATEGORY_TITLES)
    categories = sorted(
        {m.category for m in metas},
        key=lambda c: (order.index(c) if c in order else len(order), c),
    )
    parts = [f"# {title}\n", INTRO, f"{len(metas)} rules.\n", summary_table(metas, links=True)]
    for category in categories:
        parts.append(f"## {CATEGORY_TITLES.get(category, category.capitalize())}\n")
        parts += [
            rule_section(m) for m in sorted(metas, key=lambda m: m.id) if m.category == category
        ]
    return "\n".join(parts)


# --- `aml-audit explain` and `rules --format json` -----------------------------------------


def _prose(text: str, width: int) -> str:
    """A paragraph wrapped under a two-space indent; URLs and other long words are kept whole."""
    return textwrap.fill(
        text,
        width,
        initial_indent="  ",
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def explain_text(meta: RuleMeta, width: int = 100) -> str:
    out = [
        f"{meta.id}  {meta.title}",
        f"severity: {meta.severity.label}    category: {meta.category}",
        f"resource types: {', '.join(meta.resource_types)}",
        f"judged in templates (aml-audit lint): {templates_label(meta)}",
        "",
        "Why it matters",
        _prose(meta.rationale, width),
        "",
        "How to fix",
        _prose(meta.remediation.description, width),
    ]
    if meta.remediation.az:
        out += ["", "  Azure CLI:", *("    " + line for line in meta.remediation.az.splitlines())]
    if meta.remediation.bicep:
        out += ["", "  Bicep:", *("    " + line for line in meta.remediation.bicep.splitlines())]
    if meta.settings:
        out += ["", f"Settings ([rules.{meta.id}] in the configuration file)"]
        for setting in meta.settings:
            out.append(f"  {setting.name} = {setting.shown()}  (default; {setting.kind})")
            out.append(
                textwrap.fill(
                    setting.description,
                    width,
                    initial_indent="    ",
                    subsequent_indent="    ",
                    break_long_words=False,
                )
            )
    refs = meta.references
    if refs.docs or refs.policy or refs.mcsb or refs.defender:
        out += ["", "References"]
        out += [f"  docs: {d}" for d in refs.docs]
        out += [f"  Azure Policy: {p}  {POLICY_URL.format(p)}" for p in refs.policy]
        out += [f"  MCSB: {c}" for c in refs.mcsb]
        out += [f"  Defender for Cloud: {t}" for t in refs.defender]
    if meta.aliases:
        out += ["", f"formerly: {', '.join(meta.aliases)}"]
    return "\n".join(out) + "\n"


def meta_to_json(meta: RuleMeta) -> dict[str, Any]:
    return {
        "id": meta.id,
        "title": meta.title,
        "severity": meta.severity.label,
        "category": meta.category,
        "resource_types": list(meta.resource_types),
        "rationale": meta.rationale,
        "remediation": {
            "description": meta.remediation.description,
            "az": meta.remediation.az,
            "bicep": meta.remediation.bicep,
        },
        "references": {
            "docs": list(meta.references.docs),
            "policy": list(meta.references.policy),
            "mcsb": list(meta.references.mcsb),
            "defender": list(meta.references.defender),
        },
        "aliases": list(meta.aliases),
        "judged_in_templates": meta.judged_in_templates,
        "settings": [
            {
                "name": s.name,
                "default": list(s.default) if isinstance(s.default, tuple) else s.default,
                "description": s.description,
            }
            for s in meta.settings
        ],
    }
