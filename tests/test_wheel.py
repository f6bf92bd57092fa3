"""A built wheel, installed in a fresh virtual environment outside the checkout, finds its tier models and runs."""
import json
import subprocess
import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_an_installed_wheel_finds_its_models_and_analyses(tmp_path):
    run = lambda *cmd, **kw: subprocess.run(cmd, capture_output=True, text=True, check=True, **kw)  # noqa: E731
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"),
        str(REPO))
    wheel = next((tmp_path / "dist").glob("bias-*.whl"))
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", str(venv))
    py = venv / "bin" / "python"
    run(str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel))
    # The dependencies come from this environment's site-packages, added as a plain path: its .pth files (among them
    # the editable install of the checkout) are not processed, so only the wheel's `bias` can be imported.
    site = Path(run(str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    where = run(str(py), "-c", "import bias; print(bias.__file__)", cwd=tmp_path).stdout.strip()
    assert where.startswith(str(venv)), where
    out = run(str(venv / "bin" / "bias"), "analyze", str(REPO / "examples" / "harbor_bridge.txt"), "--format", "json",
              cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home())})
    report = json.loads(out.stdout)
    assert report["tool"]["model"] == "bias-mpnet-v3" and report["sentences"]
    assert {s["label"] for s in report["sentences"]} >= {"reported_fact", "attributed_claim"}
    # every tier ships in the wheel (the fast tier's folder is named in pyproject's package data too)
    from bias.config import TIERS

    fast = run(str(venv / "bin" / "bias"), "analyze", str(REPO / "examples" / "harbor_bridge.txt"), "--format", "json",
               "--model", "fast", cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home())})
    assert json.loads(fast.stdout)["tool"]["model"] == TIERS["fast"]
