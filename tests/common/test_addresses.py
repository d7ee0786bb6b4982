"""The client address and its network, as pure functions of what a request carries."""

import pytest

from common.addresses import client_address, normalise_ip, parse_network, parse_networks

PROXIES = parse_networks(["127.0.0.1", "10.0.0.0/8"])


def test_a_direct_client_is_its_remote_address():
    assert client_address("203.0.113.7", "", PROXIES) == "203.0.113.7"


def test_a_spoofed_header_from_an_untrusted_peer_is_ignored():
    assert client_address("198.51.100.7", "192.0.2.99", PROXIES) == "198.51.100.7"


def test_no_trusted_proxies_means_the_header_is_never_read():
    assert client_address("127.0.0.1", "203.0.113.7", ()) == "127.0.0.1"


def test_a_trusted_proxy_names_the_client():
    assert client_address("127.0.0.1", "203.0.113.7", PROXIES) == "203.0.113.7"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    chain = "192.0.2.1, 203.0.113.7, 10.1.2.3, 10.0.0.5"
    assert client_address("127.0.0.1", chain, PROXIES) == "203.0.113.7"


def test_what_a_client_writes_left_of_its_own_address_is_ignored():
    assert client_address("10.0.0.2", "192.0.2.1, 203.0.113.20", PROXIES) == "203.0.113.20"


def test_garbage_in_the_header_stops_the_walk_at_the_last_good_hop():
    assert client_address("127.0.0.1", "203.0.113.7, not-an-ip", PROXIES) == "127.0.0.1"
    assert client_address("127.0.0.1", "garbage, 10.0.0.9", PROXIES) == "10.0.0.9"
    assert client_address("127.0.0.1", " , ,", PROXIES) == "127.0.0.1"


def test_an_unparsable_remote_address_is_returned_as_it_is():
    assert client_address("", "203.0.113.7", PROXIES) == ""
    assert client_address("unix:/run/gunicorn.sock", "203.0.113.7", PROXIES) == "unix:/run/gunicorn.sock"


def test_an_ipv6_proxy_and_client():
    proxies = parse_networks(["2001:db8:ffff::/48"])
    assert client_address("2001:db8:ffff::1", "2001:db8:1:2::10", proxies) == "2001:db8:1:2::10"


def test_entries_that_are_not_networks_are_left_out():
    assert parse_networks(["10.0.0.0/8", "proxy.local", "10.0.0.0/33", "", "::1/abc"]) == (
        parse_network("10.0.0.0/8"),
    )


@pytest.mark.parametrize(
    ("ip", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        (" 203.0.113.9 ", "203.0.113.9"),
        ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd:12::/64"),
        ("2001:db8:abcd:12::99", "2001:db8:abcd:12::/64"),
        ("::ffff:198.51.100.234", "198.51.100.234"),
        ("", ""),
        ("not-an-ip", ""),
        ("999.1.1.1", ""),
    ],
)
def test_an_address_stands_for_its_ipv4_address_or_its_ipv6_slash_64(ip, expected):
    assert normalise_ip(ip) == expected


def test_two_addresses_of_one_slash_64_are_one_network_and_the_next_is_another():
    assert normalise_ip("2001:db8:1:2::10") == normalise_ip("2001:db8:1:2::99")
    assert normalise_ip("2001:db8:1:2::10") != normalise_ip("2001:db8:1:3::10")
