import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def seed_text() -> str:
    path = SHARED / "seed_article.txt"
    if not path.exists():
        pytest.skip("../shared/seed_article.txt is not beside the repository")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def analyzer():
    """The real shipped model, loaded once per test session."""
    from bias import Analyzer

    return Analyzer.load()


@pytest.fixture(scope="session")
def seed_report(analyzer, seed_text):
    return analyzer.analyze(seed_text)


@pytest.fixture(scope="session")
def datasets_root():
    path = SHARED / "datasets"
    if not path.is_dir():
        pytest.skip("../shared/datasets is not beside the repository")
    return path
