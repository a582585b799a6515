// `scormpack preview` switched to SCORM 2004: the real binary (SCORMPACK_BIN) serves a copy of
// the default course, and the page runs its SCORM 2004 package against the strict API_1484_11 of
// preview/api2004.js. The learner passes the quiz with no rule broken, a relaunch resumes a
// suspended attempt and stores the data at Terminate without a Commit in the unload path, and one
// scripted learner commits the same data to the simulated LMS and to scorm-again.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Session, browserTestsDir, eventually, launchChromium, workspaceRoot } from "./lib/harness.mjs";
import { startPreview } from "./lib/preview.mjs";

const SCORM_AGAIN = path.join(browserTestsDir, "node_modules", "scorm-again", "dist", "scorm2004.js");

/** The API log of the preview page, one entry a line. */
async function logLines(page) {
  return page.locator("#log li").evaluateAll((items) => items.map((li) => li.firstChild.textContent));
}

async function waitForLog(page, line, timeout = 10_000) {
  await eventually(async () => {
    const lines = await logLines(page);
    assert.ok(lines.includes(line), `the API log has no line ${line}; it has:\n  ${lines.join("\n  ")}`);
  }, timeout);
}

describe("scormpack preview as a SCORM 2004 LMS", () => {
  let course;
  let preview;
  let browser;
  let session;

  before(async () => {
    course = mkdtempSync(path.join(tmpdir(), "scormpack-preview-2004-"));
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

  async function open() {
    await session?.close();
    session = await new Session({ browser, server: { origin: preview.origin } }).open();
    const page = await session.page("/");
    await waitForLog(page, 'LMSInitialize("") \u2192 "true"  [0]');
    await page.locator("#standard").selectOption("scorm2004");
    await waitForLog(page, 'Initialize("") \u2192 "true"  [0]');
    return page;
  }

  it("runs the course's SCORM 2004 package and logs a pass with no rule broken", { timeout: 60_000 }, async () => {
    const page = await open();
    assert.equal(await page.locator("#standard-name").innerText(), "SCORM 2004");
    const sco = page.frameLocator("#sco");
    for (let i = 0; i < 10; i++) {
      if (await sco.locator('section[data-page="knowledge-check"]').isVisible()) break;
      await sco.locator('button[data-nav="next"]:visible').first().click();
    }
    for (const [i, id] of ["ops-liaison", "platform-bottleneck"].entries()) {
      const fieldset = sco.locator(`fieldset[data-question="${id}"]`);
      await fieldset.waitFor({ state: "visible" });
      await fieldset.locator('input[type="radio"][value="b"]').check();
      await sco.locator('button[data-action="verify"]:visible').click();
      if (i === 0) await sco.locator('button[data-action="next-question"]:visible').click();
    }
    await waitForLog(page, 'SetValue("cmi.success_status", "passed") \u2192 "true"  [0]');
    await waitForLog(page, 'SetValue("cmi.interactions.0.id", "urn:scormpack:ops-integration:ops-liaison") \u2192 "true"  [0]');
    const violations = await page.locator("#log li.violation").allInnerTexts();
    assert.deepEqual(violations, [], "the default course breaks no strict SCORM 2004 rule");
    const cmi = await page.locator("#cmi").innerText();
    assert.match(cmi, /cmi\.completion_status = "completed"/);
    assert.match(cmi, /cmi\.score\.scaled = "1"/);
    assert.match(cmi, /cmi\.progress_measure = "1"/);
    assert.match(cmi, /cmi\.interactions\.1\.result = "correct"/);
    // The LMS gives the SCO the manifest's pass mark, as a real one does.
    assert.match(cmi, /cmi\.scaled_passing_score = "0\.8"/);
    // The SCORM 1.2 API is gone while SCORM 2004 runs.
    assert.equal(await page.evaluate(() => window.API), undefined);
    session.assertNoBrowserProblems();
  });

  it("resumes a suspended attempt, with Terminate and no Commit in the unload path", { timeout: 60_000 }, async () => {
    const page = await open();
    await page.locator("#reset").click();
    await eventually(async () => assert.match(await page.locator("#cmi").innerText(), /cmi\.entry = "ab-initio"/));
    const sco = page.frameLocator("#sco");
    await sco.locator('section[data-page="intro"]').waitFor({ state: "visible" });
    await sco.locator('button[data-nav="next"]:visible').first().click();
    await waitForLog(page, 'SetValue("cmi.location", "patterns") \u2192 "true"  [0]');
    const before = (await logLines(page)).length;
    await page.locator("#resume").click();
    await eventually(async () => assert.match(await page.locator("#cmi").innerText(), /cmi\.entry = "resume"/));
    await eventually(async () => assert.ok(await sco.locator('section[data-page="patterns"]').isVisible()));
    const unload = (await logLines(page)).slice(before);
    const launch = unload.findIndex((l) => l.includes("relaunch"));
    const closing = unload.slice(0, launch);
    assert.ok(closing.includes('SetValue("cmi.exit", "suspend") \u2192 "true"  [0]'), closing.join("\n"));
    assert.ok(closing.includes('Terminate("") \u2192 "true"  [0]'), closing.join("\n"));
    assert.ok(!closing.some((l) => l.startsWith("Commit(")), `a Commit in the unload path:\n${closing.join("\n")}`);
    assert.deepEqual(await page.locator("#log li.violation").allInnerTexts(), []);
  });

  it("shows a refused value with its SCORM 2004 error code and meaning", { timeout: 60_000 }, async () => {
    const page = await open();
    assert.equal(await page.evaluate(() => window.API_1484_11.SetValue("cmi.interactions.0.id", "ops-liaison")), "false");
    const violation = page.locator("#log li.violation").last();
    assert.equal(
      await violation.evaluate((li) => li.firstChild.textContent),
      'SetValue("cmi.interactions.0.id", "ops-liaison") \u2192 "false"  [406]',
    );
    assert.match(await violation.innerText(), /error 406 \(Data Model Element Type Mismatch\): cmi\.interactions\.0\.id must be a long_identifier_type/);
  });

  /** One learner's session as SetValue calls with valid SCORM 2004 values. */
  const LEARNER = [
    ["cmi.location", "knowledge-check"],
    ["cmi.suspend_data", '{"v":1,"answers":{"q1":"b"}}'],
    ["cmi.progress_measure", "0.8"],
    ["cmi.interactions.0.id", "urn:scormpack:ops-integration:ops-liaison"],
    ["cmi.interactions.0.type", "choice"],
    ["cmi.interactions.0.timestamp", "2026-12-03T10:15:00.12Z"],
    ["cmi.interactions.0.weighting", "1"],
    ["cmi.interactions.0.learner_response", "b"],
    ["cmi.interactions.0.correct_responses.0.pattern", "b"],
    ["cmi.interactions.0.result", "correct"],
    ["cmi.interactions.0.latency", "PT12.5S"],
    ["cmi.interactions.1.id", "urn:scormpack:ops-integration:deploy-window"],
    ["cmi.interactions.1.type", "numeric"],
    ["cmi.interactions.1.learner_response", "42"],
    ["cmi.interactions.1.correct_responses.0.pattern", "40[:]45"],
    ["cmi.interactions.1.result", "correct"],
    ["cmi.score.scaled", "1"],
    ["cmi.score.min", "0"],
    ["cmi.score.max", "100"],
    ["cmi.score.raw", "100"],
    ["cmi.completion_status", "completed"],
    ["cmi.success_status", "passed"],
    ["cmi.exit", "normal"],
  ];
  /** Values the SCORM 2004 data model forbids, and that scorm-again 3.4 accepts. */
  const WRONGLY_ACCEPTED = [
    ["cmi.interactions.2.id", "ops-liaison"],
    ["cmi.interactions.0.timestamp", "2026-12-03T10:15:00.123456Z"],
    ["cmi.interactions.0.latency", "P1W"],
  ];

  it("ends with the same committed data as scorm-again, and refuses what scorm-again wrongly accepts", { timeout: 60_000 }, async () => {
    await session?.close();
    session = await new Session({ browser, server: { origin: preview.origin } }).open();
    const page = await session.page("/__preview/lms.css");
    await page.addScriptTag({ url: "/__preview/api2004.js" });
    await page.addScriptTag({ content: readFileSync(SCORM_AGAIN, "utf8") });
    const result = await page.evaluate(
      ({ learner, wrong }) => {
        const cmi = { "cmi.learner_id": "learner-1", "cmi.learner_name": "Doe, Jane" };
        const ours = window.ScormpackLms2004.createLms({ cmi, profile: "strict" });
        const theirs = new window.Scorm2004API({
          autocommit: false,
          lmsCommitUrl: false,
          dataCommitFormat: "flattened",
          logLevel: 5,
        });
        theirs.loadFromFlattenedJSON(cmi);
        const pick = (data) => Object.fromEntries(learner.map(([k]) => [k, data[k]]));
        const run = (api, committed) => {
          const results = [api.Initialize("")];
          for (const [element, value] of learner) results.push(api.SetValue(element, value));
          results.push(api.Commit(""));
          const stored = pick(committed());
          const wrongResults = wrong.map(([element, value]) => [api.SetValue(element, value), String(api.GetLastError())]);
          return { results, stored, wrongResults };
        };
        return {
          ours: run(ours.api, () => ours.commits.at(-1).cmi),
          theirs: run(theirs, () => theirs.renderCommitCMI(false)),
        };
      },
      { learner: LEARNER, wrong: WRONGLY_ACCEPTED },
    );
    const allTrue = Array(LEARNER.length + 2).fill("true");
    assert.deepEqual(result.ours.results, allTrue, "the simulated LMS accepts every valid call");
    assert.deepEqual(result.theirs.results, allTrue, "scorm-again accepts every valid call");
    assert.deepEqual(result.ours.stored, Object.fromEntries(LEARNER), "the simulated LMS commits what the learner set");
    for (const [element, value] of LEARNER) {
      if (element === "cmi.exit") continue; // write-only: scorm-again's commit leaves it out
      assert.equal(result.theirs.stored[element], value, `scorm-again commits ${element} alike`);
    }
    for (const [i, [element, value]] of WRONGLY_ACCEPTED.entries()) {
      const shown = `${element} = ${JSON.stringify(value)}`;
      assert.deepEqual(result.theirs.wrongResults[i], ["true", "0"], `scorm-again accepts ${shown}`);
      assert.deepEqual(result.ours.wrongResults[i], ["false", "406"], `the simulated LMS refuses ${shown} with 406`);
    }
  });
});
