"""Print a ledger-check article with character offsets, for annotating it by hand (nothing is written).

    python tools/ledger_check_show.py polnear:dev/breitbart_2016-10-04_bill-clinton-calls-obamacare-cra

Each paragraph is printed with the offset of its first character in the article text of ../shared/datasets (the
offsets data/ledger_check/sources.tsv uses). Only for reading: never paste the output into the repository.
"""
from __future__ import annotations

import re
import sys

from bias.corpora.ledger_check import ledger_check_texts


def main(keys: list[str]) -> None:
    texts = ledger_check_texts(keys)
    for key in keys:
        text = texts[key]
        print(f"===== {key} ({len(text)} chars)")
        for m in re.finditer(r"[^\n]+", text):
            print(f"[{m.start()}] {m.group(0)}")


if __name__ == "__main__":
    main(sys.argv[1:])
