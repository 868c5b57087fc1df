"""Bounded load test: locust against gunicorn on loopback, PostgreSQL and Redis (``python -m
bench.load``). Not part of the pytest suite."""
