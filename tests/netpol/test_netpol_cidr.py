"""IP blocks parsed like ``netutils.ParseCIDRSloppy`` and matched like Go's ``IPNet.Contains``."""

from __future__ import annotations

import pytest

from tutor.k8s.netpol.cidr import has_leading_zeros, parse_address, parse_cidr
from tutor.k8s.netpol.model import IPBlock


@pytest.mark.parametrize(("text", "canonical", "size"), [
    ("10.0.0.0/8", "10.0.0.0/8", 8),
    ("10.0.0.1/24", "10.0.0.0/24", 24),
    ("010.000.0.0/08", "10.0.0.0/8", 8),
    ("0.0.0.0/0", "0.0.0.0/0", 0),
    ("2001:db8::1/64", "2001:db8::/64", 64),
    ("::/0", "::/0", 0),
    ("::ffff:10.0.0.0/104", "10.0.0.0/8", 104),
])
def test_parse(text, canonical, size):
    net = parse_cidr(text)
    assert net is not None and net.canonical() == canonical and net.mask_size == size


@pytest.mark.parametrize("text", ["10.0.0.1", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/ 8", "10.0.0.0/8 ",
                                  "10.0.0.0/٨", "256.0.0.0/8", "1.2.3/8", "::1%lo/128", "gg::/16", "::/129",
                                  "10.0.0.0/99999999", ""])
def test_rejected(text):
    assert parse_cidr(text) is None


def test_contains_follows_go_for_families():
    v4 = parse_cidr("10.0.0.0/8")
    mapped = parse_cidr("::ffff:10.0.0.0/104")
    v6 = parse_cidr("::/0")
    ip = parse_address("10.1.2.3")
    assert v4.contains(ip) and mapped.contains(ip) and not v6.contains(ip)
    assert not v4.contains(parse_address("11.0.0.1"))
    assert parse_cidr("fd00::/8").contains(parse_address("fd12::1"))


def test_host_bits_and_leading_zeros():
    assert parse_cidr("10.0.0.1/24").host_bits_set() and not parse_cidr("10.0.0.0/24").host_bits_set()
    assert parse_cidr("10.0.0.1/24").single_address() == "10.0.0.1/32"
    assert has_leading_zeros("010.0.0.0/8") and has_leading_zeros("10.0.0.0/08")
    assert not has_leading_zeros("10.0.0.0/8") and not has_leading_zeros("0.0.0.0/0")


def test_ip_block_except():
    block = IPBlock("10.244.0.0/16", ("10.244.1.0/24", "10.244.2.7/32"))
    assert block.matches("10.244.3.1") and not block.matches("10.244.1.9") and not block.matches("10.244.2.7")
    assert block.excluded_by("10.244.1.9") == "10.244.1.0/24"
    assert not block.matches(None) and not block.matches("not-an-ip")
    assert str(block) == "10.244.0.0/16 except 10.244.1.0/24, 10.244.2.7/32"
