"""Server benchmarks of issue 7 against a real `paperlens serve` on 127.0.0.1 (see --help):

.venv/bin/python scripts/bench_server.py [--json FILE] [--quick] [--only page_known,...]
"""

import sys
from pathlib import Path

# The harness lives beside the package, not in it (bench/).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import main

if __name__ == "__main__":
    main()
