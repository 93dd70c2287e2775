"""Which addresses a webhook may be sent to.

An editor types the address, and the CMS then posts to it from inside the
hosting network, so the address is checked twice: when the endpoint is saved,
and again before every attempt, since what a host name points to can change
after it was saved. The connection then goes to the very address that was
checked (``transport.py``), so a name cannot be re-pointed between the check
and the request.
"""

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.core.exceptions import ValidationError

from .conf import setting

MAX_URL_LENGTH = 2000
SCHEMES = {"http": 80, "https": 443}
_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
# Everything printable in ASCII stays as typed; other characters are
# percent-encoded as UTF-8, the way browsers send them.
_SAFE = "".join(chr(code) for code in range(33, 127))


class Problem(Exception):
    """Something that stopped a message, with ``message`` saying why in words."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class AddressProblem(Problem):
    """Why an address may not be used, in words for the editor who typed it."""


@dataclass(frozen=True)
class Target:
    """A checked webhook address, split the way the request needs it."""

    scheme: str
    host: str
    port: int
    path: str

    @property
    def origin(self):
        """scheme://host[:port], safe to show: no path, where tokens may live."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        if self.port == SCHEMES[self.scheme]:
            return f"{self.scheme}://{host}"
        return f"{self.scheme}://{host}:{self.port}"


def parse(url):
    """The parts of ``url``, or AddressProblem if it cannot be a webhook address."""
    if not isinstance(url, str) or not url:
        raise AddressProblem("Enter the address to send messages to.")
    if len(url) > MAX_URL_LENGTH:
        raise AddressProblem(
            f"The address is {len(url)} characters long; it can have at most "
            f"{MAX_URL_LENGTH}."
        )
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in url):
        raise AddressProblem("The address contains spaces or invisible characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise AddressProblem(
            "This is not a valid web address, e.g. https://example.com/hooks/cms."
        ) from exc
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise AddressProblem("The address must start with https:// (or http://).")
    if "@" in parts.netloc:
        raise AddressProblem(
            "Remove the user name and password from the address. The signature "
            "on each message proves it comes from this CMS."
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise AddressProblem(
            "The address needs a host name, e.g. https://example.com/hooks/cms."
        )
    if not _valid_host(host):
        raise AddressProblem(f"“{host}” is not a valid host name.")
    path = quote(parts.path or "/", safe=_SAFE)
    if parts.query:
        path = f"{path}?{quote(parts.query, safe=_SAFE)}"
    return Target(scheme, host, port or SCHEMES[scheme], path)


def _valid_host(host):
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_host.split(".")
    return len(ascii_host) <= 253 and all(_LABEL.match(label) for label in labels)


def is_public(address):
    """True for an address on the public internet.

    Loopback, private, link-local (cloud metadata services live there), shared,
    reserved and multicast addresses are all refused, IPv4 ones also when they
    arrive wrapped in IPv6.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        if any(ip in network for network in _IPV6_REFUSED):
            return False
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo or (None, None))[1]
        if embedded is None and any(ip in net for net in _IPV6_CARRYING_IPV4):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            ip = embedded
    return ip.is_global and not ip.is_multicast


# IPv6 forms that carry an IPv4 address in their last 32 bits, reaching it
# through a translator (NAT64) or as the old "compatible" form: judged by that
# IPv4 address. 6to4 and Teredo are unwrapped by ipaddress itself.
_IPV6_CARRYING_IPV4 = [
    ipaddress.ip_network("64:ff9b::/96"),
    ipaddress.ip_network("64:ff9b:1::/48"),
    ipaddress.ip_network("::/96"),
]
# Site-local, deprecated but still routed inside some networks.
_IPV6_REFUSED = [ipaddress.ip_network("fec0::/10")]


def resolve(target, allow_private=None):
    """The addresses ``target.host`` points to now, each of them allowed.

    Refuses the whole name when any of its addresses is not public, so that a
    name cannot mix a public address with an internal one.
    """
    if allow_private is None:
        allow_private = setting("ALLOW_PRIVATE_ADDRESSES")
    try:
        found = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise AddressProblem(
            f"The host name “{target.host}” could not be found. Check the spelling."
        ) from exc
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                raise AddressProblem(
                    f"“{target.host}” is a private or local address ({address}). "
                    "Webhooks can only be sent to public internet addresses."
                )
    return addresses


def validate_url(value):
    """Form and model validator: a well-formed address that may be reached."""
    try:
        target = parse(value)
        if not setting("ALLOW_PRIVATE_ADDRESSES"):
            resolve(target, allow_private=False)
    except AddressProblem as problem:
        raise ValidationError(problem.message, code="webhook_url") from problem
