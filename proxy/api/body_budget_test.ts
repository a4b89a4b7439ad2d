import { strictEqual } from "node:assert/strict";
import { BodyBudget } from "./body_budget.ts";

Deno.test("BodyBudget takes only what fits and takes it back in full", () => {
  const budget = new BodyBudget(100);
  strictEqual(budget.take(60), true);
  strictEqual(budget.take(41), false);
  strictEqual(budget.held, 60);
  strictEqual(budget.take(40), true);
  strictEqual(budget.take(1), false);
  budget.give(100);
  strictEqual(budget.held, 0);
  strictEqual(budget.take(100), true);
});

Deno.test("BodyBudget refuses a negative take and never goes below zero", () => {
  const budget = new BodyBudget(10);
  strictEqual(budget.take(-5), false);
  budget.give(5);
  strictEqual(budget.held, 0);
  strictEqual(budget.take(10), true);
});
