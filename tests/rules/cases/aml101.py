"""Cases of AML101: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import (
    ONLINE_ENDPOINTS,
    batch_endpoint,
    case,
    expect,
    gap,
    guid,
    online_endpoint,
    subscription_scope,
    workspace,
)

RULE = "AML101"

CASES = [
    case(
        "key auth on online and batch endpoints fails, any case",
        [
            on_key := online_endpoint("on-key", {"authMode": "Key"}),
            batch_key := batch_endpoint("batch-key", {"authMode": "key"}),
        ],
        expect=[expect(on_key, "fail", severity="high"), expect(batch_key, "fail")],
    ),
    case(
        "entra id and aml token pass",
        [
            on_aad := online_endpoint("on-aad", {"authMode": "AADToken"}),
            on_aml := online_endpoint("on-aml", {"authMode": "AMLToken"}),
            batch_aad := batch_endpoint("batch-aad", {"authMode": "AADToken"}),
        ],
        expect=[expect(on_aad, "pass"), expect(on_aml, "pass"), expect(batch_aad, "pass")],
    ),
    case(
        "absent authMode is not assessed",
        [on_none := online_endpoint("on-none")],
        expect=[expect(on_none, "not_assessed")],
    ),
    case(
        "an unreadable subscription is not assessed, never pass",
        [],
        gaps=[gap(subscription_scope(guid(2)), message="no access")],
        expect=[expect(subscription_scope(guid(2)), "not_assessed")],
    ),
    case(
        "an unreadable endpoint collection is not assessed",
        [],
        gaps=[gap(workspace("ws"), ONLINE_ENDPOINTS)],
        expect=[expect(workspace("ws"), "not_assessed")],
    ),
    case(
        "other resource types give no result",
        [workspace("ws", {"publicNetworkAccess": "Enabled"})],
        expect=[],
    ),
    case(
        "an authMode the rule does not know is not assessed, never pass",
        [
            weird_online := online_endpoint("weird-online", {"authMode": "Certificate"}),
            weird_batch := batch_endpoint("weird-batch", {"authMode": "Certificate"}),
        ],
        expect=[expect(weird_online, "not_assessed"), expect(weird_batch, "not_assessed")],
    ),
]
