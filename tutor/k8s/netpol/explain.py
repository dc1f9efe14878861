"""Explanations and fixes for NetworkPolicy errors, and the texts of its warnings.

The engine's :mod:`tutor.k8s.explain` looks an error's explanation and fix up by its rule
code; :func:`register` adds the NetworkPolicy codes (``NP-...``) to that table. Strings are
marked with ``N_`` and translated when shown; placeholders come from the error (``{path}``,
``{value}``, ``{text}``) and its parameters (``{suggestion}``, ``{upper}``...).
"""

from __future__ import annotations

import string
from typing import Any

from tutor.i18n import N_, Text

#: code -> (explanation, fix)
RULES: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- kind and decoding
    "NP-KIND-NO-MATCH": (
        N_("The API server has no resource of kind \"{kind}\" in version \"{api_version}\". Kinds and versions are "
           "case-sensitive, and NetworkPolicy exists only as `networking.k8s.io/v1` (the old `extensions/v1beta1` "
           "was removed in 1.16)."),
        N_("Write `apiVersion: {want_version}` and `kind: {want_kind}`."),
    ),
    "NP-KIND-APIVERSION": (
        N_("Every object needs an apiVersion field, spelled exactly like that (keys are case-sensitive). Without "
           "it kubectl does not know which API to send the object to."),
        N_("Add `apiVersion: networking.k8s.io/v1` at the top level of the document."),
    ),
    "NP-UNKNOWN-FIELD": (
        N_("The API server does not know a field called \"{field}\" here, and kubectl asks it to reject unknown "
           "fields. Without that check the field would be silently ignored, and the policy would not do what you "
           "wrote."),
        N_("Remove `{field}`: a NetworkPolicy has no such field."),
    ),
    "NP-UNKNOWN-FIELD-CASE": (
        N_("The API server does not know a field called \"{field}\" here, and kubectl asks it to reject unknown "
           "fields. Without that check the field would be silently ignored, and the policy would not do what you "
           "wrote."),
        N_("Field names are case-sensitive: write `{suggestion}`."),
    ),
    "NP-UNKNOWN-FIELD-CLOSE": (
        N_("The API server does not know a field called \"{field}\" here, and kubectl asks it to reject unknown "
           "fields. Without that check the field would be silently ignored, and the policy would not do what you "
           "wrote."),
        N_("Did you mean `{suggestion}`?"),
    ),
    "NP-UNKNOWN-FIELD-MOVE": (
        N_("The API server does not know a field called \"{field}\" at this level. A field indented under the wrong "
           "parent (for example `ports` under a peer instead of under the rule) is an unknown field, not a "
           "different rule."),
        N_("`{field}` is not valid here; it belongs under {where}: fix the indentation."),
    ),
    # ---------------------------------------------------------------- metadata
    "NP-UNKNOWN-FIELD-TOP": (
        N_("The API server does not know a field called \"{field}\" at this level. A field indented under the wrong "
           "parent (for example `ports` under a peer instead of under the rule) is an unknown field, not a "
           "different rule."),
        N_("`{field}` belongs at the top level of the document, next to `spec`: fix the indentation."),
    ),
    "NP-NAME-REQUIRED": (
        N_("Every NetworkPolicy needs a name (or a generateName prefix from which the API server makes one)."),
        N_("Add `name:` under metadata, for example `name: allow-web`."),
    ),
    "NP-NAME": (
        N_("A NetworkPolicy name must be a lowercase RFC 1123 subdomain: at most 253 characters, lower-case letters, "
           "digits, '-' and '.', starting and ending with a letter or digit. Dots and a leading digit are allowed "
           "(unlike Service names); capitals and '_' are not."),
        N_("Use a name such as `{suggestion}`."),
    ),
    "NP-NAMESPACE": (
        N_("A namespace name must be an RFC 1123 label: at most 63 lower-case letters, digits and '-', starting "
           "and ending with a letter or digit (no dots)."),
        N_("Use a namespace such as `{suggestion}`."),
    ),
    "NP-LABELS": (
        N_("Label keys are an optional DNS prefix and '/' plus a name of at most 63 characters (letters, digits, "
           "'-', '_', '.'); values are empty or at most 63 such characters, starting and ending with a letter or "
           "digit. The error is reported on the whole map, with the bad key or value."),
        N_("Change {value} so that it uses only letters, digits, '-', '_' and '.', for example `{suggestion}`."),
    ),
    "NP-ANNOTATIONS": (
        N_("Annotation keys follow the same rules as label keys (checked in lower case): an optional DNS prefix "
           "and '/', then a name of letters, digits, '-', '_' and '.'."),
        N_("Rename the annotation key {value}, for example to `example.com/{suggestion}`."),
    ),
    "NP-ANNOTATIONS-SIZE": (
        N_("All annotations of one object together may hold at most 256 KiB."),
        N_("Move large data out of annotations, into a ConfigMap for example."),
    ),
    # ---------------------------------------------------------------- selectors
    "NP-SEL-LABELS": (
        N_("A selector's matchLabels are compared with labels, so each key and value must itself be a valid label "
           "key and value. The error is reported on the whole matchLabels map, with the bad key or value."),
        N_("Change {value} so that it uses only letters, digits, '-', '_' and '.', for example `{suggestion}`."),
    ),
    "NP-SEL-OPERATOR": (
        N_("A matchExpressions operator is exactly `In`, `NotIn`, `Exists` or `DoesNotExist`, case-sensitive. "
           "(`Gt` and `Lt` exist only for node affinity.)"),
        N_("Write `operator: {suggestion}`."),
    ),
    "NP-SEL-VALUES-REQUIRED": (
        N_("With `In` or `NotIn` the expression compares the label's value with a list, so `values` needs at least "
           "one entry."),
        N_("Add `values: [...]` with the label values to match, or use `operator: Exists` to test only the key."),
    ),
    "NP-SEL-VALUES-FORBIDDEN": (
        N_("`Exists` and `DoesNotExist` only test whether the key is there, so `values` must be left out."),
        N_("Remove `values`, or use `operator: In` to compare the value."),
    ),
    "NP-SEL-KEY": (
        N_("A matchExpressions key is a label key: an optional DNS prefix and '/', plus a name of at most 63 "
           "letters, digits, '-', '_' and '.', starting and ending with a letter or digit. A missing key is empty, "
           "which gives two errors."),
        N_("Set `key:` to the label key to test, for example `key: app`."),
    ),
    "NP-SEL-VALUE": (
        N_("Each entry of `values` is compared with a label value, so it must be a valid label value: empty, or at "
           "most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit."),
        N_("Change {value} so it is a valid label value, for example `{suggestion}`."),
    ),
    # ---------------------------------------------------------------- ports
    "NP-PROTOCOL": (
        N_("A NetworkPolicy port's protocol is exactly `TCP`, `UDP` or `SCTP`, in capital letters. Without "
           "`protocol` the entry means TCP. ICMP cannot be written in a NetworkPolicy."),
        N_("Write `protocol: {upper}`, or leave protocol out to get TCP."),
    ),
    "NP-PORT-RANGE": (
        N_("A port number must be between 1 and 65535. It is the destination port of the connection (the Pod's "
           "container port), for ingress and for egress alike."),
        N_("Use a port between 1 and 65535, for example 8080."),
    ),
    "NP-PORT-QUOTED": (
        N_("A port in quotes is a port *name*, looked up in the destination Pod's containers, and names need at "
           "least one letter. YAML reads \"{text}\" as text, not as the number {text}."),
        N_("Remove the quotes: write `port: {text}`."),
    ),
    "NP-PORT-NAME": (
        N_("A port written as text is a named port, matched against the destination Pod's container port names. "
           "Port names are IANA service names: at most 15 characters, only a-z, 0-9 and '-', at least one letter, "
           "no '--', and no '-' at either end."),
        N_("Use the container port's name, such as `{suggestion}`, or the port number without quotes."),
    ),
    "NP-ENDPORT-LESS": (
        N_("`endPort` ends the range `port`..`endPort` (both included), so it cannot be below `port`. Kubernetes "
           "1.34 shows the value of `port` in this message, not the value of `endPort`."),
        N_("Set endPort to {port} or more, or swap port and endPort."),
    ),
    "NP-ENDPORT-RANGE": (
        N_("`endPort` is a port number too, so it must be between 1 and 65535."),
        N_("Use an endPort between {port} and 65535."),
    ),
    "NP-ENDPORT-NAMED": (
        N_("A range needs a numeric start: `endPort` cannot follow a named port."),
        N_("Write the first port of the range as a number, or remove endPort."),
    ),
    "NP-ENDPORT-NO-PORT": (
        N_("`endPort` ends a range that starts at `port`; without `port` there is no range (and no port means every "
           "port of the protocol already)."),
        N_("Add `port:` with the first port of the range, or remove endPort."),
    ),
    # ---------------------------------------------------------------- peers and ipBlock
    "NP-PEER-REQUIRED": (
        N_("Each entry of `{direction}` must say who the peer is: podSelector, namespaceSelector, ipBlock, or "
           "podSelector and namespaceSelector together. `- podSelector:` with nothing after it is null, which "
           "counts as not set. To allow every peer, leave `{direction}` out instead."),
        N_("Write `podSelector: {{}}` for all Pods of the policy's namespace, or remove the empty entry."),
    ),
    "NP-PEER-IPBLOCK-MIX": (
        N_("One peer entry is either selectors or an ipBlock, never both: selectors match Pods, ipBlock matches "
           "addresses."),
        N_("Put the ipBlock in its own list entry (a new `- ipBlock:` item); separate entries are ORed."),
    ),
    "NP-CIDR-REQUIRED": (
        N_("An ipBlock needs a `cidr`: the address range it allows."),
        N_("Add `cidr:`, for example `cidr: 10.0.0.0/24`."),
    ),
    "NP-CIDR": (
        N_("`cidr` is an address range in CIDR notation: an address, '/', and a prefix length (at most 32 for "
           "IPv4, 128 for IPv6). A single address needs /32 (or /128); netmasks like /255.255.255.0 and spaces "
           "are not accepted."),
        N_("Write a range such as `{suggestion}`."),
    ),
    "NP-EXCEPT": (
        N_("Each `except` entry is an address range in CIDR notation, like `cidr`."),
        N_("Write the excluded range as `{suggestion}`."),
    ),
    "NP-EXCEPT-SUBSET": (
        N_("An `except` range must lie inside `cidr` ({cidr}) and be strictly smaller (a longer prefix). The same "
           "range, a larger one, one outside the block or one of the other IP family is rejected."),
        N_("Remove {value}, or use a smaller range inside {cidr}."),
    ),
    # ---------------------------------------------------------------- policyTypes
    "NP-TYPES-TOO-MANY": (
        N_("policyTypes holds at most two entries (Ingress and Egress); with more, no entry is checked."),
        N_("Keep at most `[Ingress, Egress]`."),
    ),
    "NP-TYPES-VALUE": (
        N_("policyTypes entries are exactly `Ingress` or `Egress`, with a capital letter."),
        N_("Write `{suggestion}`."),
    ),
}

