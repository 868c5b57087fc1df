"""Files of a request in the private storage: random stored names (the enterprise's file name is
kept apart, in ``RequestFile.original_name``)."""

import posixpath
import uuid

from service_requests.storage import REQUEST_FILES_PREFIX, private_storage


def private_name(extension, now):
    """A random name in the request storage; the enterprise's file name is kept apart."""
    return f"{REQUEST_FILES_PREFIX}/{now:%Y/%m}/{uuid.uuid4().hex}.{extension.lstrip('.')}"


def copy_upload(upload, now):
    extension = posixpath.splitext(upload.tmp_name)[1]
    with private_storage.open(upload.tmp_name) as source:
        return private_storage.save(private_name(extension, now), source)


def delete_files(names):
    for name in names:
        private_storage.delete(name)
