"""The quick start in Python: OAuth applications, a scope TTL policy kept in code, and a secret
rotation whose new secret is delivered to a file and kept out of the Pulumi state.

The same inventory as examples/yaml, through the Python SDK (pulumi_bringg) of the native provider.
"""

import os

import pulumi
import pulumi_bringg as bringg

config = pulumi.Config()
# Bump it (`pulumi config set rotation 2026-Q2`) and the next `pulumi up` rotates the secret.
rotation = config.get("rotation") or "2026-Q1"

# One application per consumer, each with the least scopes it needs. Bringg creates applications
# disabled; `enabled=True` lets tokens be issued for them.
dashboards = bringg.Application("dashboards", scopes=["tasks_read", "users_read"], enabled=True)
dispatch = bringg.Application("dispatch", scopes=["tasks_read", "tasks_write"], enabled=True)
# Kept disabled until the partner's go-live: no token can be issued for it.
partner_reports = bringg.Application(
    "partnerReports", name="partner-reports", scopes=["tasks_read"], enabled=False
)

# Token lifetimes the security team signed off; scopes not listed keep Bringg's defaults.
ttl_policy = bringg.ScopeTtls("ttlPolicy", ttls={"tasks_write": "15m", "users_read": "2h"})

# The dispatch integration's secret, rotated when `rotation` changes, written to a file the
# integration reads (an absolute path: the provider does not run in the program's folder), and
# kept out of the Pulumi state.
dispatch_secret = bringg.SecretRotation(
    "dispatchSecret",
    client_id=dispatch.client_id,
    triggers={"rotation": rotation},
    deliver_to=[
        bringg.DeliveryTargetArgs(
            file=bringg.FileTargetArgs(path=os.path.join(os.getcwd(), "secrets", "dispatch.json"))
        )
    ],
    keep_secret_in_state=False,
)

pulumi.export("dashboardsClientId", dashboards.client_id)
# A Pulumi secret: encrypted in the state, `[secret]` in `pulumi stack output`.
pulumi.export("dashboardsClientSecret", dashboards.client_secret)
pulumi.export("dispatchClientId", dispatch_secret.client_id)
# Non-secret, for audit: which secret is live, and how many rotations it took.
pulumi.export("dispatchSecretFingerprint", dispatch_secret.fingerprint)
pulumi.export("dispatchSecretVersion", dispatch_secret.version)
pulumi.export("ttls", ttl_policy.ttls)