#: Warnings: the policy is valid but probably does not do what was meant.
WARNINGS: dict[str, str] = {
    "W-NP-RULES-IGNORED": N_("spec.{field} has rules, but policyTypes does not list {direction}: Kubernetes keeps "
                             "these rules and ignores them. Add {direction} to policyTypes, or remove spec.{field}."),
    "W-NP-EGRESS-ISOLATES-INGRESS": N_("This policy has only egress rules and no policyTypes, so policyTypes "
                                       "defaults to [Ingress, Egress]: it also blocks all ingress to the Pods it "
                                       "selects. Write `policyTypes: [Egress]` to restrict only egress."),
    "W-NP-CIDR-HOST-BITS": N_("{path}: \"{cidr}\" has bits set after the prefix length; Kubernetes 1.34 accepts it "
                              "and reads it as {canonical}, but plugins may not. Write {canonical} or {single}."),
    "W-NP-CIDR-LEADING-ZEROS": N_("{path}: \"{cidr}\" has leading zeros; Kubernetes 1.34 accepts it as "
                                  "{canonical}, but stricter validation will reject it. Write {canonical}."),
    "W-NP-SELECTS-NOTHING": N_("spec.podSelector {selector} matches no Pod in namespace \"{namespace}\", so this "
                               "policy affects no Pod yet."),
}


def register() -> None:
    """Make the engine's explanation lookup know the NetworkPolicy codes."""
    from tutor.k8s import explain

    for code, entry in RULES.items():
        explain.RULES.setdefault(code, entry)


def warning_text(code: str, **params: Any) -> Text:
    msgid = WARNINGS[code]
    for _lit, name, _spec, _conv in string.Formatter().parse(msgid):
        if name and name not in params:
            params[name] = ""
    return Text(msgid, **params)
