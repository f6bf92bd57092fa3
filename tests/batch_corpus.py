"""Short, hand-written news-like articles for the `bias batch` tests (no shared data is copied into the repo)."""
from __future__ import annotations

HEADLINES = [
    "Council Approves Harbor Budget", "Bridge Reopens After Repairs", "Shocking Secret Deal Exposed!",
    "School Board Delays Vote", "Opinion: The Transit Plan Is a Disaster", "Storm Leaves Thousands Without Power",
    "Mayor Defends Housing Plan", "Hospital Expands Night Clinic", "Water Rates to Rise in Spring",
    "Analysis: Why the Port Deal Matters",
]
SENTENCES = [
    "The city council voted 7-2 on Tuesday to approve the harbor budget.",
    "“We will not back down,” the senator said after the hearing.",
    "This reckless plan is a disgrace and must be stopped before it ruins the city.",
    "Officials familiar with the talks said the agreement could be signed next week.",
    "The bridge reopened on Monday after eight months of repairs.",
    "According to the utility, about 12,000 homes were still without power on Sunday.",
    "Critics say the mayor quietly shipped the contract to a donor's firm.",
    "The board will meet again on May 4.",
    "Residents reportedly waited hours for buses that never came.",
    "It is long past time for the governor to admit that this policy has failed.",
    "The clinic will stay open until 11 p.m. on weekdays, a hospital spokeswoman said.",
    "Water rates will rise by 4 percent in April, according to the published schedule.",
    "Sources told the Herald the deal was worth more than $40 million.",
    "Transit ridership fell 3 percent last year, the agency's annual report shows.",
]
OUTLETS = ["Herald", "Tribune", "Gazette"]


def article(i: int, n_sentences: int = 3) -> str:
    """Article ``i``: a headline and ``n_sentences`` body sentences picked deterministically from the pool."""
    body = [SENTENCES[(i * 5 + k * 3) % len(SENTENCES)] for k in range(n_sentences)]
    return HEADLINES[i % len(HEADLINES)] + "\n\n" + " ".join(body[:2]) + ("\n\n" + " ".join(body[2:]) if
                                                                          body[2:] else "")


def corpus(n: int) -> list[dict]:
    return [{"id": f"art-{i:03d}", "text": article(i, 2 + i % 3), "outlet": OUTLETS[i % 3], "year": 2020 + i % 2}
            for i in range(n)]
