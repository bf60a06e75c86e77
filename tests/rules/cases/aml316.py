"""Cases of AML316: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import case, expect, storage_account, workspace

RULE = "AML316"

CASES = [
    case(
        "anonymous access allowed fails: true, absent and null (documented as permitted)",
        [
            st_true := storage_account("sttrue", {"allowBlobPublicAccess": True}),
            st_absent := storage_account("stabsent"),
            st_null := storage_account("stnull", {"allowBlobPublicAccess": None}),
            workspace("ws1", {"storageAccount": st_true["id"]}),
            workspace("ws2", {"storageAccount": st_absent["id"]}),
            workspace("ws3", {"storageAccount": st_null["id"]}),
        ],
        expect=[
            expect(st_true, "fail", severity="high"),
            expect(
                st_absent,
                "fail",
                observed={
                    "properties.allowBlobPublicAccess": "absent (default: true (not set: anonymous access permitted))"
                },
            ),
            expect(st_null, "fail"),
        ],
    ),
    case(
        "false passes",
        [
            st := storage_account("stprivate", {"allowBlobPublicAccess": False}),
            workspace("ws", {"storageAccount": st["id"]}),
        ],
        expect=[expect(st, "pass")],
    ),
    case(
        "junk is not assessed; a workspace naming a deleted account fails",
        [
            st := storage_account("stjunk", {"allowBlobPublicAccess": "perhaps"}),
            workspace("ws", {"storageAccount": st["id"]}),
            ws_gone := workspace("ws-gone", {"storageAccount": storage_account("stgone")["id"]}),
        ],
        missing=[storage_account("stgone")["id"]],
        expect=[expect(st, "not_assessed"), expect(ws_gone, "fail")],
    ),
]
