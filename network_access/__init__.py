"""Who may read an internal endpoint (/metrics): the address rule the gateway and the action server
share, each with its own setting of the allowed networks."""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_allowed(host: str | None, networks: Iterable[Network]) -> bool:
    """Whether a client address lies in one of the networks. An IPv4 client of a dual-stack socket
    is seen as ::ffff:a.b.c.d and counts as a.b.c.d; no address, or no valid one, is refused."""
    try:
        address = ipaddress.ip_address(host or "")
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in networks)
