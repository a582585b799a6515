// The package's own words in the learner's language, in Chromium with scorm-again as the LMS, on
// fixture courses built here by the real binary (courses/lang-fr-ca, courses/lang-ar): buttons,
// positions and the result line in French (fr-CA falls back to fr), and an Arabic course laid out
// right to left.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { assertCleanLaunch, buildFixture, firstLaunchCmi, lastCommit, startRig, withSession } from "./lib/harness.mjs";

async function answer(sco, id, value, last) {
  const fieldset = sco.locator(`[data-quiz] fieldset[data-question="${id}"]`);
  await fieldset.waitFor({ state: "visible" });
  await fieldset.locator(`input[type="radio"][value="${value}"]`).check();
  await sco.locator('[data-quiz] button[data-action="verify"]:visible').click();
  if (!last) await sco.locator('[data-quiz] button[data-action="next-question"]:visible').click();
}

describe("the package's words in the course's language", () => {
  const cleanup = [];
  after(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  async function run(fixture, fn) {
    const zip = buildFixture(fixture);
    cleanup.push(() => rmSync(path.dirname(zip), { recursive: true, force: true }));
    const rig = await startRig(zip);
    cleanup.push(() => rig.stop());
    return withSession(rig, {}, async (s) => {
      const launch = await s.launch(firstLaunchCmi(rig.manifest));
      await fn(launch.sco);
      const record = await s.closeLms(launch);
      assertCleanLaunch(record);
      s.assertNoBrowserProblems();
      return lastCommit(record);
    });
  }

  it("a course in fr-CA shows French buttons, positions and result", { timeout: 90_000 }, async () => {
    const stored = await run("lang-fr-ca", async (sco) => {
      await sco.getByRole("button", { name: "Valider" }).waitFor({ state: "visible" });
      assert.equal(await sco.locator("html").getAttribute("lang"), "fr-CA");
      assert.match(await sco.locator("[data-page-position]").innerText(), /^Page 1 sur 1$/);
      assert.match(await sco.locator('fieldset[data-question="first"] .sp-qpos').innerText(), /^Question 1\/2$/);
      await answer(sco, "first", "a", false);
      assert.match(await sco.locator('fieldset[data-question="first"] [data-verdict]').innerText(), /Correct/);
      await answer(sco, "second", "a", true);
      const result = await sco.locator("[data-result]").innerText();
      assert.match(result, /^Score : 50\s%\s— pas encore réussi \(80\s%\srequis\)$/);
      assert.equal(await sco.getByRole("button", { name: "Recommencer" }).isVisible(), true);
    });
    assert.equal(stored["cmi.core.score.raw"], "50");
  });

  it("an Arabic course is laid out right to left with Arabic buttons", { timeout: 90_000 }, async () => {
    await run("lang-ar", async (sco) => {
      await sco.getByRole("button", { name: "تحقّق" }).waitFor({ state: "visible" });
      assert.equal(await sco.locator("html").getAttribute("dir"), "rtl");
      assert.equal(await sco.locator("body").evaluate((b) => getComputedStyle(b).direction), "rtl");
      assert.equal(await sco.getByRole("button", { name: "التالي" }).count(), 1);
      assert.equal(await sco.getByRole("navigation", { name: "الصفحات" }).count(), 1);
    });
  });
});
