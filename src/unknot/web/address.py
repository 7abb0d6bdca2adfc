"""This machine's address on the local network, found without sending a packet."""

from __future__ import annotations

import ipaddress
import socket

# Documentation addresses (RFC 5737, RFC 3849): no host answers them, and connect() on a UDP socket only
# asks the kernel for a route to them, which is the default route, the one a phone on the Wi-Fi shares.
_ROUTE_PROBE = {socket.AF_INET: ("192.0.2.1", 9), socket.AF_INET6: ("2001:db8::1", 9)}


def lan_address(family: socket.AddressFamily = socket.AF_INET) -> str | None:
    """The address other machines on the network reach this one by, or None (no network, loopback only).

    A UDP socket's ``connect()`` picks the outgoing interface and sets the socket's own address; UDP has no
    handshake, so nothing is sent. The host name is no help: Debian maps it to 127.0.1.1.
    """
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.connect(_ROUTE_PROBE[family])
            address = str(probe.getsockname()[0]).split("%", 1)[0]
    except (OSError, KeyError):
        return None
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if ip.is_loopback or ip.is_unspecified or ip.is_link_local:
        return None
    return address


def url_host(host: str) -> str:
    """``host`` as it goes in a URL (an IPv6 address in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
