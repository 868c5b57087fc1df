"""Domain models of service requests."""
