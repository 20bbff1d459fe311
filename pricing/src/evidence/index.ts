// Public surface of @promptmetrics/pricing/evidence: the content-free evidence of a run that both the
// published instrumentation and the server compute, from one implementation (see ARCHITECTURE.md): the
// canonical request hashes, the stable prefix and its tokens, and the quality heuristics.
export { canonicalHash, canonicalJson, HASH_HEX_LENGTH } from "./canonical-json.ts";
export { readMessage, readMessages, readPart, type Message, type Part } from "./messages.ts";
export {
  CANONICAL_FORM_VERSION,
  REQUEST_PARAMETERS,
  canonicalParams,
  canonicalPrefix,
  canonicalRequest,
  embeddingsInputHash,
  estimateTokens,
  prefixTokens,
  requestEvidence,
  requestShapeFromBody,
  type RequestEvidence,
  type RequestShape,
} from "./request.ts";
export {
  QUALITY_FLAGS,
  QUALITY_FLAGS_MASK,
  QUALITY_FLAG_NAMES,
  REFUSAL_PATTERNS,
  REFUSAL_SCAN_CHARS,
  answerFacts,
  freeformToolNames,
  isRefusalText,
  jsonRequested,
  qualityFlagNames,
  qualityFlags,
  statusFlags,
  type AnswerFacts,
  type QualityFacts,
  type QualityFlag,
} from "./quality.ts";
