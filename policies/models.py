"""Domain models of the policy library."""
