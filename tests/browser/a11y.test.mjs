// Accessibility audits with axe-core (the engine of Lighthouse and most audit tools) in
// Chromium: the WCAG 2.0/2.1 A and AA rules at 1280 and 360 px, in the dark and the light
// scheme, on every page of the default course, of courses/wide (a wide image, table and code
// line), of courses/every-type (every kind of question) and of courses/lang-de (German, with
// umlauts, ß, accents and a brand accent colour) — each question before an answer and with its
// feedback shown, and each check's result. Hidden parts are not audited, so each state is shown
// in turn. Two controls prove the audit sees what it should: a nameless button, and a table box
// that scrolls without being focusable.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { Session, browserTestsDir, buildCourse, buildFixture, startRig, workspaceRoot } from "./lib/harness.mjs";
import { WRONG, give } from "./lib/every-type.mjs";

const AXE = path.join(browserTestsDir, "node_modules", "axe-core", "axe.min.js");
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const WIDTHS = [1280, 360];

/** What each audit looked at, by test: proves the walk reached every state. */
let audited = [];

/** The axe violations of what the page shows now, one line each. */
async function audit(page, where) {
  audited.push(where);
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), WCAG_21_AA);
  return result.violations.flatMap((v) => v.nodes.map((n) => `${where}: ${v.id} (${v.impact}) at ${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`));
}

/** course.toml for the light scheme: its [theme] replaced (an accent dark enough for white). */
function light(toml) {
  const at = toml.indexOf("\n[theme]");
  const rest = at < 0 ? toml : toml.slice(0, at);
  const accent = /\naccent = /.test(toml) ? 'accent = "#9a4a00"\n' : "";
  return `${rest}\n[theme]\nscheme = "light"\n${accent}`;
}

/** Some answer to a question the answers table does not know: its first option, any text. */
async function anyAnswer(fieldset) {
  const type = await fieldset.getAttribute("data-type");
  if (type === "choice" || type === "multiple" || type === "true-false") await fieldset.locator("input").first().check();
  if (type === "fill-in" || type === "numeric") await fieldset.getByRole("textbox").fill("1");
  if (type === "matching") for (const select of await fieldset.locator("select").all()) await select.selectOption({ index: 1 });
  // sequencing: the order shown is an answer.
}

/** The courses, by name, and how each is built in each scheme (the zip's folder is removed after). */
const COURSES = {
  default: (scheme) => buildCourse(path.join(workspaceRoot, "content"), "default", "scorm12", scheme === "light" ? { toml: light } : {}),
  wide: (scheme) => buildFixture("wide", "scorm12", scheme === "light" ? { toml: light } : {}),
  "every-type": (scheme) => buildFixture("every-type", "scorm12", scheme === "light" ? { toml: light } : {}),
  "lang-de": (scheme) => buildFixture("lang-de", "scorm12", scheme === "light" ? { toml: light } : {}),
};

/**
 * The states each course shows, so a walk that stops early fails: its pages, and for each
 * question shown its feedback, the next question unanswered and each check's result.
 */
const STATES = {
  // 5 pages; 2 questions: 2 with feedback, 1 more unanswered, 1 result.
  default: 5 + 4,
  wide: 1,
  // 3 pages; 8 questions (8 with feedback, 7 more unanswered, 1 result), then a pool of 3 (3 + 2 + 1).
  "every-type": 3 + 16 + 6,
  // 2 pages; 3 questions: 3 with feedback, 2 more unanswered, 1 result.
  "lang-de": 2 + 6,
};

describe("WCAG 2.1 AA audits with axe-core", () => {
  const cleanups = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** Opens the package at `width` px (standalone: each open starts unanswered) and runs `fn(page)`. */
  async function withPackage(zip, width, fn) {
    const rig = await startRig(zip);
    const s = await new Session(rig, { viewport: { width, height: 800 } }).open();
    try {
      const page = await s.page("/sco/index.html");
      await page.locator("[data-pager]").waitFor({ state: "visible" });
      await fn(page);
      s.assertNoBrowserProblems();
    } finally {
      await s.close();
      await rig.stop();
    }
  }

  /**
   * Every page in turn; on a page with a check, each question unanswered and with its
   * feedback (a wrong answer where `answers` knows one), then the check's result.
   */
  async function walk(page, where, answers = {}) {
    const found = [];
    const count = await page.locator("section[data-page]").count();
    for (let i = 0; i < count; i++) {
      const id = await page.locator("section[data-page]:not([hidden])").getAttribute("data-page");
      found.push(...(await audit(page, `${where} page ${id}`)));
      while (await page.locator("fieldset[data-question]:visible").count()) {
        const fieldset = page.locator("fieldset[data-question]:visible");
        const q = await fieldset.getAttribute("data-question");
        if (answers[q]) await give(fieldset, answers[q]);
        else await anyAnswer(fieldset);
        await page.locator('button[data-action="verify"]:visible').click();
        await fieldset.locator("[data-feedback]").waitFor({ state: "visible" });
        found.push(...(await audit(page, `${where} ${q} with feedback`)));
        const next = page.locator('button[data-action="next-question"]:visible');
        if (!(await next.count())) {
          found.push(...(await audit(page, `${where} page ${id} result`)));
          break;
        }
        await next.click();
        found.push(...(await audit(page, `${where} ${await page.locator("fieldset[data-question]:visible").getAttribute("data-question")} unanswered`)));
      }
      if (i < count - 1) await page.locator('[data-nav="next"]').click();
    }
    return found;
  }

  for (const [course, build] of Object.entries(COURSES)) {
    for (const scheme of ["dark", "light"]) {
      it(`${course}, ${scheme}: every page and every question state passes at ${WIDTHS.join(" and ")} px`, { timeout: 300_000 }, async () => {
        const zip = build(scheme);
        cleanups.push(() => rmSync(path.dirname(zip), { recursive: true, force: true }));
        const found = [];
        audited = [];
        for (const width of WIDTHS) {
          await withPackage(zip, width, async (page) => {
            found.push(...(await walk(page, `${width} px`, course === "every-type" ? WRONG : {})));
          });
        }
        assert.deepEqual(found, [], "axe violations");
        for (const width of WIDTHS) {
          const states = audited.filter((where) => where.startsWith(`${width} px `));
          assert.equal(states.length, STATES[course], `${course} at ${width} px: ${states.join(", ")}`);
        }
      });
    }
  }

  it("the audit sees a nameless button, and a table box that scrolls without being focusable", { timeout: 120_000 }, async () => {
    const zip = buildFixture("wide");
    cleanups.push(() => rmSync(path.dirname(zip), { recursive: true, force: true }));
    await withPackage(zip, 360, async (page) => {
      const box = page.locator(".sp-table");
      await page.locator(".sp-scroll-hint").waitFor({ state: "visible" });
      assert.deepEqual(await audit(page, "as built"), []);
      // What the runtime did, undone: the box scrolls, and a keyboard cannot reach it.
      await box.evaluate((el) => el.removeAttribute("tabindex"));
      const control = await audit(page, "control");
      assert.ok(
        control.some((line) => line.includes("scrollable-region-focusable") && line.includes(".sp-table")),
        `axe missed a table box a keyboard cannot scroll: ${control}`,
      );
      await page.evaluate(() => document.querySelector("section[data-page]:not([hidden])").append(document.createElement("button")));
      const named = await audit(page, "control");
      assert.ok(named.some((line) => line.includes("button-name")), `axe missed a nameless button: ${named}`);
    });
  });
});
