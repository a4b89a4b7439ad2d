/**
 * Synthetic credential samples for tests and benchmarks: random bodies in
 * each detector's documented format, with valid checksums where the format
 * has one. Built from a seeded generator, so a run is reproducible and no
 * sample is, or was ever, a live credential.
 */
import { base62, bech32WithChecksum, crc32 } from "../_checksums.ts";

/** A seeded random-number source (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = "0123456789abcdef";
const URL64 = ALNUM + "-_";
const STD64 = ALNUM + "+/";

/** A sample: the full text to scan and the exact secret a hit must cover. */
export interface Sample {
  readonly text: string;
  readonly secret: string;
}

/** Makes a sample from random characters; `rand` is the seeded source. */
export type SampleMaker = (r: (alphabet: string, n: number) => string) => Sample | string;

function b64url(text: string): string {
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** A GitHub-style token: `prefix` + 30 random + base62 CRC32 of those 30. */
function checksummed(prefix: string, r: (a: string, n: number) => string): string {
  const body = r(ALNUM, 30);
  return prefix + body + base62(crc32(body), 6);
}

/** A value a generic detector accepts: letters and digits mixed several times. */
function mixedValue(r: (a: string, n: number) => string): string {
  return r(LOWER, 3) + r(DIGITS, 2) + r(UPPER, 3) + r(DIGITS, 2) + r(LOWER, 4) + r(DIGITS, 1) +
    r(UPPER, 3);
}

function pem(label: string, r: (a: string, n: number) => string): string {
  const lines = Array.from({ length: 8 }, () => r(STD64, 64));
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n${r(STD64, 20)}==\n-----END ${label}-----`;
}

/** One sample maker per detector; a test fails if a detector has none. */
export const SAMPLE_MAKERS: Readonly<Record<string, SampleMaker>> = {
  anthropic_api_key: (r) => "sk-ant-api03-" + r(URL64, 93) + "AA",
  anthropic_admin_key: (r) => "sk-ant-admin01-" + r(URL64, 93) + "AA",
  anthropic_oauth_token: (r) => "sk-ant-oat01-" + r(URL64, 93) + "AA",
  anthropic_oauth_refresh_token: (r) => "sk-ant-ort01-" + r(URL64, 93) + "AA",
  openai_project_key: (r) => "sk-proj-" + r(URL64, 74) + "T3BlbkFJ" + r(URL64, 74),
  openai_service_account_key: (r) => "sk-svcacct-" + r(URL64, 74) + "T3BlbkFJ" + r(URL64, 74),
  openai_admin_key: (r) => "sk-admin-" + r(URL64, 60) + "T3BlbkFJ" + r(URL64, 60),
  openai_legacy_key: (r) => "sk-" + r(ALNUM, 20) + "T3BlbkFJ" + r(ALNUM, 20),
  groq_api_key: (r) => "gsk_" + r(ALNUM, 52),
  xai_api_key: (r) => "xai-" + r(ALNUM, 80),
  replicate_api_token: (r) => "r8_" + r(ALNUM, 37),
  huggingface_token: (r) => "hf_" + r(UPPER + LOWER, 34),
  huggingface_org_token: (r) => "api_org_" + r(UPPER + LOWER, 34),
  pinecone_api_key: (r) => "pcsk_" + r(ALNUM, 6) + "_" + r(ALNUM, 63),
  perplexity_api_key: (r) => "pplx-" + r(ALNUM, 48),
  openrouter_api_key: (r) => "sk-or-v1-" + r(HEX, 64),
  langsmith_api_key: (r) => "lsv2_pt_" + r(HEX, 32) + "_" + r(HEX, 10),
  aws_access_key_id: (r) => "AKIA" + r(UPPER + "234567", 16),
  aws_secret_access_key: (r) => {
    const secret = r(ALNUM + "+/", 40);
    return { text: `aws_secret_access_key = ${secret}\n`, secret };
  },
  aws_session_token: (r) => "IQoJb3JpZ2luX2Vj" + r(STD64, 300),
  google_api_key: (r) => "AIza" + r(URL64, 35),
  google_oauth_access_token: (r) => "ya29." + r(URL64, 150),
  google_oauth_refresh_token: (r) => "1//0" + r(URL64, 100),
  google_oauth_client_secret: (r) => "GOCSPX-" + r(URL64, 28),
  gcp_service_account_key: (r) => {
    const secret = r(HEX, 40);
    return { text: `{"type": "service_account", "private_key_id": "${secret}"}`, secret };
  },
  azure_storage_key: (r) => {
    const secret = r(STD64, 86) + "==";
    return {
      text:
        `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${secret};EndpointSuffix=core.windows.net`,
      secret,
    };
  },
  azure_shared_access_key: (r) => {
    const secret = r(STD64, 43) + "=";
    return {
      text:
        `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${secret}`,
      secret,
    };
  },
  azure_ad_client_secret: (r) => r(ALNUM, 3) + "8Q~" + r(ALNUM + "_~.-", 33) + r(ALNUM, 1),
  azure_devops_pat: (r) => r(ALNUM, 76) + "AZDO" + r(ALNUM, 4),
  digitalocean_pat: (r) => "dop_v1_" + r(HEX, 64),
  digitalocean_oauth_token: (r) => "doo_v1_" + r(HEX, 64),
  digitalocean_refresh_token: (r) => "dor_v1_" + r(HEX, 64),
  cloudflare_api_token: (r) => {
    const secret = r(URL64, 39) + r(ALNUM, 1);
    return { text: `CLOUDFLARE_API_TOKEN=${secret}\n`, secret };
  },
  cloudflare_global_api_key: (r) => {
    const secret = r(HEX, 37);
    return { text: `X-Auth-Key: ${secret}\r\n`, secret };
  },
  cloudflare_origin_ca_key: (r) => "v1.0-" + r(HEX, 24) + "-" + r(HEX, 146),
  heroku_api_key: (r) => "HRKU-AA" + r(URL64, 57) + r(ALNUM, 1),
  heroku_api_key_legacy: (r) => {
    const secret = `${r(HEX, 8)}-${r(HEX, 4)}-4${r(HEX, 3)}-a${r(HEX, 3)}-${r(HEX, 12)}`;
    return { text: `export HEROKU_API_KEY="${secret}"`, secret };
  },
  alibaba_access_key_id: (r) => "LTAI" + r(ALNUM, 20),
  vault_service_token: (r) => "hvs." + r(URL64, 90) + r(ALNUM, 1),
  vault_batch_token: (r) => "hvb." + r(URL64, 137) + r(ALNUM, 1),
  databricks_token: (r) => "dapi" + r(HEX, 32),
  supabase_access_token: (r) => "sbp_" + r(HEX, 40),
  supabase_secret_key: (r) => "sb_secret_" + r(URL64, 30) + r(ALNUM, 1),
  tailscale_key: (r) => "tskey-auth-" + r(ALNUM, 12) + "-" + r(ALNUM, 33),
  terraform_cloud_token: (r) => r(ALNUM, 14) + ".atlasv1." + r(URL64, 66) + r(ALNUM, 1),
  doppler_token: (r) => "dp.pt." + r(ALNUM, 43),
  pulumi_access_token: (r) => "pul-" + r(HEX, 40),
  dynatrace_token: (r) => "dt0c01." + r(UPPER + DIGITS, 24) + "." + r(UPPER + DIGITS, 64),
  grafana_cloud_token: (r) =>
    "glc_" + btoa(JSON.stringify({ o: r(DIGITS, 6), n: r(LOWER, 12), k: r(ALNUM, 40) })),
  grafana_service_account_token: (r) => "glsa_" + r(ALNUM, 32) + "_" + r(HEX, 8),
  docker_hub_pat: (r) => "dckr_pat_" + r(URL64, 26) + r(ALNUM, 1),
  github_pat_classic: (r) => checksummed("ghp_", r),
  github_oauth_token: (r) => checksummed("gho_", r),
  github_user_to_server_token: (r) => checksummed("ghu_", r),
  github_server_to_server_token: (r) => checksummed("ghs_", r),
  github_refresh_token: (r) => checksummed("ghr_", r),
  github_pat: (r) => "github_pat_" + r(ALNUM, 22) + "_" + r(ALNUM, 59),
  gitlab_pat: (r) => "glpat-" + r(URL64, 19) + r(ALNUM, 1),
  gitlab_deploy_token: (r) => "gldt-" + r(URL64, 19) + r(ALNUM, 1),
  gitlab_runner_token: (r) => "glrt-" + r(URL64, 19) + r(ALNUM, 1),
  gitlab_runner_registration_token: (r) => "GR1348941" + r(URL64, 19) + r(ALNUM, 1),
  gitlab_pipeline_trigger_token: (r) => "glptt-" + r(HEX, 40),
  gitlab_feed_token: (r) => "glft-" + r(URL64, 19) + r(ALNUM, 1),
  gitlab_scim_token: (r) => "glsoat-" + r(URL64, 19) + r(ALNUM, 1),
  gitlab_job_token: (r) => "glcbt-1_" + r(URL64, 19) + r(ALNUM, 1),
  gitlab_incoming_mail_token: (r) => "glimt-" + r(URL64, 24) + r(ALNUM, 1),
  gitlab_oauth_app_secret: (r) => "gloas-" + r(HEX, 64),
  gitlab_agent_token: (r) => "glagent-" + r(URL64, 49) + r(ALNUM, 1),
  gitlab_feature_flags_token: (r) => "glffct-" + r(URL64, 19) + r(ALNUM, 1),
  atlassian_api_token: (r) => "ATATT3xFfGF0" + r(URL64 + "=", 172) + r(HEX, 8),
  bitbucket_app_password: (r) => "ATBB" + r(ALNUM, 32),
  circleci_pat: (r) => "CCIPAT_" + r(ALNUM, 22) + "_" + r(HEX, 40),
  buildkite_token: (r) => "bkua_" + r(HEX, 40),
  npm_token: (r) => checksummed("npm_", r),
  pypi_token: (r) => "pypi-AgEIcHlwaS5vcmc" + r(URL64, 150),
  rubygems_api_key: (r) => "rubygems_" + r(HEX, 48),
  nuget_api_key: (r) => "oy2" + r(LOWER + DIGITS, 43),
  slack_bot_token: (r) => `xoxb-${r(DIGITS, 12)}-${r(DIGITS, 13)}-${r(ALNUM, 24)}`,
  slack_user_token: (r) => `xoxp-${r(DIGITS, 12)}-${r(DIGITS, 12)}-${r(DIGITS, 13)}-${r(HEX, 32)}`,
  slack_legacy_token: (r) => `xoxs-${r(DIGITS, 11)}-${r(DIGITS, 12)}-${r(HEX, 40)}`,
  slack_refresh_token: (r) => `xoxe-1-${r(ALNUM, 140)}`,
  slack_app_token: (r) => `xapp-1-A${r(UPPER + DIGITS, 10)}-${r(DIGITS, 13)}-${r(HEX, 64)}`,
  slack_webhook_url: (r) => {
    const secret = `hooks.slack.com/services/T${r(UPPER + DIGITS, 8)}/B${r(UPPER + DIGITS, 8)}/${
      r(ALNUM, 24)
    }`;
    return { text: `https://${secret}`, secret };
  },
  discord_webhook_url: (r) => {
    const secret = `discord.com/api/webhooks/1${r(DIGITS, 17)}/${r(URL64, 67)}${r(ALNUM, 1)}`;
    return { text: `https://${secret}`, secret };
  },
  telegram_bot_token: (r) => `7${r(DIGITS, 9)}:AA${r(URL64, 32)}${r(ALNUM, 1)}`,
  stripe_secret_key: (r) => "sk_live_" + r(ALNUM, 99),
  stripe_restricted_key: (r) => "rk_live_" + r(ALNUM, 99),
  stripe_webhook_secret: (r) => "whsec_" + r(ALNUM + "+/", 32),
  square_access_token: (r) => "sq0atp-" + r(URL64, 21) + r(ALNUM, 1),
  square_oauth_secret: (r) => "sq0csp-" + r(URL64, 42) + r(ALNUM, 1),
  shopify_access_token: (r) => "shpat_" + r(HEX, 32),
  shopify_custom_app_token: (r) => "shpca_" + r(HEX, 32),
  shopify_private_app_token: (r) => "shppa_" + r(HEX, 32),
  shopify_shared_secret: (r) => "shpss_" + r(HEX, 32),
  sendgrid_api_key: (r) => "SG." + r(URL64, 22) + "." + r(URL64, 42) + r(ALNUM, 1),
  twilio_api_key: (r) => "SK" + r(HEX, 32),
  twilio_auth_token: (r) => {
    const secret = r(HEX, 32);
    return { text: `TWILIO_AUTH_TOKEN=${secret}\n`, secret };
  },
  mailgun_api_key: (r) => "key-" + r(HEX, 32),
  mailchimp_api_key: (r) => r(HEX, 32) + "-us" + r("123456789", 1) + r(DIGITS, 1),
  brevo_api_key: (r) => "xkeysib-" + r(HEX, 64) + "-" + r(ALNUM, 16),
  linear_api_key: (r) => "lin_api_" + r(ALNUM, 40),
  linear_oauth_token: (r) => "lin_oauth_" + r(HEX, 64),
  notion_token: (r) => "ntn_" + r(DIGITS, 11) + r(ALNUM, 35),
  notion_token_legacy: (r) => "secret_" + r(ALNUM, 43),
  sentry_org_token: (r) =>
    "sntrys_" +
    btoa(JSON.stringify({ iat: 1, url: "https://sentry.io", org: r(LOWER, 8) })).replace(
      /=+$/,
      "",
    ) +
    "_" + r(STD64, 43),
  sentry_user_token: (r) => "sntryu_" + r(HEX, 64),
  newrelic_user_api_key: (r) => "NRAK-" + r(UPPER + DIGITS, 27),
  newrelic_admin_api_key: (r) => "NRAA-" + r(HEX, 27),
  newrelic_insights_key: (r) => "NRII-" + r(URL64, 31) + r(ALNUM, 1),
  newrelic_license_key: (r) => r(HEX, 36) + "NRAL",
  datadog_api_key: (r) => {
    const secret = r(HEX, 32);
    return { text: `DD_API_KEY=${secret}\n`, secret };
  },
  datadog_app_key: (r) => {
    const secret = r(HEX, 40);
    return { text: `DD-APPLICATION-KEY: ${secret}\r\n`, secret };
  },
  postman_api_key: (r) => "PMAK-" + r(HEX, 24) + "-" + r(HEX, 34),
  figma_pat: (r) => "figd_" + r(URL64, 40) + r(ALNUM, 1),
  fcm_server_key: (r) => "AAAA" + r(ALNUM, 7) + ":APA91b" + r(URL64, 133) + r(ALNUM, 1),
  contentful_pat: (r) => "CFPAT-" + r(URL64, 42) + r(ALNUM, 1),
  mapbox_secret_token: (r) => "sk.eyJ" + r(URL64, 60) + "." + r(URL64, 21) + r(ALNUM, 1),
  private_key_rsa: (r) => pem("RSA PRIVATE KEY", r),
  private_key_ec: (r) => pem("EC PRIVATE KEY", r),
  private_key_dsa: (r) => pem("DSA PRIVATE KEY", r),
  private_key_openssh: (r) => pem("OPENSSH PRIVATE KEY", r),
  private_key_pkcs8: (r) => pem("PRIVATE KEY", r),
  private_key_encrypted: (r) => pem("ENCRYPTED PRIVATE KEY", r),
  pgp_private_key: (r) =>
    `-----BEGIN PGP PRIVATE KEY BLOCK-----\nComment: sample\n\n${r(STD64, 64)}\n${r(STD64, 64)}\n=${
      r(STD64, 4)
    }\n-----END PGP PRIVATE KEY BLOCK-----`,
  ssh2_private_key: (r) =>
    `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "sample"\n${r(STD64, 64)}\n${
      r(STD64, 64)
    }\n---- END SSH2 ENCRYPTED PRIVATE KEY ----`,
  putty_private_key: (r) =>
    `PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: sample\nPublic-Lines: 1\n${
      r(STD64, 64)
    }\nPrivate-Lines: 1\n${r(STD64, 64)}\nPrivate-MAC: ${r(HEX, 40)}`,
  age_secret_key: (r) =>
    bech32WithChecksum("AGE-SECRET-KEY-", r("qpzry9x8gf2tvdw0s3jn54khce6mua7l", 52)).toUpperCase(),
  onepassword_service_account_token: (r) =>
    "ops_" +
    btoa(
      JSON.stringify({
        signInAddress: "my.1password.com",
        email: `${r(LOWER, 8)}@1passwordserviceaccounts.com`,
        secret: r(ALNUM, 60),
      }),
    ),
  onepassword_secret_key: (r) =>
    `A3-${r(UPPER + DIGITS, 6)}-${r(UPPER + DIGITS, 6)}-${r(UPPER + DIGITS, 5)}-${
      r(UPPER + DIGITS, 5)
    }-${r(UPPER + DIGITS, 5)}-${r(UPPER + DIGITS, 5)}`,
  jwt: (r) =>
    `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${
      b64url(JSON.stringify({ sub: r(DIGITS, 10), iat: 1700000000, exp: 1800000000 }))
    }.${r(URL64, 42)}${r(ALNUM, 1)}`,
  database_url_password: (r) => {
    const secret = mixedValue(r);
    return { text: `DATABASE_URL=postgres://app:${secret}@db.internal:5432/app`, secret };
  },
  url_password: (r) => {
    const secret = mixedValue(r);
    return { text: `git clone https://deploy:${secret}@git.internal/repo.git`, secret };
  },
  planetscale_token: (r) => "pscale_tkn_" + r(URL64, 42) + r(ALNUM, 1),
  neon_api_key: (r) => "napi_" + r(LOWER + DIGITS, 64),
  generic_password: (r) => {
    const secret = mixedValue(r);
    return { text: `DB_PASSWORD=${secret}\n`, secret };
  },
  generic_secret: (r) => {
    const secret = mixedValue(r);
    return { text: `{"client_secret": "${secret}"}`, secret };
  },
  generic_token: (r) => {
    const secret = mixedValue(r);
    return { text: `api_key: '${secret}'`, secret };
  },
};

/** Sample `index` (0, 1, …) for `detector`, reproducible across runs. */
export function sampleFor(detector: string, index: number): Sample {
  const maker = SAMPLE_MAKERS[detector];
  if (maker === undefined) throw new Error(`no sample maker for ${detector}`);
  let seed = index * 7919 + 17;
  for (let i = 0; i < detector.length; i++) {
    seed = Math.imul(seed ^ detector.charCodeAt(i), 16777619);
  }
  const random = seededRandom(seed);
  const r = (alphabet: string, n: number) => {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(random() * alphabet.length)];
    return out;
  };
  const made = maker(r);
  return typeof made === "string" ? { text: made, secret: made } : made;
}
