"""``make bench``: every benchmark against one throw-away local wiki, one line each."""

import argparse
import tempfile
from pathlib import Path

from wikiskills.integrations.mediawiki.local_wiki import LocalWiki

from . import (
    badges,
    capstone_impact,
    contributions,
    exercise_check,
    i18n,
    leader_evidence,
    peer_review,
    skills_map,
    skills_matching,
    track_dashboard,
    track_progress,
)
from .report import report

BENCHMARKS = {
    "contributions": contributions.run,
    "capstone-impact": capstone_impact.run,
    "badges": badges.run,
    "exercise-check": exercise_check.run,
    "i18n": i18n.run,
    "leader-evidence": leader_evidence.run,
    "peer-review": peer_review.run,
    "skills-matching": skills_matching.run,
    "skills-map": skills_map.run,
    "track-dashboard": track_dashboard.run,
    "track-progress": track_progress.run,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {', '.join(BENCHMARKS)} (default: all)")
    chosen = parser.parse_args().names or list(BENCHMARKS)
    unknown = sorted(set(chosen) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    with tempfile.TemporaryDirectory(prefix="wikiskills-bench-") as workdir, LocalWiki(Path(workdir)) as wiki:
        for name in chosen:
            report(name, BENCHMARKS[name](wiki))


if __name__ == "__main__":
    main()
