"""The visit counter on a real Redis Cluster (three primaries started here): every Lua script
names each key it touches and all of one site's keys share the site's hash tag, so the
scripts, reads and the flush run on a Cluster as they do on one server."""

import datetime
import io
import shutil
import subprocess
import time
import uuid

import pytest
import time_machine
from django.core.management import call_command

from network.api import working_on
from stats.backends import _BACKENDS, reset_backends
from stats.backends.redis import RedisBackend
from stats.conf import conf
from stats.counter import count_hit
from stats.models import DailyVisits
from tests.pgcluster import missing

from .helpers import CHROME, at

pytestmark = pytest.mark.django_db

T = at(2025, 3, 12, 3, 0, 0)  # Wed 10:00 +07
TODAY = datetime.date(2025, 3, 12)


def _cluster_port() -> int:
    """A free port whose cluster bus port (port + 10000) is free too, so below 55536."""
    import random
    import socket

    for _ in range(200):
        port = random.randint(20000, 45000)  # noqa: S311 (a port, not a secret)
        try:
            for candidate in (port, port + 10000):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", candidate))
        except OSError:
            continue
        return port
    raise RuntimeError("no free pair of ports for a Redis Cluster node")


@pytest.fixture(scope="module")
def redis_cluster(tmp_path_factory):
    """Three cluster-enabled redis-server primaries on loopback, joined with redis-cli."""
    server, cli = shutil.which("redis-server"), shutil.which("redis-cli")
    if not server or not cli:
        missing("needs redis-server and redis-cli (apt-get install -y redis-server)")
    folder = tmp_path_factory.mktemp("redis-cluster")
    ports = [_cluster_port() for _ in range(3)]
    nodes = [
        subprocess.Popen(
            [
                server,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                f"nodes-{port}.conf",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for port in ports
    ]
    try:
        for port in ports:
            for _ in range(50):
                if (
                    subprocess.run([cli, "-p", str(port), "ping"], capture_output=True).stdout.strip()
                    == b"PONG"
                ):
                    break
                time.sleep(0.1)
        subprocess.run(
            [cli, "--cluster", "create", *(f"127.0.0.1:{p}" for p in ports), "--cluster-yes"],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        for _ in range(100):
            info = subprocess.run(
                [cli, "-p", str(ports[0]), "cluster", "info"], capture_output=True, text=True
            )
            if "cluster_state:ok" in info.stdout:
                break
            time.sleep(0.1)
        yield ports
    finally:
        for node in nodes:
            node.terminate()
            node.wait(10)


def test_the_counter_counts_two_sites_on_a_redis_cluster(redis_cluster, settings, other_site):
    from redis.cluster import RedisCluster

    client = RedisCluster(host="127.0.0.1", port=redis_cluster[0], socket_timeout=2)
    settings.REDIS_URL = f"redis://127.0.0.1:{redis_cluster[0]}/0"
    settings.VISIT_REDIS_PREFIX = f"test-vc-{uuid.uuid4().hex[:12]}:"
    reset_backends()
    backend = RedisBackend(settings.REDIS_URL, prefix=settings.VISIT_REDIS_PREFIX, client=client)
    _BACKENDS[conf().store_key] = backend
    try:
        for i in range(1, 4):
            assert count_hit(f"203.0.113.{i}", CHROME, "testserver", now=T) is True
        assert count_hit("203.0.113.1", CHROME, "testserver", now=T) is False  # the same visitor
        with working_on(other_site):
            for i in range(1, 3):
                assert count_hit(f"198.51.100.{i}", CHROME, other_site.domain, now=T) is True
            assert backend.read([TODAY], T)[0] == {TODAY: 2}
        assert backend.read([TODAY], T)[0] == {TODAY: 3}

        # The two sites' keys live where the Cluster puts their hash tags, each site in one slot.
        slots = {client.keyslot(key) for key in backend.keys()}
        assert {
            client.keyslot(backend.key("d", site_id=1)),
            client.keyslot(backend.key("d", site_id=other_site.pk)),
        } == slots

        with time_machine.travel(T, tick=False):
            call_command("flush_visit_counts", stdout=io.StringIO())
        with working_on(other_site):
            assert DailyVisits.objects.get(day=TODAY).visits == 2
        assert DailyVisits.objects.get(day=TODAY).visits == 3
    finally:
        backend.delete_all()
        reset_backends()
