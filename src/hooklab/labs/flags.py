"""Flags: proof that a lab was solved, verifiable by whoever holds the workshop key."""

from __future__ import annotations

import hashlib
import hmac
import os

# Self-study learners have no trainer; their flags use this public key.
SELF_STUDY_KEY = "hooklab-self-study"


def workshop_key() -> str:
    """The key a trainer sets for one workshop (HOOKLAB_WORKSHOP_KEY), or the self-study one."""
    return os.environ.get("HOOKLAB_WORKSHOP_KEY") or SELF_STUDY_KEY


def trainer_key(key: str | None = None) -> str | None:
    """The key a board checks flags with: `key`, else HOOKLAB_WORKSHOP_KEY, else None. Never the
    public self-study key: anyone can make flags with that one, so they would prove nothing."""
    return key or os.environ.get("HOOKLAB_WORKSHOP_KEY") or None


def flag_for(lab_id: str, key: str | None = None) -> str:
    """HOOKLAB{lab id:first 16 hex digits of HMAC-SHA256(key, lab id)}."""
    mac = hmac.new((key or workshop_key()).encode(), lab_id.encode(), hashlib.sha256)
    return f"HOOKLAB{{{lab_id}:{mac.hexdigest()[:16]}}}"


def verify_flag(lab_id: str, flag: str, key: str | None = None) -> bool:
    return hmac.compare_digest(flag_for(lab_id, key), flag)
