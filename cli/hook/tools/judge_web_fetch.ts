/**
 * WebFetch against the egress allowlist: a URL whose host and port the egress
 * proxy would refuse is denied before the fetch starts, with the same reason
 * code the proxy would give (`egress.not_allowed`, `egress.userinfo`…), so
 * the model learns at once that the host is not granted.
 */

import {
  decideBeforeResolve,
  type EgressPolicy,
  parseConnectTarget,
} from "../../../proxy/policy/mod.ts";
import { ALLOWED, denied, type Verdict } from "../verdict.ts";

/**
 * Judges a WebFetch URL. `https:` is judged as the proxy judges a CONNECT
 * (portless rules mean 443), `http:` as a plain proxied request (portless
 * rules mean 80); any other scheme is refused. Userinfo and backslashes in
 * the authority are refused: URL parsers disagree about where such a host ends.
 */
export function judgeWebFetchUrl(url: string, egress: EgressPolicy): Verdict {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)/.exec(url);
  if (match === null) {
    return denied(
      "egress.bad_target",
      `WebFetch needs an absolute http:// or https:// URL, not ${JSON.stringify(url)}`,
    );
  }
  const scheme = match[1]!.toLowerCase();
  const authority = match[2]!;
  const defaultPort = scheme === "https" ? 443 : scheme === "http" ? 80 : undefined;
  if (defaultPort === undefined) {
    return denied(
      "egress.scheme",
      `WebFetch may fetch only http:// and https:// URLs, not ${scheme}:`,
    );
  }
  if (authority.includes("@")) {
    return denied("egress.userinfo", "credentials (user@) are not allowed in a WebFetch URL");
  }
  if (authority.includes("\\")) {
    return denied("egress.bad_target", 'the URL\'s host contains "\\"');
  }
  const hasPort = authority.lastIndexOf(":") > authority.lastIndexOf("]");
  const parsed = parseConnectTarget(hasPort ? authority : `${authority}:${defaultPort}`);
  if (parsed.kind === "refuse") return denied(parsed.code, `WebFetch refused: ${parsed.reason}`);
  return fromDecision(decideBeforeResolve(egress, parsed.target, defaultPort));
}

function fromDecision(
  decision: { kind: "allow" } | { kind: "deny"; code: string; reason: string },
): Verdict {
  return decision.kind === "allow"
    ? ALLOWED
    : denied(decision.code, `WebFetch refused: ${decision.reason}`);
}
