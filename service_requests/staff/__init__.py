"""The staff side of service requests in the Wagtail admin: listing, casework, exports."""
