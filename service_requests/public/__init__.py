"""The public side of service requests: the request form (wizard), tracking and the survey."""
