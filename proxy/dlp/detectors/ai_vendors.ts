/**
 * Detectors for AI and model-hosting vendors' keys. Each entry documents the
 * format it matches: prefix, alphabet, length and any built-in check.
 */
import { looksRandom } from "../_entropy.ts";
import { ALNUM, type Detector, expandAnchor, LEFT as L, RIGHT as R } from "../detector.ts";

/** AI vendors: Anthropic, OpenAI, Groq, xAI, Replicate, Hugging Face, Pinecone, and more. */
export const AI_DETECTORS: readonly Detector[] = [
  // Anthropic API key: `sk-ant-api03-` + 93 base64url characters + `AA` (108 in all).
  // Shorter bodies (bottle's own phantoms have 86 + `AA`) match too: the prefix is unique.
  {
    name: "anthropic_api_key",
    anchors: ["sk-ant-api03-"],
    pattern: new RegExp(`${L}sk-ant-api03-[A-Za-z0-9_-]{32,200}`, "y"),
  },
  // Anthropic Admin API key: `sk-ant-admin01-` + 93 base64url characters + `AA`.
  {
    name: "anthropic_admin_key",
    anchors: ["sk-ant-admin01-"],
    pattern: new RegExp(`${L}sk-ant-admin01-[A-Za-z0-9_-]{32,200}`, "y"),
  },
  // Anthropic OAuth access token (Claude subscriptions): `sk-ant-oat01-` + base64url body.
  {
    name: "anthropic_oauth_token",
    anchors: ["sk-ant-oat01-"],
    pattern: new RegExp(`${L}sk-ant-oat01-[A-Za-z0-9_-]{32,200}`, "y"),
  },
  // Anthropic OAuth refresh token: `sk-ant-ort01-` + base64url body.
  {
    name: "anthropic_oauth_refresh_token",
    anchors: ["sk-ant-ort01-"],
    pattern: new RegExp(`${L}sk-ant-ort01-[A-Za-z0-9_-]{32,200}`, "y"),
  },
  // OpenAI project key: `sk-proj-` + base64url body (about 156 characters; the
  // body carries `T3BlbkFJ`, base64 of "OpenAI", but older ones may not).
  {
    name: "openai_project_key",
    anchors: ["sk-proj-"],
    pattern: new RegExp(`${L}sk-proj-[A-Za-z0-9_-]{40,250}`, "y"),
    check: (s) => looksRandom(s.slice(8), 4),
  },
  // OpenAI service-account key: `sk-svcacct-` + base64url body (as project keys).
  {
    name: "openai_service_account_key",
    anchors: ["sk-svcacct-"],
    pattern: new RegExp(`${L}sk-svcacct-[A-Za-z0-9_-]{40,250}`, "y"),
    check: (s) => looksRandom(s.slice(11), 4),
  },
  // OpenAI admin key: `sk-admin-` + base64url body.
  {
    name: "openai_admin_key",
    anchors: ["sk-admin-"],
    pattern: new RegExp(`${L}sk-admin-[A-Za-z0-9_-]{40,250}`, "y"),
    check: (s) => looksRandom(s.slice(9), 4),
  },
  // OpenAI legacy user key: `sk-` + 20 alphanumerics + `T3BlbkFJ` + 20 alphanumerics
  // (51 characters); `T3BlbkFJ` is a fixed marker, so the anchor is the marker.
  {
    name: "openai_legacy_key",
    anchors: ["T3BlbkFJ"],
    back: 23,
    pattern: new RegExp(`${L}sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}${R}`, "y"),
  },
  // Groq API key: `gsk_` + 52 alphanumerics.
  {
    name: "groq_api_key",
    anchors: ["gsk_"],
    pattern: new RegExp(`${L}gsk_[A-Za-z0-9]{52}${R}`, "y"),
  },
  // xAI API key: `xai-` + 80 alphanumerics.
  {
    name: "xai_api_key",
    anchors: ["xai-"],
    pattern: new RegExp(`${L}xai-[A-Za-z0-9]{80}${R}`, "y"),
  },
  // Replicate API token: `r8_` + 37 alphanumerics (40 in all).
  {
    name: "replicate_api_token",
    anchors: expandAnchor("r8_", ALNUM),
    pattern: new RegExp(`${L}r8_[A-Za-z0-9]{37}${R}`, "y"),
    check: (s) => looksRandom(s.slice(3), 3.5),
  },
  // Hugging Face user access token: `hf_` + 34 letters.
  {
    name: "huggingface_token",
    anchors: expandAnchor("hf_", ALNUM.slice(0, 52)),
    pattern: new RegExp(`${L}hf_[A-Za-z]{34}${R}`, "y"),
    check: (s) => looksRandom(s.slice(3), 3.5),
  },
  // Hugging Face organisation API token (legacy): `api_org_` + 34 letters.
  {
    name: "huggingface_org_token",
    anchors: ["api_org_"],
    pattern: new RegExp(`${L}api_org_[A-Za-z]{34}${R}`, "y"),
    check: (s) => looksRandom(s.slice(8), 3.5),
  },
  // Pinecone API key: `pcsk_` + 5–6 alphanumerics + `_` + about 63 alphanumerics.
  {
    name: "pinecone_api_key",
    anchors: ["pcsk_"],
    pattern: new RegExp(`${L}pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{40,100}${R}`, "y"),
  },
  // Perplexity API key: `pplx-` + 48 alphanumerics.
  {
    name: "perplexity_api_key",
    anchors: ["pplx-"],
    pattern: new RegExp(`${L}pplx-[A-Za-z0-9]{48}${R}`, "y"),
  },
  // OpenRouter API key: `sk-or-v1-` + 64 lower-case hex digits.
  {
    name: "openrouter_api_key",
    anchors: ["sk-or-v1-"],
    pattern: new RegExp(`${L}sk-or-v1-[0-9a-f]{64}${R}`, "y"),
  },
  // LangSmith API key: `lsv2_pt_` (personal) or `lsv2_sk_` (service) + 32 hex + `_` + 10 hex.
  {
    name: "langsmith_api_key",
    anchors: ["lsv2_pt_", "lsv2_sk_"],
    pattern: new RegExp(`${L}lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}${R}`, "y"),
  },
];
