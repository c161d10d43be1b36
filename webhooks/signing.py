"""How a delivery is signed, so its receiver can tell it came from the newsroom, unchanged and
lately.

    Newsroom-Signature: t=1767225600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd

`t` is when the attempt was signed (Unix seconds) and each `v1` the hex HMAC-SHA256, under an
endpoint's secret, of `t`, a full stop and the request body exactly as sent. While a rotated
secret still signs (webhooks.models.ROTATION_OVERLAP), there are two `v1`, one for each secret.
Receivers recompute it, compare in constant time, and refuse a `t` older than REPLAY_WINDOW (the
README has the few lines of Python that do it).
"""

import hashlib
import hmac
import json

HEADER = "Newsroom-Signature"
# Receivers should refuse a delivery signed longer ago than this (seconds): a replay.
REPLAY_WINDOW = 300


def body(payload):
    """The bytes sent for `payload`: compact JSON, keys in a stable order, UTF-8."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(secret, timestamp, content):
    """The hex HMAC-SHA256 of "<timestamp>.<content>" under `secret`."""
    message = f"{timestamp}.".encode() + content
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secrets, timestamp, content):
    """The Newsroom-Signature value for `content` signed at `timestamp` with each of `secrets`."""
    return ",".join(
        [f"t={timestamp}", *(f"v1={signature(secret, timestamp, content)}" for secret in secrets)]
    )
