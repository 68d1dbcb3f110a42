"""Server benchmarks of issue 7 against a real `paperlens serve` on 127.0.0.1 (see --help):

.venv/bin/python scripts/bench_server.py [--json FILE] [--quick] [--only page_known,...]
"""

from paperlens.benchmarks import main

if __name__ == "__main__":
    main()
