"""A local S3-compatible server for the object-storage tests: moto's server mode on loopback,
a random port, no network. Each test gets buckets of its own."""

import logging
import os
import uuid
from contextlib import contextmanager

import boto3

REGION = "us-east-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@contextmanager
def moto_server():
    """Yield the endpoint URL of a moto S3 server on 127.0.0.1 (stopped afterwards); the
    process's AWS credentials are fake ones meanwhile, so nothing can reach a real account."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per S3 request otherwise
    saved = {name: os.environ.get(name) for name in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{server._server.server_port}"
    finally:
        server.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def client(endpoint):
    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION)


def new_bucket(endpoint, *, private_bucket=False, prefix="site"):
    """Create a bucket (and a separate private one if asked); return its ``STORAGE_URL``."""
    s3 = client(endpoint)
    name = f"qi-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    url = f"s3://{name}/{prefix}?endpoint_url={endpoint}&region={REGION}"
    if private_bucket:
        s3.create_bucket(Bucket=f"{name}-private")
        url += f"&private_bucket={name}-private"
    return url


def object_keys(endpoint, bucket):
    listing = client(endpoint).list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))
