"""Time for the console: "now", kubectl's AGE humanizer and its date formats.

``now()`` is the current time, or ``KTUTOR_NOW`` (RFC 3339, e.g.
``2026-12-01T12:00:00Z``) when that is set, so outputs are reproducible in tests.

* :func:`human_duration` is apimachinery's ``duration.HumanDuration`` (every AGE cell,
  event age and ``(... ago)``).
* :func:`rfc1123z` is Go's ``time.RFC1123Z`` in the **local** time zone, as
  ``kubectl describe`` prints ``Start Time``, ``Started`` and ``CreationTimestamp``.
* :func:`rfc3339` is how the API server writes timestamps (UTC, whole seconds).
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse_rfc3339(text: str) -> datetime | None:
    """A timezone-aware datetime from an RFC 3339 timestamp, or None when it is not one."""
    value = text.strip()
    if not value:
        return None
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed


def now() -> datetime:
    """The current time (UTC), or ``KTUTOR_NOW`` when it is set to an RFC 3339 time."""
    fixed = os.environ.get("KTUTOR_NOW")
    if fixed:
        parsed = parse_rfc3339(fixed)
        if parsed is not None:
            return parsed.astimezone(timezone.utc)
    return datetime.now(timezone.utc)


def human_duration(delta: timedelta) -> str:
    """``duration.HumanDuration``: ``0s``..``119s``, ``2m``..``9m59s``, ``10m``..``179m``,
    ``3h``..``7h59m``, ``8h``..``47h``, ``2d``..``7d23h``, ``8d``..``729d``, ``2y``..``7y364d``,
    ``8y``...; ``<invalid>`` two seconds or more in the future. Every division truncates."""
    total = delta.total_seconds()
    seconds = int(total)  # Go's int() truncates towards zero
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 60 * 2:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 10:
        s = seconds % 60
        return f"{minutes}m" if s == 0 else f"{minutes}m{s}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = seconds // 3600
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if dy == 0 else f"{hours // 24 // 365}y{dy}d"
    return f"{hours // 24 // 365}y"


def since(timestamp: datetime | None, current: datetime) -> str:
    """``translateTimestampSince``: ``<unknown>`` for a missing time."""
    if timestamp is None:
        return "<unknown>"
    return human_duration(current - timestamp)


def local_zone() -> timezone:
    """The local time zone (``TZ`` is honoured through the C library), as a fixed offset."""
    offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    return timezone(offset)


def rfc1123z(value: datetime) -> str:
    """Go's ``time.RFC1123Z`` (``Mon, 02 Jan 2006 15:04:05 -0700``) in the local zone."""
    local = value.astimezone()
    offset = local.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return (f"{_DAYS[local.weekday()]}, {local.day:02d} {_MONTHS[local.month - 1]} {local.year:04d} "
            f"{local.hour:02d}:{local.minute:02d}:{local.second:02d} {sign}{minutes // 60:02d}{minutes % 60:02d}")


def rfc3339(value: datetime) -> str:
    """``2025-01-15T10:00:00Z``: how the API server stores a ``metav1.Time``."""
    utc = value.astimezone(timezone.utc)
    return f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"


def date_unix(value: datetime) -> str:
    """``date``'s default format in UTC (``Wed Jan 15 10:05:10 UTC 2025``), as dig's ``WHEN``."""
    utc = value.astimezone(timezone.utc)
    return (f"{_DAYS[utc.weekday()]} {_MONTHS[utc.month - 1]} {utc.day:02d} {utc.hour:02d}:{utc.minute:02d}:"
            f"{utc.second:02d} UTC {utc.year:04d}")
