"""IP blocks the way the 1.34 API server reads them (``netutils.ParseCIDRSloppy``).

With the default feature gates of Kubernetes 1.34 (``StrictIPCIDRValidation`` is alpha and
off) a NetworkPolicy CIDR is parsed by Go's ``net.ParseCIDR``, retried once with leading
zeros stripped from the numbers. So:

* there must be a ``/``; a bare address (``10.0.0.5``) is not a CIDR;
* IPv4 is four decimal fields of 0..255; leading zeros are read as decimal (``010`` = 10);
* IPv6 as Go reads it (``::``, an embedded IPv4 tail), never with a ``%zone``;
* the prefix length is ASCII digits only (leading zeros allowed), at most 32 or 128;
* host bits are allowed: ``10.0.0.1/24`` is stored as written and means ``10.0.0.0/24``.

The result keeps Go's representation (a 4- or 16-byte network address and a 4- or 16-byte
mask), because ``except`` containment and Pod address matching follow Go's
``IPNet.Contains`` and ``IPMask.Size`` exactly, including for IPv4-mapped IPv6 blocks.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

_V4_IN_V6 = bytes(10) + b"\xff\xff"
_BIG = 0xFFFFFF  # Go's dtoi gives up at this value


@dataclass(frozen=True)
class IPNet:
    """A parsed block: ``ip`` is the masked network address (4 or 16 bytes), ``mask``
    the mask (4 or 16 bytes), ``address`` the address as written (16 bytes), ``bits``
    the prefix length as written."""

    ip: bytes
    mask: bytes
    address: bytes
    bits: int

    @property
    def mask_size(self) -> int:
        """``IPMask.Size()``: the number of leading ones."""
        ones = 0
        for byte in self.mask:
            if byte == 0xFF:
                ones += 8
                continue
            while byte & 0x80:
                ones += 1
                byte = (byte << 1) & 0xFF
            break
        return ones

    @property
    def is_ipv4(self) -> bool:
        return len(self.ip) == 4

    def contains(self, ip: bytes) -> bool:
        """``IPNet.Contains`` for an address of 4 or 16 bytes."""
        nn = _to4(self.ip)
        if nn is None:
            nn = self.ip
            if len(nn) != 16:
                return False
        m = self.mask
        if len(m) == 4:
            if len(nn) != 4:
                return False
        elif len(m) == 16:
            if len(nn) == 4:
                m = m[12:]
        else:  # pragma: no cover - never built
            return False
        x = _to4(ip)
        if x is not None:
            ip = x
        if len(ip) != len(nn):
            return False
        return all(nn[i] & m[i] == ip[i] & m[i] for i in range(len(ip)))

    def canonical(self) -> str:
        """The block as Go's ``IPNet.String()`` writes it (``10.0.0.0/24``; an IPv4-mapped
        IPv6 block is written as its IPv4 part)."""
        mask = self.mask[12:] if len(self.mask) == 16 and _to4(self.ip) is not None else self.mask
        ones = IPNet(self.ip, mask, self.address, self.bits).mask_size
        return f"{_ip_string(self.ip)}/{ones}"

    def host_bits_set(self) -> bool:
        """Whether the address as written has bits beyond the prefix (``10.0.0.1/24``)."""
        written = _to4(self.address) if self.is_ipv4 else self.address
        return written != self.ip

    def single_address(self) -> str:
        """``10.0.0.1/32``: the written address as a one-address block."""
        written = _to4(self.address) if self.is_ipv4 else self.address
        assert written is not None
        return f"{_ip_string(written)}/{len(self.mask) * 8}"


def _to4(ip: bytes) -> bytes | None:
    if len(ip) == 4:
        return ip
    if len(ip) == 16 and ip[:12] == _V4_IN_V6:
        return ip[12:]
    return None


def _ip_string(ip: bytes) -> str:
    v4 = _to4(ip)
    if v4 is not None:
        return ".".join(str(b) for b in v4)
    return str(ipaddress.IPv6Address(ip))


def _dtoi(s: str) -> int | None:
    """Go's ``dtoi`` on the whole string: ASCII digits only, leading zeros allowed."""
    if not s:
        return None
    n = 0
    for ch in s:
        if not "0" <= ch <= "9":
            return None
        n = n * 10 + ord(ch) - 48
        if n >= _BIG:
            return None
    return n


def _ipv4_fields(s: str) -> bytes | None:
    parts = s.split(".")
    if len(parts) != 4:
        return None
    out = bytearray()
    for part in parts:
        n = _dtoi(part)
        if n is None or n > 255:
            return None
        out.append(n)
    return bytes(out)


def parse_ip(s: str) -> tuple[bytes, int] | None:
    """``(16-byte address, bit length)`` like ``ParseIPSloppy`` then ``netip.Addr``:
    32 for IPv4, 128 for IPv6 (an IPv4-mapped IPv6 literal included), None if invalid."""
    if not s or not s.isascii() or "%" in s:
        return None
    if ":" not in s:
        v4 = _ipv4_fields(s)
        return (_V4_IN_V6 + v4, 32) if v4 is not None else None
    head, _sep, tail = s.rpartition(":")
    if "." in tail:  # an embedded IPv4 address (leading zeros stripped like the sloppy parser)
        v4 = _ipv4_fields(tail)
        if v4 is None:
            return None
        s = f"{head}:{v4[0] << 8 | v4[1]:x}:{v4[2] << 8 | v4[3]:x}"
    try:
        return ipaddress.IPv6Address(s).packed, 128
    except ValueError:
        return None


def _mask(ones: int, bits: int) -> bytes:
    value = ((1 << bits) - 1) ^ ((1 << (bits - ones)) - 1)
    return value.to_bytes(bits // 8, "big")


def parse_cidr(s: str) -> IPNet | None:
    """``netutils.ParseCIDRSloppy``: the block, or None when the API server rejects it."""
    addr, sep, prefix = s.partition("/")
    if not sep:
        return None
    parsed = parse_ip(addr)
    if parsed is None:
        return None
    address, bits = parsed
    n = _dtoi(prefix)
    if n is None or n > bits:
        return None
    mask = _mask(n, bits)
    if bits == 32:
        ip = bytes(a & b for a, b in zip(address[12:], mask))
    else:
        ip = bytes(a & b for a, b in zip(address, mask))
    return IPNet(ip=ip, mask=mask, address=address, bits=n)


def parse_address(s: str) -> bytes | None:
    """A Pod or node address (IPv4 or IPv6) as Go's ``net.IP`` (16 bytes), or None."""
    parsed = parse_ip(s)
    return parsed[0] if parsed is not None else None


def has_leading_zeros(s: str) -> bool:
    """Whether a valid CIDR is only valid because the sloppy parser strips zeros
    (``010.0.0.0/8``, ``10.0.0.0/08``): strict validation will reject it."""
    addr, _sep, prefix = s.partition("/")
    if len(prefix) > 1 and prefix.startswith("0"):
        return True
    tail = addr.rpartition(":")[2]
    if "." in tail:
        return any(len(p) > 1 and p.startswith("0") for p in tail.split("."))
    return False
