"""AML116: storage account key age (keyCreationTime) and key expiration policy."""

from tests.rules.shapes import case, expect, storage_account

RULE = "AML116"
NOW = "2026-12-01T00:00:00+00:00"
RECENT = {"key1": "2026-11-01T00:00:00Z", "key2": "2026-10-15T00:00:00Z"}
POLICY = {"keyExpirationPeriodInDays": 60}

CASES = [
    case(
        "keys rotated within 90 days and a 60-day policy passes",
        [sa := storage_account("sarecent", {"keyCreationTime": RECENT, "keyPolicy": POLICY})],
        now=NOW,
        expect=[expect(sa, "pass")],
    ),
    case(
        "a key older than 90 days fails",
        [
            sa := storage_account(
                "saold",
                {
                    "keyCreationTime": {"key1": "2026-01-01T00:00:00Z", "key2": RECENT["key2"]},
                    "keyPolicy": POLICY,
                },
            )
        ],
        now=NOW,
        expect=[
            expect(
                sa,
                "fail",
                severity="medium",
                message="Storage account 'saold' allows Shared Key access and key1 is 334 days old",
            )
        ],
    ),
    case(
        "null keyCreationTime: not rotated since Azure began recording, fails",
        [
            sa := storage_account(
                "sanull", {"keyCreationTime": {"key1": None, "key2": None}, "keyPolicy": POLICY}
            )
        ],
        now=NOW,
        expect=[
            expect(
                sa,
                "fail",
                message=(
                    "Storage account 'sanull' allows Shared Key access and key1 has not been "
                    "rotated since Azure began recording; key2 has not been rotated since Azure "
                    "began recording"
                ),
            )
        ],
    ),
    case(
        "no key expiration policy fails (an account without one omits keyPolicy)",
        [sa := storage_account("sanopolicy", {"keyCreationTime": RECENT})],
        now=NOW,
        expect=[expect(sa, "fail")],
    ),
    case(
        "a 30-day limit fails a 60-day policy and a 47-day-old key",
        [sa := storage_account("sa30", {"keyCreationTime": RECENT, "keyPolicy": POLICY})],
        now=NOW,
        settings={"max_age_days": 30},
        expect=[expect(sa, "fail")],
    ),
    case(
        "Shared Key access disallowed: the keys open nothing, no result",
        [storage_account("sanokey", {"allowSharedKeyAccess": False})],
        now=NOW,
        expect=[],
    ),
    case(
        "keyCreationTime not returned: not assessed",
        [sa := storage_account("saunknown", {"keyPolicy": POLICY})],
        now=NOW,
        expect=[expect(sa, "not_assessed")],
    ),
    case(
        "a key time that is not a time: not assessed",
        [
            sa := storage_account(
                "sajunk",
                {"keyCreationTime": {"key1": "soon", "key2": RECENT["key2"]}, "keyPolicy": POLICY},
            )
        ],
        now=NOW,
        expect=[expect(sa, "not_assessed")],
    ),
]
