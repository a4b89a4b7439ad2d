/**
 * The egress policy: strict target parsing, the allowlist, address classes and
 * the decision order. Pure data in, decisions out; the egress proxy does the I/O.
 */

export { compileEgressPolicy, type EgressPolicy } from "./egress_policy.ts";
export {
  connectTarget,
  hostTarget,
  parseAbsoluteTarget,
  parseConnectTarget,
  type Target,
  type TargetKind,
  type TargetResult,
} from "./parse_target.ts";
export { forbiddenAddress } from "./address_class.ts";
export { canonicalAddress, matchAddressRule, matchAllowlist } from "./match_allowlist.ts";
export {
  decideAfterResolve,
  decideBeforeResolve,
  needsResolution,
  pinnedAddress,
  type ResolvedDecision,
} from "./decide_egress.ts";
export { compileHostPins, type HostPin, type HostPinResult, parseHostPin } from "./host_pins.ts";
export { formatIpv4, parseIpv4 } from "./parse_ipv4.ts";
export { formatIpv6, parseIpv6 } from "./parse_ipv6.ts";
