"""Benchmarks at national scale. Run ``python -m bench.run --help``; results are in bench/README.md."""
