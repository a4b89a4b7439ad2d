import { rejects, strictEqual } from "node:assert/strict";
import { onFirstUse } from "./on_first_use.ts";

Deno.test("onFirstUse() builds nothing until asked, then once for every caller", async () => {
  let builds = 0;
  const value = onFirstUse(() => Promise.resolve(++builds));
  strictEqual(value.built(), undefined);
  strictEqual(builds, 0);
  const [a, b] = await Promise.all([value.get(), value.get()]);
  strictEqual(a, 1);
  strictEqual(b, 1);
  strictEqual(await value.get(), 1);
  strictEqual(await value.built(), 1);
  strictEqual(builds, 1);
});

Deno.test("onFirstUse() fails every caller alike when its build fails", async () => {
  let builds = 0;
  const value = onFirstUse<number>(() => {
    builds++;
    return Promise.reject(new Error("no module"));
  });
  await rejects(value.get(), /no module/);
  await rejects(value.get(), /no module/);
  strictEqual(builds, 1);
});
