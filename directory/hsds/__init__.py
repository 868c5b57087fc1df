"""Open Referral HSDS 3.0 import and export of the directory (``export`` and ``importer``)."""
