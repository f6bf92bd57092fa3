"""The sentence label set, shared by training, inference and evaluation (definitions: docs/annotation.md)."""
from __future__ import annotations

LABELS: tuple[str, ...] = ("reported_fact", "attributed_claim", "opinion")
LABEL_TO_ID = {name: i for i, name in enumerate(LABELS)}

# Partial labels: several corpora say only which labels a sentence is *not*. CheckThat "OBJ" means
# reported_fact or attributed_claim; a PolNeAR sentence outside every attribution is reported_fact or opinion.
NOT_OPINION = ("reported_fact", "attributed_claim")
NOT_CLAIM = ("reported_fact", "opinion")

SHORT = {"reported_fact": "fact", "attributed_claim": "claim", "opinion": "opinion"}


def label_mask(allowed: tuple[str, ...] | list[str]) -> list[float]:
    """A 0/1 vector over LABELS marking the labels a (partial) annotation allows."""
    unknown = set(allowed) - set(LABELS)
    if unknown:
        raise ValueError(f"unknown labels {sorted(unknown)}")
    return [1.0 if name in allowed else 0.0 for name in LABELS]
