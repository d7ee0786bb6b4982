"""Client addresses: which one a request came from, and the network it stands for.

Pure functions of the strings a request carries (REMOTE_ADDR, X-Forwarded-For) and of the
networks of the proxies this site trusts, so the visit counter, the rate limits, the login
lockout and the security log all name a client by the same rule.

The rule: REMOTE_ADDR is the client, unless it is a trusted proxy; then X-Forwarded-For is
read from the right, skipping trusted proxies, and the first address not ours is the client.
Anything a client writes to the left of that is ignored, so a made-up header neither buys a
fresh budget, nor spends someone else's, nor inflates the visit counts.
"""

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Network:
    """An IP network as integers: membership is a mask and a compare."""

    size: int  # 4 or 16 bytes
    address: int
    mask: int

    def __contains__(self, packed: bytes) -> bool:
        return len(packed) == self.size and int.from_bytes(packed, "big") & self.mask == self.address


def packed_ip(ip: str) -> bytes | None:
    """The address as 4 or 16 bytes, or None when it is not one (inet_pton: C, strict)."""
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            return socket.inet_pton(family, ip)
        except (OSError, ValueError):
            continue
    return None


def parse_network(text: str) -> Network | None:
    """ "10.0.0.0/8", "2001:db8::/32" or a single address; None when it is not one."""
    address, _, length = text.strip().partition("/")
    packed = packed_ip(address)
    if packed is None:
        return None
    bits = len(packed) * 8
    try:
        prefix = int(length) if length else bits
    except ValueError:
        return None
    if not 0 <= prefix <= bits:
        return None
    mask = ((1 << bits) - 1) ^ ((1 << (bits - prefix)) - 1)
    return Network(len(packed), int.from_bytes(packed, "big") & mask, mask)


def parse_networks(texts: Iterable[str]) -> tuple[Network, ...]:
    """The networks among `texts`; entries that are not one are left out."""
    networks = (parse_network(text) for text in texts)
    return tuple(n for n in networks if n is not None)


def _is_trusted(packed: bytes, networks: tuple[Network, ...]) -> bool:
    return any(packed in network for network in networks)


def client_address(remote_addr: str, forwarded_for: str, trusted: tuple[Network, ...]) -> str:
    """REMOTE_ADDR, or the client named by X-Forwarded-For when REMOTE_ADDR is a trusted proxy
    (read from the right, skipping trusted proxies; see the module's rule)."""
    packed = packed_ip(remote_addr) if trusted else None
    if packed is None or not _is_trusted(packed, trusted):
        return remote_addr
    client = remote_addr
    for hop in reversed([hop for hop in (h.strip() for h in forwarded_for.split(",")) if hop]):
        packed = packed_ip(hop)
        if packed is None:
            break
        client = hop
        if not _is_trusted(packed, trusted):
            break
    return client


def normalise_ip(ip: str) -> str:
    """The IPv4 address, or the /64 network of an IPv6 address ("" when not an address).

    Privacy addresses rotate inside a /64, and a /64 is the block one household or office is
    given, so the /64 is what identifies one client's network. An IPv4-mapped IPv6 address
    ("::ffff:203.0.113.9") is the IPv4 address it carries.
    """
    try:  # the common case, in C: an IPv4 address in its usual form
        return socket.inet_ntop(socket.AF_INET, socket.inet_pton(socket.AF_INET, ip.strip()))
    except (OSError, ValueError):
        pass
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ""
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False).network_address) + "/64"
    return str(address)
