/**
 * The egress proxy's HTTP/1.1 wire format: strict, pure, incremental parsers
 * for request and response heads and chunked bodies, hop-by-hop stripping and
 * head serialization. No I/O here: bytes in, values out, nothing throws.
 */

export {
  type Authority,
  type BodyFraming,
  DEFAULT_HEAD_LIMITS,
  type HeadError,
  type HeadErrorStatus,
  type HeadLimits,
  type HeadResult,
  parseRequestHead,
  type RequestHead,
} from "./parse_request_head.ts";
export {
  parseResponseHead,
  type ResponseFraming,
  type ResponseHead,
  type ResponseHeadResult,
} from "./parse_response_head.ts";
export {
  ChunkedDecoder,
  type ChunkedError,
  type ChunkedLimits,
  type ChunkedPush,
  DEFAULT_CHUNKED_LIMITS,
  encodeChunk,
  LAST_CHUNK,
} from "./chunked_decoder.ts";
export { HOP_BY_HOP_FIELDS, stripHopByHop } from "./hop_by_hop.ts";
export {
  type OutgoingRequestHead,
  type OutgoingResponseHead,
  serializeRequestHead,
  serializeResponseHead,
  type SerializeResult,
} from "./serialize_head.ts";
export { wantsClose } from "./wants_close.ts";
export { reusableAfter } from "./reusable_after.ts";
export { expectsContinue } from "./expects_continue.ts";
