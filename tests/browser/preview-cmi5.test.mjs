// The preview's cmi5 LMS: the rules of preview/cmi5.js in Node (each broken rule flagged, a good
// session passing clean), then `scormpack preview` as the real binary (SCORMPACK_BIN) on a copy
// of the default course, switched to cmi5: the course runs as an AU against the preview's own
// fetch URL and LRS, and the page lists its statements with no rule broken; Browse mode flags
// nothing either, because the AU judges nothing there.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Session, eventually, launchChromium, workspaceRoot } from "./lib/harness.mjs";
import { startPreview } from "./lib/preview.mjs";

await import(path.join(workspaceRoot, "preview", "cmi5.js"));
const { check } = globalThis.ScormpackCmi5;

const AU = "https://courses.example.com/c/au";
const SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
const CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
const MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";

/** A statement of session `s` as the AU makes it. */
function st(id, verb, { session = "s1", result, defined = true, object = AU, moveOn } = {}) {
  const category = defined ? [{ id: CMI5 }] : [];
  if (moveOn ?? ["passed", "failed", "completed"].includes(verb)) category.push({ id: MOVEON });
  return {
    id,
    verb: { id: `http://adlnet.gov/expapi/verbs/${verb}` },
    object: { id: object },
    result,
    context: { registration: "r", contextActivities: { category }, extensions: { [SESSION]: session } },
  };
}

const launch = { au: AU, sessions: { s1: { launchMode: "Normal", masteryScore: 0.8 } } };
const goodSession = () => [
  st("1", "initialized"),
  st("2", "answered", { defined: false, object: `${AU}/q1`, result: { response: "b", success: true } }),
  st("3", "passed", { result: { success: true, score: { scaled: 1 }, duration: "PT1S" } }),
  st("4", "completed", { result: { completion: true, duration: "PT1S" } }),
  st("5", "terminated", { result: { duration: "PT2S" } }),
];

describe("the cmi5 rules of the preview's LMS (preview/cmi5.js)", () => {
  it("a good session breaks none", () => {
    assert.deepEqual(check(goodSession(), launch), []);
  });

  it("flags each broken rule on the statement that breaks it", () => {
    const cases = [
      [[st("1", "answered", { defined: false })], "1", /before initialized/],
      [[...goodSession(), st("6", "answered", { defined: false })], "6", /after terminated/],
      [[st("1", "initialized", { session: "other" })], "1", /no session id of a launch/],
      [[st("1", "initialized"), st("2", "passed", { result: { success: true, score: { scaled: 0.5 }, duration: "PT1S" } })], "2", /below the masteryScore 0.8/],
      [[st("1", "initialized"), st("2", "failed", { result: { success: false, score: { scaled: 0.9 }, duration: "PT1S" } })], "2", /at or above the masteryScore/],
      [[st("1", "initialized"), st("2", "completed", { result: { completion: true } })], "2", /no result.duration/],
      [[st("1", "initialized"), st("2", "answered", { defined: false, moveOn: false }), st("3", "initialized")], "3", /second initialized/],
      [[st("1", "initialized"), { ...st("2", "answered"), context: { ...st("2", "answered").context } }], "2", /must not carry the cmi5 category/],
      [[st("1", "initialized", { object: "https://elsewhere.example/x" })], "1", /not about the AU/],
      [[st("1", "initialized"), st("2", "completed", { result: { completion: true, duration: "PT1S" }, moveOn: false })], "2", /no moveon category/],
    ];
    for (const [statements, id, reason] of cases) {
      const found = check(statements, launch);
      assert.ok(found.some((f) => f.id === id && reason.test(f.reason)), `${reason} on ${id}: ${JSON.stringify(found)}`);
    }
    const browse = { au: AU, sessions: { s1: { launchMode: "Browse" } } };
    const judged = check(goodSession(), browse).filter((f) => /Browse mode/.test(f.reason)).map((f) => f.id);
    assert.deepEqual(judged, ["3", "4"]);
  });
});

describe("scormpack preview as a cmi5 LMS", () => {
  let course;
  let preview;
  let browser;
  let session;

  before(async () => {
    course = mkdtempSync(path.join(tmpdir(), "scormpack-preview-cmi5-"));
    cpSync(path.join(workspaceRoot, "content"), course, { recursive: true });
    preview = await startPreview(course);
    browser = await launchChromium();
  });
  after(async () => {
    await session?.close();
    await browser?.close();
    preview?.child.kill();
    if (course) rmSync(course, { recursive: true, force: true });
  });

  /** The statement list of the page: [verb, violation reasons]. */
  async function statements(page) {
    return page.locator("#statements li[data-statement]").evaluateAll((items) =>
      items.map((li) => [li.getAttribute("data-verb"), [...li.querySelectorAll(".reason")].map((r) => r.textContent)]));
  }

  async function takeQuiz(sco) {
    for (let i = 0; i < 10; i++) {
      if (await sco.locator('section[data-page="knowledge-check"]').isVisible()) break;
      await sco.locator('button[data-nav="next"]:visible').first().click();
    }
    for (const question of ["ops-liaison", "platform-bottleneck"]) {
      const fieldset = sco.locator(`fieldset[data-question="${question}"]`);
      await fieldset.locator('input[value="b"]').check();
      await sco.locator('button[data-action="verify"]').click();
      await fieldset.locator("[data-feedback]").waitFor({ state: "visible" });
      if (question === "ops-liaison") await sco.locator('button[data-action="next-question"]').click();
    }
  }

  it("runs the course as an AU and lists its statements, none breaking a rule", { timeout: 60_000 }, async () => {
    session = await new Session({ browser, server: { origin: preview.origin } }).open();
    const page = await session.page("/");
    const sco = page.frameLocator("#sco");
    // The switch comes once the first launch (SCORM 1.2) has started, as a designer's would:
    // a switch while that SCO's files are still loading can, about one time in four in
    // Chromium, leave a script request of the next SCO unanswered (its load cancelled by the
    // switch; Reset recovers), which is a separate problem of the preview server.
    await sco.locator("[data-pager]").waitFor({ state: "visible" });
    await page.locator("#standard").selectOption("cmi5");
    await sco.locator("[data-pager]").waitFor({ state: "visible" });
    await takeQuiz(sco);
    await eventually(async () => {
      const list = await statements(page);
      assert.deepEqual(list.map(([verb]) => verb), ["launched", "initialized", "answered", "answered", "passed", "completed"]);
    }, 10_000);
    assert.deepEqual((await statements(page)).flatMap(([, reasons]) => reasons), [], "rules broken");

    // Browse mode: a relaunch in a new session that judges nothing.
    await page.locator("#mode").selectOption("Browse");
    await sco.locator("[data-pager]").waitFor({ state: "visible" });
    await eventually(async () => {
      // The closed session's terminated leaves with keepalive, and may reach the LRS after
      // the new launch's statements.
      const verbs = (await statements(page)).map(([verb]) => verb);
      assert.deepEqual(verbs.slice(6).sort(), ["initialized", "launched", "terminated"]);
      assert.ok(verbs.lastIndexOf("launched") < verbs.lastIndexOf("initialized"), verbs.join(" "));
    }, 10_000);
    assert.deepEqual((await statements(page)).flatMap(([, reasons]) => reasons), [], "rules broken");
    session.assertNoBrowserProblems();
  });
});
