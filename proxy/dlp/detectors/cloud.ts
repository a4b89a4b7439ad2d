/**
 * Detectors for cloud and infrastructure providers' credentials. Each entry
 * documents the format it matches: prefix or context, alphabet, length and
 * any built-in check.
 */
import { looksRandom } from "../_entropy.ts";
import { type Detector, LEFT as L, RIGHT as R, RIGHT_URL as RU } from "../detector.ts";

/** Regex source: a key's end and its assignment (`"key": "`, `KEY=`, `key => '`). */
const ASSIGN = `["']?\\s*(?:=>|:=|[:=])\\s*["']?`;
/** Digits before `Q~` in an Entra ID client secret: `8Q~` today, other digits in older ones. */
const DIGITS = "0123456789";
const AZURE_SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-";

/** Cloud providers: AWS, Google Cloud, Azure, DigitalOcean, Cloudflare, Heroku, and more. */
export const CLOUD_DETECTORS: readonly Detector[] = [
  // AWS access key ID: a four-letter type prefix (AKIA long-term, ASIA temporary,
  // ABIA STS bearer, ACCA context-specific) + 16 upper-case letters and digits.
  // The documentation's example IDs end in `EXAMPLE` and are skipped.
  {
    name: "aws_access_key_id",
    anchors: ["AKIA", "ASIA", "ABIA", "ACCA"],
    pattern: new RegExp(`${L}A(?:KIA|SIA|BIA|CCA)[A-Z0-9]{16}${R}`, "y"),
    check: (s) => !s.includes("EXAMPLE") && looksRandom(s.slice(4), 3),
  },
  // AWS secret access key, in context: 40 base64 characters assigned to a key
  // named like `aws_secret_access_key`, `SecretAccessKey` or `AWS_SECRET_KEY`.
  {
    name: "aws_secret_access_key",
    anchors: [
      "secret_access_key",
      "secretaccesskey",
      "secret-access-key",
      "aws_secret",
      "aws-secret",
    ],
    ignoreCase: true,
    pattern: new RegExp(
      `(?:secret[_-]?access[_-]?key|aws[_-]secret(?:[_-]?key)?)${ASSIGN}` +
        `(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
      "iyd",
    ),
    check: (s) => !s.includes("EXAMPLE") && looksRandom(s, 4),
  },
  // AWS session token: base64 of a binary blob that always begins the same way
  // (`IQoJb3JpZ2luX2Vj` or, older, `FwoGZXIvYXdz`), hundreds of characters long.
  {
    name: "aws_session_token",
    anchors: ["IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdz"],
    pattern: /(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz)[A-Za-z0-9/+]{100,}={0,2}/y,
  },
  // Google API key: `AIza` + 35 base64url characters.
  {
    name: "google_api_key",
    anchors: ["AIza"],
    pattern: new RegExp(`${L}AIza[A-Za-z0-9_-]{35}${RU}`, "y"),
    check: (s) => looksRandom(s.slice(4), 3.5),
  },
  // Google OAuth access token: `ya29.` + base64url characters (often 150+).
  {
    name: "google_oauth_access_token",
    anchors: ["ya29."],
    pattern: new RegExp(`${L}ya29\\.[A-Za-z0-9_-]{30,}`, "y"),
    check: (s) => looksRandom(s.slice(5), 4),
  },
  // Google OAuth refresh token: `1//0` + base64url characters (about 100).
  {
    name: "google_oauth_refresh_token",
    anchors: ["1//0"],
    pattern: new RegExp(`${L}1//0[A-Za-z0-9_-]{40,}`, "y"),
    check: (s) => looksRandom(s.slice(4), 4),
  },
  // Google OAuth client secret: `GOCSPX-` + 28 base64url characters.
  {
    name: "google_oauth_client_secret",
    anchors: ["GOCSPX-"],
    pattern: new RegExp(`${L}GOCSPX-[A-Za-z0-9_-]{28}${RU}`, "y"),
  },
  // Google Cloud service-account key file: its `"private_key_id"` field, 40
  // lower-case hex digits (the key itself is also caught as a PEM block).
  {
    name: "gcp_service_account_key",
    anchors: ['"private_key_id"'],
    pattern: /"private_key_id"\s*:\s*"(?<secret>[0-9a-f]{40})"/yd,
  },
  // Azure storage account key in a connection string: `AccountKey=` + 86
  // base64 characters + `==` (a 64-byte key).
  {
    name: "azure_storage_key",
    anchors: ["AccountKey="],
    ignoreCase: true,
    pattern: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/iyd,
  },
  // Azure shared access key (Service Bus, Event Hubs, IoT Hub connection
  // strings): `SharedAccessKey=` + 43 base64 characters + `=`.
  {
    name: "azure_shared_access_key",
    anchors: ["SharedAccessKey="],
    ignoreCase: true,
    pattern: /SharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)/iyd,
  },
  // Microsoft Entra ID (Azure AD) client secret: 3 characters, a digit, `Q~`,
  // then 31–34 characters of [A-Za-z0-9_~.-] (40 in all for current secrets).
  {
    name: "azure_ad_client_secret",
    anchors: [...DIGITS].flatMap((d) => [...AZURE_SECRET_CHARS].map((c) => `${d}Q~${c}`)),
    back: 3,
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/y,
    check: (s) => looksRandom(s, 3.5),
  },
  // Azure DevOps personal access token (current format): 84 alphanumerics
  // with the fixed signature `AZDO` at characters 77–80.
  {
    name: "azure_devops_pat",
    anchors: ["AZDO"],
    back: 76,
    pattern: new RegExp(`${L}[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}${R}`, "y"),
  },
  // DigitalOcean personal access token: `dop_v1_` + 64 lower-case hex digits.
  {
    name: "digitalocean_pat",
    anchors: ["dop_v1_"],
    pattern: new RegExp(`${L}dop_v1_[0-9a-f]{64}${R}`, "y"),
  },
  // DigitalOcean OAuth access token: `doo_v1_` + 64 lower-case hex digits.
  {
    name: "digitalocean_oauth_token",
    anchors: ["doo_v1_"],
    pattern: new RegExp(`${L}doo_v1_[0-9a-f]{64}${R}`, "y"),
  },
  // DigitalOcean OAuth refresh token: `dor_v1_` + 64 lower-case hex digits.
  {
    name: "digitalocean_refresh_token",
    anchors: ["dor_v1_"],
    pattern: new RegExp(`${L}dor_v1_[0-9a-f]{64}${R}`, "y"),
  },
  // Cloudflare API token, in context: 40 base64url characters assigned to
  // `CLOUDFLARE_API_TOKEN` or `CF_API_TOKEN`.
  {
    name: "cloudflare_api_token",
    anchors: ["cloudflare_api_token", "cloudflare-api-token", "cf_api_token", "cf-api-token"],
    ignoreCase: true,
    pattern: new RegExp(
      `(?:cloudflare|cf)[_-]api[_-]token${ASSIGN}(?<secret>[A-Za-z0-9_-]{40})${RU}`,
      "iyd",
    ),
    check: (s) => looksRandom(s, 4),
  },
  // Cloudflare global API key, in context: 37 lower-case hex digits assigned to
  // `CLOUDFLARE_API_KEY` / `CF_API_KEY` or sent as `X-Auth-Key`.
  {
    name: "cloudflare_global_api_key",
    anchors: ["cloudflare_api_key", "cloudflare-api-key", "cf_api_key", "cf-api-key", "x-auth-key"],
    ignoreCase: true,
    pattern: new RegExp(
      `(?:(?:cloudflare|cf)[_-]api[_-]key|x-auth-key)${ASSIGN}(?<secret>[0-9a-f]{37})${R}`,
      "iyd",
    ),
    check: (s) => looksRandom(s, 3),
  },
  // Cloudflare Origin CA key: `v1.0-` + 24 hex + `-` + 146 hex.
  {
    name: "cloudflare_origin_ca_key",
    anchors: ["v1.0-"],
    pattern: new RegExp(`${L}v1\\.0-[0-9a-f]{24}-[0-9a-f]{146}${R}`, "y"),
  },
  // Heroku API key (current format): `HRKU-` + base64url characters (60 or more).
  {
    name: "heroku_api_key",
    anchors: ["HRKU-"],
    pattern: new RegExp(`${L}HRKU-[A-Za-z0-9_-]{20,}`, "y"),
    check: (s) => looksRandom(s.slice(5), 3.5),
  },
  // Heroku API key (legacy), in context: a UUID assigned to `HEROKU_API_KEY`.
  {
    name: "heroku_api_key_legacy",
    anchors: ["heroku_api_key", "heroku-api-key", "heroku_api_token"],
    ignoreCase: true,
    pattern: new RegExp(
      `heroku[_-]api[_-](?:key|token)${ASSIGN}` +
        `(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})${R}`,
      "iyd",
    ),
    check: (s) => looksRandom(s, 3),
  },
  // Alibaba Cloud AccessKey ID: `LTAI` + 12–20 alphanumerics.
  {
    name: "alibaba_access_key_id",
    anchors: ["LTAI"],
    pattern: new RegExp(`${L}LTAI[A-Za-z0-9]{12,20}${R}`, "y"),
    check: (s) => looksRandom(s.slice(4), 3.2),
  },
  // HashiCorp Vault service token: `hvs.` + base64url characters (about 90).
  {
    name: "vault_service_token",
    anchors: ["hvs."],
    pattern: new RegExp(`${L}hvs\\.[A-Za-z0-9_-]{24,}`, "y"),
    check: (s) => looksRandom(s.slice(4), 4),
  },
  // HashiCorp Vault batch token: `hvb.` + base64url characters (about 140).
  {
    name: "vault_batch_token",
    anchors: ["hvb."],
    pattern: new RegExp(`${L}hvb\\.[A-Za-z0-9_-]{24,}`, "y"),
    check: (s) => looksRandom(s.slice(4), 4),
  },
  // Databricks personal access token: `dapi` + 32 lower-case hex digits,
  // sometimes with a `-2`-style suffix.
  {
    name: "databricks_token",
    anchors: ["dapi"],
    pattern: new RegExp(`${L}dapi[0-9a-f]{32}(?:-\\d)?${R}`, "y"),
    check: (s) => looksRandom(s.slice(4, 36), 3),
  },
  // Supabase management API token: `sbp_` + 40 lower-case hex digits.
  {
    name: "supabase_access_token",
    anchors: ["sbp_"],
    pattern: new RegExp(`${L}sbp_[0-9a-f]{40}${R}`, "y"),
  },
  // Supabase secret API key: `sb_secret_` + base64url characters (31 or more).
  {
    name: "supabase_secret_key",
    anchors: ["sb_secret_"],
    pattern: new RegExp(`${L}sb_secret_[A-Za-z0-9_-]{31,}`, "y"),
    check: (s) => looksRandom(s.slice(10), 3.5),
  },
  // Tailscale key: `tskey-auth-`, `tskey-api-`, `tskey-client-`, `tskey-scim-`
  // or `tskey-webhook-` + a key ID + `-` + a secret of alphanumerics.
  {
    name: "tailscale_key",
    anchors: ["tskey-"],
    pattern: new RegExp(
      `${L}tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{8,}-[A-Za-z0-9]{20,}`,
      "y",
    ),
  },
  // Terraform Cloud / HCP Terraform API token: 14 alphanumerics + `.atlasv1.` +
  // 60–70 base64url characters.
  {
    name: "terraform_cloud_token",
    anchors: [".atlasv1."],
    back: 14,
    pattern: new RegExp(`${L}[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}`, "y"),
  },
  // Doppler token: `dp.pt.` (personal), `dp.st.` (service), `dp.ct.` (CLI),
  // `dp.sa.` (service account), `dp.scim.`, `dp.audit.` + 40–44 alphanumerics.
  {
    name: "doppler_token",
    anchors: ["dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit."],
    pattern: new RegExp(`${L}dp\\.(?:pt|st|ct|sa|scim|audit)\\.[A-Za-z0-9]{40,44}${R}`, "y"),
  },
  // Pulumi access token: `pul-` + 40 lower-case hex digits.
  {
    name: "pulumi_access_token",
    anchors: ["pul-"],
    pattern: new RegExp(`${L}pul-[0-9a-f]{40}${R}`, "y"),
  },
  // Dynatrace API token: `dt0c01.` + 24 upper-case alphanumerics + `.` + 64 more.
  {
    name: "dynatrace_token",
    anchors: ["dt0c01."],
    pattern: new RegExp(`${L}dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}${R}`, "y"),
  },
  // Grafana Cloud API token: `glc_` + base64 of a JSON object (starts `eyJ`).
  {
    name: "grafana_cloud_token",
    anchors: ["glc_eyJ"],
    pattern: new RegExp(`${L}glc_eyJ[A-Za-z0-9+/]{30,}={0,2}`, "y"),
  },
  // Grafana service-account token: `glsa_` + 32 alphanumerics + `_` + 8 hex digits.
  {
    name: "grafana_service_account_token",
    anchors: ["glsa_"],
    pattern: new RegExp(`${L}glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}${R}`, "y"),
  },
  // Docker Hub personal access token: `dckr_pat_` + 27 base64url characters.
  {
    name: "docker_hub_pat",
    anchors: ["dckr_pat_"],
    pattern: new RegExp(`${L}dckr_pat_[A-Za-z0-9_-]{27}${RU}`, "y"),
  },
];
