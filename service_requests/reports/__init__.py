"""Continuous improvement (持续改进): reports on service requests and their exports."""
