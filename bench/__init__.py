"""Measurements kept out of the tests' pass/fail (speed, learning time, constraint cost)."""
