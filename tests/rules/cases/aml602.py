"""Cases of AML602: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    RAI_POLICIES,
    ai_account,
    ai_deployment,
    case,
    content_filter,
    expect,
    gap,
    listed,
    rai_policy,
)

RULE = "AML602"
MODEL = {"format": "OpenAI", "name": "gpt-4o", "version": "2024-08-06"}

CASES = [
    case(
        "a custom filter that blocks nothing fails: all disabled, non-blocking, or empty",
        [
            acct := ai_account("oai", {}, kind="OpenAI"),
            rai_policy(
                "lax",
                {
                    "mode": "Default",
                    "basePolicyName": "Microsoft.Default",
                    "contentFilters": [
                        content_filter("Hate", "Prompt", enabled=False),
                        content_filter("Violence", "Completion", blocking=False),
                    ],
                },
                account=acct,
            ),
            rai_policy("empty", {"contentFilters": []}, account=acct),
            lax := ai_deployment("lax-dep", {"model": MODEL, "raiPolicyName": "lax"}, account=acct),
            empty := ai_deployment(
                "empty-dep", {"model": MODEL, "raiPolicyName": "Empty"}, account=acct
            ),
        ],
        listed=[listed(acct, RAI_POLICIES)],
        expect=[
            expect(
                lax,
                "fail",
                severity="high",
                observed={"raiPolicies/lax: properties.contentFilters": "none blocking"},
            ),
            expect(empty, "fail"),
        ],
    ),
    case(
        "a blocking custom filter or a built-in default passes, even with policies unread",
        [
            acct := ai_account("oai", {}, kind="OpenAI"),
            rai_policy(
                "strict",
                {
                    "contentFilters": [
                        content_filter("Hate", "Prompt"),
                        content_filter("Jailbreak", "Prompt"),
                    ]
                },
                account=acct,
            ),
            strict := ai_deployment(
                "strict-dep", {"model": MODEL, "raiPolicyName": "strict"}, account=acct
            ),
            default := ai_deployment(
                "default-dep",
                {"model": MODEL, "raiPolicyName": "Microsoft.DefaultV2"},
                account=acct,
            ),
            other := ai_account("ais", {}),
            v1 := ai_deployment(
                "v1", {"model": MODEL, "raiPolicyName": "Microsoft.Default"}, account=other
            ),
        ],
        listed=[listed(acct, RAI_POLICIES)],
        expect=[
            expect(
                strict,
                "pass",
                observed={
                    "raiPolicies/strict: properties.contentFilters": "Hate (Prompt), Jailbreak (Prompt)"
                },
            ),
            expect(default, "pass"),
            expect(v1, "pass"),
        ],
    ),
    case(
        "no name, an unread or unknown custom filter, or unreadable filters are not assessed",
        [
            acct := ai_account("oai", {}, kind="OpenAI"),
            locked := ai_account("oai-locked", {}, kind="OpenAI"),
            rai_policy("junk", {"contentFilters": "all"}, account=acct),
            unnamed := ai_deployment("unnamed", {"model": MODEL}, account=acct),
            unknown := ai_deployment(
                "unknown", {"model": MODEL, "raiPolicyName": "ghost"}, account=acct
            ),
            junk := ai_deployment(
                "junk-dep", {"model": MODEL, "raiPolicyName": "junk"}, account=acct
            ),
            unread := ai_deployment(
                "unread", {"model": MODEL, "raiPolicyName": "custom"}, account=locked
            ),
        ],
        listed=[listed(acct, RAI_POLICIES)],
        gaps=[gap(locked, RAI_POLICIES)],
        expect=[
            expect(unnamed, "not_assessed"),
            expect(unknown, "not_assessed"),
            expect(junk, "not_assessed"),
            expect(unread, "not_assessed"),
        ],
    ),
]
