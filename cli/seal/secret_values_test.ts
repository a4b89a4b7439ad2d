import { deepStrictEqual } from "node:assert/strict";
import { secretValuesOf } from "./secret_values.ts";

Deno.test("secretValuesOf() takes dotenv values of 12 characters or more, unquoted", () => {
  const text = [
    "# comment = not a value",
    "DATABASE_URL=postgres://app:s3cretPassw0rd@db/app",
    'export API_KEY="sk_live_51HxAbCdEf0123456789"',
    "SHORT=abc",
    "PORT=8080",
    "TOKEN='tok_0123456789ab' ",
    "NOTE=Pass Phrase 2024 # trailing",
  ].join("\n");
  deepStrictEqual(secretValuesOf(text), [
    "postgres://app:s3cretPassw0rd@db/app",
    "sk_live_51HxAbCdEf0123456789",
    "tok_0123456789ab",
    "Pass Phrase 2024",
  ]);
});

Deno.test("secretValuesOf() takes PEM body lines after the first", () => {
  const body = Array.from({ length: 4 }, (_, i) => `QUJDREVGR0hJSktMTU5PUFFSU1RVVldY${i}`);
  const text = `-----BEGIN PRIVATE KEY-----\n${body.join("\n")}\n-----END PRIVATE KEY-----\n`;
  deepStrictEqual(secretValuesOf(text), body.slice(1));
});

Deno.test("secretValuesOf() takes URL passwords and long mixed tokens from other files", () => {
  deepStrictEqual(secretValuesOf("https://user:ghp_TokenValue123@github.com\n"), [
    "ghp_TokenValue123",
  ]);
  deepStrictEqual(secretValuesOf("machine h login u password Pa55wordLongEnough\n"), [
    "Pa55wordLongEnough",
  ]);
  deepStrictEqual(secretValuesOf("xoxb-1234567890-abcdefghij\n"), ["xoxb-1234567890-abcdefghij"]);
});

Deno.test("secretValuesOf() leaves out plain settings that would block ordinary traffic", () => {
  const text = "APP_NAME=my-awesome-application\nAPI_URL=http://localhost:3000/api\n" +
    "HOOK=https://hooks.example/T0123456789/B0123456789/abcdefghijklmnopqrstuvwx\n";
  deepStrictEqual(secretValuesOf(text), [
    "https://hooks.example/T0123456789/B0123456789/abcdefghijklmnopqrstuvwx",
  ]);
});
