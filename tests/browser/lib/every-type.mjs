// The fixture course courses/every-type, answered as a learner answers it: one question of
// each type on the page `types`, a pool (draw = 3 of 5) on the page `final`.
import assert from "node:assert/strict";

export const RIGHT = {
  "pick-one": { kind: "choice", value: "b" },
  "pick-many": { kind: "multiple", value: ["a", "c"] },
  "sky-blue": { kind: "true-false", value: "true" },
  capital: { kind: "fill-in", value: "  paris " },
  boiling: { kind: "numeric", value: "100" },
  tools: { kind: "matching", value: { ping: "checks reachability", traceroute: "shows the path", dig: "resolves names" } },
  release: { kind: "sequencing", value: ["Build", "Test", "Deploy"] },
  warmup: { kind: "true-false", value: "false" },
};

export const WRONG = {
  "pick-one": { kind: "choice", value: "a" },
  "pick-many": { kind: "multiple", value: ["a"] },
  "sky-blue": { kind: "true-false", value: "false" },
  capital: { kind: "fill-in", value: "Lyon" },
  boiling: { kind: "numeric", value: "90,5" },
  tools: { kind: "matching", value: { ping: "shows the path", traceroute: "checks reachability", dig: "resolves names" } },
  release: { kind: "sequencing", value: ["Deploy", "Test", "Build"] },
  warmup: { kind: "true-false", value: "true" },
};

/** The order of a sequencing question's steps as shown. */
export async function stepOrder(fieldset) {
  return (await fieldset.locator("[data-step] .sp-step-label").allInnerTexts()).map((t) => t.trim());
}

/** Gives one answer through the controls a learner uses (accessible names where they matter). */
export async function give(fieldset, { kind, value }) {
  if (kind === "choice") await fieldset.locator(`input[value="${value}"]`).check();
  if (kind === "multiple") for (const key of value) await fieldset.locator(`input[value="${key}"]`).check();
  if (kind === "true-false") await fieldset.getByRole("radio", { name: value === "true" ? "True" : "False" }).check();
  if (kind === "fill-in" || kind === "numeric") await fieldset.getByRole("textbox").fill(value);
  if (kind === "matching") {
    for (const [left, right] of Object.entries(value)) {
      await fieldset.getByRole("combobox", { name: left }).selectOption({ label: right });
    }
  }
  if (kind === "sequencing") {
    // Moves each step up, by its "Move up: …" button, until the order is the one wanted.
    for (const [i, step] of value.entries()) {
      while ((await stepOrder(fieldset)).indexOf(step) > i) {
        await fieldset.getByRole("button", { name: `Move up: ${step}` }).click();
      }
    }
    assert.deepEqual(await stepOrder(fieldset), value);
  }
}

/** Answers the visible check's questions in the order shown; returns the ids in that order. */
export async function takeCheck(sco, answers) {
  const order = [];
  for (;;) {
    const fieldset = sco.locator("fieldset[data-question]:visible");
    await fieldset.waitFor({ state: "visible" });
    const id = await fieldset.getAttribute("data-question");
    order.push(id);
    await give(fieldset, answers[id]);
    await sco.locator('button[data-action="verify"]:visible').click();
    await fieldset.locator("[data-feedback]").waitFor({ state: "visible" });
    const next = sco.locator('button[data-action="next-question"]:visible');
    if (!(await next.count())) break;
    await next.click();
  }
  return order;
}

export async function nextPage(sco) {
  await sco.locator('[data-nav="next"]').click();
}

export const FINAL_RIGHT = Object.fromEntries(["f1", "f2", "f3", "f4", "f5"].map((id) => [id, { kind: "choice", value: "a" }]));
export const FINAL_WRONG = Object.fromEntries(["f1", "f2", "f3", "f4", "f5"].map((id) => [id, { kind: "choice", value: "b" }]));
