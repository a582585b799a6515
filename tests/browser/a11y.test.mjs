// Accessibility audits with axe-core (the engine of Lighthouse and most audit tools) in
// Chromium: the WCAG 2.1 A and AA rules on every page of the default course, and on every kind
// of question of courses/every-type — before an answer and with its feedback shown — in the
// dark and the light scheme. Hidden parts are not audited, so each state is shown in turn.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { Session, browserTestsDir, buildFixture, packageZip, scormpackBin, startRig } from "./lib/harness.mjs";
import { WRONG, give } from "./lib/every-type.mjs";

const AXE = path.join(browserTestsDir, "node_modules", "axe-core", "axe.min.js");
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** The axe violations of what the page shows now, one line each. */
async function audit(page, where) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), WCAG_21_AA);
  return result.violations.flatMap((v) => v.nodes.map((n) => `${where}: ${v.id} (${v.impact}) at ${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`));
}

/** The every-type fixture built with `scheme = "light"` from a copy of its folder. */
function buildLight() {
  const dir = mkdtempSync(path.join(tmpdir(), "scormpack-a11y-"));
  const course = path.join(dir, "every-type");
  cpSync(path.join(browserTestsDir, "courses", "every-type"), course, { recursive: true });
  appendFileSync(path.join(course, "course.toml"), '\n[theme]\nscheme = "light"\n');
  const out = path.join(dir, "every-type-light.zip");
  execFileSync(scormpackBin, ["build", course, "--quiet", "-o", out], { stdio: ["ignore", "pipe", "pipe"] });
  return out;
}

describe("WCAG 2.1 AA audits with axe-core", () => {
  const cleanups = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function withPackage(zip, fn) {
    const rig = await startRig(zip);
    cleanups.push(() => rig.stop());
    const s = await new Session(rig).open();
    try {
      const page = await s.page("/sco/index.html");
      await page.locator("[data-pager]").waitFor({ state: "visible" });
      await fn(page);
    } finally {
      await s.close();
    }
  }

  it("every page of the default course passes", { timeout: 120_000 }, async () => {
    const found = [];
    await withPackage(packageZip(), async (page) => {
      const count = await page.locator("section[data-page]").count();
      for (let i = 0; i < count; i++) {
        const id = await page.locator("section[data-page]:not([hidden])").getAttribute("data-page");
        found.push(...(await audit(page, `page ${id}`)));
        if (i < count - 1) await page.locator('[data-nav="next"]').click();
      }
      // The audit sees what it should: a button without a name, added here, is a violation.
      await page.evaluate(() => document.querySelector("section[data-page]:not([hidden])").append(document.createElement("button")));
      const control = await audit(page, "control");
      assert.ok(control.some((line) => line.includes("button-name")), `axe missed a nameless button: ${control}`);
    });
    assert.deepEqual(found, [], "axe violations");
  });

  for (const [scheme, build] of [["dark", () => buildFixture("every-type")], ["light", buildLight]]) {
    it(`every kind of question passes, unanswered and with its feedback, in the ${scheme} scheme`, { timeout: 180_000 }, async () => {
      const zip = build();
      cleanups.push(() => rmSync(path.dirname(zip), { recursive: true, force: true }));
      const found = [];
      await withPackage(zip, async (page) => {
        await page.locator('[data-nav="next"]').click();
        for (;;) {
          const fieldset = page.locator("fieldset[data-question]:visible");
          const id = await fieldset.getAttribute("data-question");
          found.push(...(await audit(page, `${id} unanswered`)));
          await give(fieldset, WRONG[id]);
          await page.locator('button[data-action="verify"]:visible').click();
          found.push(...(await audit(page, `${id} with feedback`)));
          const next = page.locator('button[data-action="next-question"]:visible');
          if (!(await next.count())) break;
          await next.click();
        }
        // The check's result and the attempts line.
        found.push(...(await audit(page, "result")));
      });
      assert.deepEqual(found, [], "axe violations");
    });
  }
});
