"""The options `scan` and `collect` share for reading a live tenant, and the source they build."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING, Any

from auditor.core.errors import ConfigError
from auditor.sources.live.tuning import DEFAULT_CONCURRENCY, MAX_CONCURRENCY

if TYPE_CHECKING:
    from auditor.sources.live import LiveSource

# The Azure SDK is imported only when a live source is built, so snapshot scans and `rules`
# start fast.
AUTH_METHODS = ("default", "cli", "managed-identity", "env", "workload-identity", "token")
CLOUD_NAMES = ("public", "usgov", "china")
_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def _concurrency(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= MAX_CONCURRENCY:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_CONCURRENCY}")
    return value


def add_live_options(parser: Any, title: str = "live tenant") -> None:
    group = parser.add_argument_group(title)
    group.add_argument(
        "--subscription",
        action="append",
        default=[],
        metavar="ID",
        help="audit this subscription (repeatable; default: every subscription the credential "
        "can read)",
    )
    group.add_argument(
        "--auth",
        choices=AUTH_METHODS,
        default="default",
        help="credential: default (DefaultAzureCredential), cli (az login), managed-identity, "
        "env (service principal from AZURE_* variables), workload-identity, token (an ARM "
        "access token in AML_AUDIT_ACCESS_TOKEN)",
    )
    group.add_argument(
        "--cloud",
        choices=CLOUD_NAMES,
        default="public",
        help="Azure cloud: ARM endpoint, sign-in authority and token scope (default: public)",
    )
    group.add_argument(
        "--arm-endpoint",
        metavar="URL",
        default=None,
        help="send ARM requests here instead of the cloud's endpoint (https only; trust a "
        "private CA with REQUESTS_CA_BUNDLE)",
    )
    group.add_argument(
        "--concurrency",
        type=_concurrency,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"requests in flight at once (default: {DEFAULT_CONCURRENCY})",
    )
    group.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress display on stderr",
    )


def live_source(args: argparse.Namespace) -> LiveSource:
    from auditor.sources.live import LiveSource
    from auditor.sources.live.auth import (
        HINTS,
        AuthMethod,
        build_credential,
        parse_cloud,
        resolve_endpoint,
    )

    cloud = parse_cloud(args.cloud)
    endpoint = resolve_endpoint(cloud, args.arm_endpoint)
    method = AuthMethod(args.auth)
    subscriptions = [s.strip() for s in args.subscription if s.strip()]
    for subscription in subscriptions:
        # A subscription's name (which az accepts) was read as an id and reported, after the
        # whole scan, as a subscription that could not be found: refuse it up front.
        if not _GUID.fullmatch(subscription):
            raise ConfigError(
                f"--subscription {subscription!r} is not a subscription id "
                "(expected a GUID such as 00000000-0000-0000-0000-000000000000; "
                "`az account list -o table` shows the ids of yours)"
            )
    return LiveSource(
        build_credential(method, cloud),
        endpoint=endpoint,
        scopes=(cloud.scope,),
        subscriptions=subscriptions,
        concurrency=args.concurrency,
        auth_hint=HINTS[method],
    )
