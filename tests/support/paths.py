"""Where things are in the repository and where tests leave their artefacts."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The PostgreSQL run, beside the SQLite one (``scripts/run_suites.sh``), leaves its artefacts apart.
ARTIFACTS = ROOT / os.environ.get("OCSO_TEST_ARTIFACTS", "test-artifacts")
