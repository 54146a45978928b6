"""`python -m bench`: the speed benchmark (bench/speed.py)."""
from bench.speed import main

main()
