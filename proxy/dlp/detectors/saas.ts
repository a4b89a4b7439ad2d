/**
 * Detectors for messaging, payments and SaaS APIs. Each entry documents the
 * format it matches: prefix or context, alphabet, length and any check.
 */
import { looksRandom } from "../_entropy.ts";
import {
  ALNUM,
  type Detector,
  expandAnchor,
  HEX_LOWER,
  LEFT as L,
  RIGHT as R,
  RIGHT_URL as RU,
} from "../detector.ts";

/** Regex source: a key's end and its assignment (`"key": "`, `KEY=`, `key => '`). */
const ASSIGN = `["']?\\s*(?:=>|:=|[:=])\\s*["']?`;
const DIGITS = "0123456789";

/** A token that is `prefix` + 32 lower-case hex digits (Shopify's four kinds). */
function hex32(name: string, prefix: string): Detector {
  return {
    name,
    anchors: [prefix],
    pattern: new RegExp(`${L}${prefix}[0-9a-fA-F]{32}${R}`, "y"),
  };
}

/** Messaging, payments and SaaS APIs. */
export const SAAS_DETECTORS: readonly Detector[] = [
  // Slack bot token: `xoxb-` + workspace and bot numbers + 24 alphanumerics, dash-separated.
  {
    name: "slack_bot_token",
    anchors: ["xoxb-"],
    pattern: new RegExp(`${L}xoxb-[0-9]{8,14}-[0-9A-Za-z-]{10,}`, "y"),
  },
  // Slack user token: `xoxp-` + three numbers + 32 hex digits, dash-separated.
  {
    name: "slack_user_token",
    anchors: ["xoxp-"],
    pattern: new RegExp(`${L}xoxp-[0-9]{8,14}-[0-9A-Za-z-]{10,}`, "y"),
  },
  // Slack workspace, legacy and session tokens: `xoxa-`, `xoxs-`, `xoxc-`, `xoxd-` + parts.
  {
    name: "slack_legacy_token",
    anchors: ["xoxa-", "xoxs-", "xoxc-", "xoxd-", "xoxo-"],
    pattern: new RegExp(`${L}xox[ascdo]-[0-9A-Za-z%-]{20,}`, "y"),
    check: (s) => looksRandom(s.slice(5), 3.5),
  },
  // Slack refresh and rotating tokens: `xoxr-` or `xoxe-` / `xoxe.xoxp-` + parts.
  {
    name: "slack_refresh_token",
    anchors: ["xoxr-", "xoxe-", "xoxe.xox"],
    pattern: new RegExp(`${L}xox(?:r|e(?:\\.xox[bp])?)-[0-9A-Za-z-]{20,}`, "y"),
    check: (s) => looksRandom(s, 3.5),
  },
  // Slack app-level token: `xapp-` + a digit + `-` + app ID + `-` + number + `-` + 64 hex.
  {
    name: "slack_app_token",
    anchors: ["xapp-"],
    pattern: new RegExp(`${L}xapp-\\d-[A-Z0-9]{9,12}-\\d{10,14}-[0-9a-f]{64}${R}`, "y"),
  },
  // Slack incoming webhook / workflow URL: `hooks.slack.com/services/T…/B…/` + 24
  // alphanumerics (or `/workflows/`, `/triggers/` + IDs and a secret).
  {
    name: "slack_webhook_url",
    anchors: ["hooks.slack.com/"],
    pattern:
      /hooks\.slack\.com\/(?:services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{24}|(?:workflows|triggers)\/T[A-Z0-9]{6,12}\/A[A-Z0-9]{6,12}\/\d+\/[A-Za-z0-9]{32})/y,
  },
  // Discord webhook URL: `discord.com/api/webhooks/` (or discordapp.com) + a
  // numeric ID + `/` + 60–80 base64url characters.
  {
    name: "discord_webhook_url",
    anchors: ["discord.com/api/webhooks/", "discordapp.com/api/webhooks/"],
    pattern: /discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,80}/y,
  },
  // Telegram bot token: the bot's numeric ID (8–10 digits) + `:AA` + 33 base64url
  // characters (`AA` is the start of every current secret part).
  {
    name: "telegram_bot_token",
    anchors: expandAnchor(":AA", ALNUM + "_-"),
    back: [8, 10],
    pattern: /(?<![0-9])[0-9]{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/y,
    check: (s) => looksRandom(s.slice(s.indexOf(":") + 3), 3.5),
  },
  // Stripe secret key: `sk_live_` or `sk_test_` + 24 or more alphanumerics
  // (99 in the newest). Test-mode keys are secret too.
  {
    name: "stripe_secret_key",
    anchors: ["sk_live_", "sk_test_"],
    pattern: new RegExp(`${L}sk_(?:live|test)_[A-Za-z0-9]{24,247}${R}`, "y"),
    check: (s) => looksRandom(s.slice(8), 3.5),
  },
  // Stripe restricted key: `rk_live_` or `rk_test_` + 24 or more alphanumerics.
  {
    name: "stripe_restricted_key",
    anchors: ["rk_live_", "rk_test_"],
    pattern: new RegExp(`${L}rk_(?:live|test)_[A-Za-z0-9]{24,247}${R}`, "y"),
    check: (s) => looksRandom(s.slice(8), 3.5),
  },
  // Stripe webhook signing secret: `whsec_` + 32 or more base64 characters.
  {
    name: "stripe_webhook_secret",
    anchors: ["whsec_"],
    pattern: new RegExp(`${L}whsec_[A-Za-z0-9+/]{32,}={0,2}`, "y"),
    check: (s) => looksRandom(s.slice(6), 4),
  },
  // Square access token: `sq0atp-` + 22 base64url characters.
  {
    name: "square_access_token",
    anchors: ["sq0atp-"],
    pattern: new RegExp(`${L}sq0atp-[A-Za-z0-9_-]{22}${RU}`, "y"),
  },
  // Square OAuth secret: `sq0csp-` + 43 base64url characters.
  {
    name: "square_oauth_secret",
    anchors: ["sq0csp-"],
    pattern: new RegExp(`${L}sq0csp-[A-Za-z0-9_-]{43}${RU}`, "y"),
  },
  // Shopify access token: `shpat_` + 32 hex digits.
  hex32("shopify_access_token", "shpat_"),
  // Shopify custom app access token: `shpca_` + 32 hex digits.
  hex32("shopify_custom_app_token", "shpca_"),
  // Shopify private app password: `shppa_` + 32 hex digits.
  hex32("shopify_private_app_token", "shppa_"),
  // Shopify app shared secret: `shpss_` + 32 hex digits.
  hex32("shopify_shared_secret", "shpss_"),
  // SendGrid API key: `SG.` + 22 base64url characters + `.` + 43 base64url characters.
  {
    name: "sendgrid_api_key",
    anchors: expandAnchor("SG.", ALNUM + "_-"),
    pattern: new RegExp(`${L}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${RU}`, "y"),
  },
  // Twilio API key SID: `SK` + 32 lower-case hex digits (its secret is shown
  // once, alongside it).
  {
    name: "twilio_api_key",
    anchors: [...HEX_LOWER].flatMap((a) => [...HEX_LOWER].map((b) => `SK${a}${b}`)),
    pattern: new RegExp(`${L}SK[0-9a-f]{32}${R}`, "y"),
    check: (s) => looksRandom(s.slice(2), 3),
  },
  // Twilio auth token, in context: 32 hex digits assigned to `TWILIO_AUTH_TOKEN`.
  {
    name: "twilio_auth_token",
    anchors: ["twilio_auth_token", "twilio-auth-token", "twilioauthtoken"],
    ignoreCase: true,
    pattern: new RegExp(`twilio[_-]?auth[_-]?token${ASSIGN}(?<secret>[0-9a-f]{32})${R}`, "iyd"),
    check: (s) => looksRandom(s, 3),
  },
  // Mailgun private API key (legacy): `key-` + 32 lower-case hex digits.
  {
    name: "mailgun_api_key",
    anchors: ["key-"],
    pattern: new RegExp(`${L}key-[0-9a-f]{32}${R}`, "y"),
    check: (s) => looksRandom(s.slice(4), 3),
  },
  // Mailchimp API key: 32 lower-case hex digits + `-us` + a data-centre number.
  {
    name: "mailchimp_api_key",
    anchors: expandAnchor("-us", DIGITS),
    back: 32,
    pattern: new RegExp(`${L}[0-9a-f]{32}-us\\d{1,2}${R}`, "y"),
    check: (s) => looksRandom(s.slice(0, 32), 3),
  },
  // Brevo (Sendinblue) API key: `xkeysib-` + 64 hex digits + `-` + 16 alphanumerics.
  {
    name: "brevo_api_key",
    anchors: ["xkeysib-"],
    pattern: new RegExp(`${L}xkeysib-[0-9a-f]{64}-[A-Za-z0-9]{16}${R}`, "y"),
  },
  // Linear personal API key: `lin_api_` + 40 alphanumerics.
  {
    name: "linear_api_key",
    anchors: ["lin_api_"],
    pattern: new RegExp(`${L}lin_api_[A-Za-z0-9]{40}${R}`, "y"),
  },
  // Linear OAuth access token: `lin_oauth_` + 64 hex digits.
  {
    name: "linear_oauth_token",
    anchors: ["lin_oauth_"],
    pattern: new RegExp(`${L}lin_oauth_[0-9a-f]{64}${R}`, "y"),
  },
  // Notion integration token (current): `ntn_` + 11 digits + 35 alphanumerics.
  {
    name: "notion_token",
    anchors: ["ntn_"],
    pattern: new RegExp(`${L}ntn_[0-9]{11}[A-Za-z0-9]{35}${R}`, "y"),
  },
  // Notion integration token (legacy): `secret_` + 43 alphanumerics.
  {
    name: "notion_token_legacy",
    anchors: ["secret_"],
    pattern: new RegExp(`${L}secret_[A-Za-z0-9]{43}${R}`, "y"),
    check: (s) => looksRandom(s.slice(7), 4),
  },
  // Sentry organisation auth token: `sntrys_` + base64 of a JSON object (`eyJ…`)
  // + `_` + a base64 secret.
  {
    name: "sentry_org_token",
    anchors: ["sntrys_"],
    pattern: new RegExp(`${L}sntrys_eyJ[A-Za-z0-9+/=]{40,}_[A-Za-z0-9+/]{20,}={0,2}`, "y"),
  },
  // Sentry user auth token: `sntryu_` + 64 hex digits.
  {
    name: "sentry_user_token",
    anchors: ["sntryu_"],
    pattern: new RegExp(`${L}sntryu_[0-9a-f]{64}${R}`, "y"),
  },
  // New Relic user API key: `NRAK-` + 27 upper-case alphanumerics.
  {
    name: "newrelic_user_api_key",
    anchors: ["NRAK-"],
    pattern: new RegExp(`${L}NRAK-[A-Z0-9]{27}${R}`, "y"),
  },
  // New Relic admin API key: `NRAA-` + 27 hex digits.
  {
    name: "newrelic_admin_api_key",
    anchors: ["NRAA-"],
    pattern: new RegExp(`${L}NRAA-[a-fA-F0-9]{27}${R}`, "y"),
  },
  // New Relic Insights insert / query key: `NRII-` or `NRIQ-` + 32 base64url characters.
  {
    name: "newrelic_insights_key",
    anchors: ["NRII-", "NRIQ-"],
    pattern: new RegExp(`${L}NRI[IQ]-[A-Za-z0-9_-]{32}${RU}`, "y"),
  },
  // New Relic ingest licence key: 36 hex digits + `NRAL` (40 in all).
  {
    name: "newrelic_license_key",
    anchors: ["NRAL"],
    back: 36,
    pattern: new RegExp(`${L}[0-9a-f]{36}NRAL${R}`, "y"),
  },
  // Datadog API key, in context: 32 hex digits assigned to `DD_API_KEY` /
  // `DATADOG_API_KEY` or sent as `DD-API-KEY`.
  {
    name: "datadog_api_key",
    anchors: ["dd_api_key", "dd-api-key", "datadog_api_key", "datadog-api-key"],
    ignoreCase: true,
    pattern: new RegExp(`(?:dd|datadog)[_-]api[_-]key${ASSIGN}(?<secret>[0-9a-f]{32})${R}`, "iyd"),
    check: (s) => looksRandom(s, 3),
  },
  // Datadog application key, in context: 40 hex digits assigned to `DD_APP_KEY`
  // / `DATADOG_APP_KEY` or sent as `DD-APPLICATION-KEY`.
  {
    name: "datadog_app_key",
    anchors: [
      "dd_app_key",
      "dd-app-key",
      "dd_application_key",
      "dd-application-key",
      "datadog_app",
    ],
    ignoreCase: true,
    pattern: new RegExp(
      `(?:dd|datadog)[_-]app(?:lication)?[_-]key${ASSIGN}(?<secret>[0-9a-f]{40})${R}`,
      "iyd",
    ),
    check: (s) => looksRandom(s, 3),
  },
  // Postman API key: `PMAK-` + 24 hex digits + `-` + 34 hex digits.
  {
    name: "postman_api_key",
    anchors: ["PMAK-"],
    pattern: new RegExp(`${L}PMAK-[0-9a-f]{24}-[0-9a-f]{34}${R}`, "y"),
  },
  // Figma personal access token: `figd_` + 40 or more base64url characters.
  {
    name: "figma_pat",
    anchors: ["figd_"],
    pattern: new RegExp(`${L}figd_[A-Za-z0-9_-]{40,}`, "y"),
  },
  // Firebase Cloud Messaging legacy server key: `AAAA` + 7 base64url characters
  // + `:APA91b` + 134 base64url characters.
  {
    name: "fcm_server_key",
    anchors: [":APA91b"],
    back: 11,
    pattern: /AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}/y,
  },
  // Contentful personal access token: `CFPAT-` + 43 base64url characters.
  {
    name: "contentful_pat",
    anchors: ["CFPAT-"],
    pattern: new RegExp(`${L}CFPAT-[A-Za-z0-9_-]{43}${RU}`, "y"),
  },
  // Mapbox secret token: `sk.eyJ` + base64url JSON + `.` + 22 base64url characters.
  {
    name: "mapbox_secret_token",
    anchors: ["sk.eyJ"],
    pattern: new RegExp(`${L}sk\\.eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{22}${RU}`, "y"),
  },
];
