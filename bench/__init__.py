"""briefgraph's benchmarks: `make bench` (python -m bench). Figures only; tests never time."""
