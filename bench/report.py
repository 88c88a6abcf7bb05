"""One line per benchmark on stdout, and the same figures as JSON under bench/results/."""

import json
import platform
from datetime import UTC, datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).parent / "results"


def _format(value):
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def report(name, figures):
    """Print ``bench: NAME: key=value ...`` and write ``bench/results/NAME.json``."""
    print(f"bench: {name}: " + " ".join(f"{key}={_format(value)}" for key, value in figures.items()), flush=True)
    RESULTS_DIR.mkdir(exist_ok=True)
    record = {
        "benchmark": name,
        "figures": figures,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    (RESULTS_DIR / f"{name}.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
