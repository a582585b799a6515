// `scormpack preview` as a designer uses it: the real binary (SCORMPACK_BIN, built by
// `cargo xtask browser`) serves a copy of the default course on a free port, and Chromium opens
// the URL it prints. The tests answer the quiz and read the API log, edit files while it runs,
// and run one scripted learner against the simulated LMS and against the real scorm-again.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Session, browserTestsDir, eventually, launchChromium, workspaceRoot } from "./lib/harness.mjs";
import { startPreview } from "./lib/preview.mjs";

const SCORM_AGAIN = path.join(browserTestsDir, "node_modules", "scorm-again", "dist", "scorm12.js");

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

describe("scormpack preview", () => {
  let course;
  let preview;
  let browser;
  let session;

  before(async () => {
    course = mkdtempSync(path.join(tmpdir(), "scormpack-preview-"));
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
    return page;
  }

  it("logs LMSSetValue of lesson_status passed when the quiz is answered right", { timeout: 60_000 }, async () => {
    const page = await open();
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
    await waitForLog(page, 'LMSSetValue("cmi.core.lesson_status", "passed") \u2192 "true"  [0]');
    const violations = await page.locator("#log li.violation").allInnerTexts();
    assert.deepEqual(violations, [], "the default course breaks no strict SCORM 1.2 rule");
    assert.match(await page.locator("#cmi").innerText(), /cmi\.core\.lesson_status = "passed"/);
    // The LMS gives the SCO the manifest's mastery score, as a real one does.
    assert.match(await page.locator("#cmi").innerText(), /cmi\.student_data\.mastery_score = "80"/);
    session.assertNoBrowserProblems();
  });

  it("rebuilds and relaunches on a save, and shows a content error without stopping", { timeout: 60_000 }, async () => {
    const page = await open();
    const sco = page.frameLocator("#sco");
    const intro = path.join(course, "pages", "intro.md");
    const original = readFileSync(intro, "utf8");
    const edited = original.replace("you still need to break the", "EDITED WHILE PREVIEWING, you still need to break the");
    assert.notEqual(edited, original);
    writeFileSync(intro, edited);
    // Within a fraction of a second on an idle machine; the timeout allows for a busy CI one.
    await eventually(async () => assert.match(await sco.locator("body").innerText(), /EDITED WHILE PREVIEWING/), 5_000);

    writeFileSync(intro, `${edited}\n::: patern\nbroken\n:::\n`);
    await eventually(async () => {
      assert.ok(await page.locator("#errors").isVisible(), "the error box is shown");
      assert.match(await page.locator("#error-text").innerText(), /content\/unknown-block/);
    });
    assert.match(preview.output.stderr, /content\/unknown-block/, "the terminal shows the error too");
    assert.equal(preview.child.exitCode, null, "the server is still running");

    writeFileSync(intro, original);
    await eventually(async () => assert.ok(await page.locator("#errors").isHidden(), "the error box is gone"));
    await eventually(async () => assert.doesNotMatch(await sco.locator("body").innerText(), /EDITED WHILE PREVIEWING/));
  });

  it("relaunches with the saved data, and forgets it on reset", { timeout: 60_000 }, async () => {
    const page = await open();
    const sco = page.frameLocator("#sco");
    await sco.locator('button[data-nav="next"]:visible').first().click();
    await waitForLog(page, 'LMSSetValue("cmi.core.lesson_location", "patterns") \u2192 "true"  [0]');
    await page.locator("#resume").click();
    await eventually(async () => assert.match(await page.locator("#cmi").innerText(), /cmi\.core\.entry = "resume"/));
    await eventually(async () => assert.ok(await sco.locator('section[data-page="patterns"]').isVisible()));
    await page.locator("#reset").click();
    await eventually(async () => assert.match(await page.locator("#cmi").innerText(), /cmi\.core\.entry = "ab-initio"/));
    await eventually(async () => assert.ok(await sco.locator('section[data-page="intro"]').isVisible()));
  });

  it("shows a rejected value with its error code, and the lenient profile storing it with a warning", { timeout: 60_000 }, async () => {
    const page = await open();
    // As a SCO in the frame would call it: through the API the page offers.
    assert.equal(await page.evaluate(() => window.API.LMSSetValue("cmi.core.exit", "normal")), "false");
    const violation = page.locator("#log li.violation").last();
    assert.equal(
      await violation.evaluate((li) => li.firstChild.textContent),
      'LMSSetValue("cmi.core.exit", "normal") \u2192 "false"  [405]',
    );
    assert.match(await violation.innerText(), /error 405 \(Incorrect Data Type\): cmi\.core\.exit must be one of/);

    await page.locator("#profile").selectOption("lenient");
    await eventually(async () => {
      const lines = await logLines(page);
      const launch = lines.findIndex((l) => l.includes("lenient profile"));
      assert.ok(launch >= 0, "a launch with the lenient profile");
      assert.ok(lines.slice(launch).includes('LMSInitialize("") \u2192 "true"  [0]'), "the SCO initialized again");
    }, 10_000);
    assert.equal(await page.evaluate(() => window.API.LMSSetValue("cmi.core.exit", "normal")), "true");
    const warning = page.locator("#log li.warning").last();
    assert.match(await warning.innerText(), /a strict LMS rejects this with 405: cmi\.core\.exit must be one of/);
  });

  it("shows a call the LMS refused, with the error the SCO asked for, in the console and the log", { timeout: 60_000 }, async () => {
    const page = await open();
    const warnings = [];
    page.on("console", (message) => {
      if (message.type() === "warning") warnings.push(message.text());
    });
    const sco = page.frames().find((f) => f.url().includes("/sco/"));
    assert.ok(sco, "the SCO's frame");
    // A bookmark longer than a CMIString255: a strict LMS refuses it with 405.
    await sco.evaluate(() => window.scormpackAdapter.bookmark("x".repeat(300), "{}"));
    await waitForLog(page, 'LMSGetLastError() \u2192 "405"  [405]');
    await waitForLog(page, 'LMSGetErrorString("405") \u2192 "Incorrect Data Type"  [405]');
    await eventually(() =>
      assert.ok(
        warnings.some((w) =>
          /^scormpack: LMSSetValue\("cmi\.core\.lesson_location", "x+…"\) failed: error 405 \(Incorrect Data Type\)$/.test(w),
        ),
        `the console warnings:\n${warnings.join("\n")}`,
      ),
    );
  });

  /**
   * One learner's session as API calls, with the values a SCO may set. Both LMSs must end with
   * the same data for each element the learner set (except session_time, which scorm-again
   * re-formats; total_time follows from it).
   */
  const LEARNER = [
    ["cmi.core.lesson_location", "knowledge-check"],
    ["cmi.suspend_data", '{"v":1,"answers":{"q1":"b"}}'],
    ["cmi.interactions.0.id", "ops-liaison"],
    ["cmi.interactions.0.type", "choice"],
    ["cmi.interactions.0.student_response", "b"],
    ["cmi.interactions.0.result", "correct"],
    ["cmi.interactions.0.weighting", "1"],
    ["cmi.interactions.0.time", "10:15:00"],
    ["cmi.interactions.0.latency", "00:00:12.5"],
    ["cmi.core.score.min", "0"],
    ["cmi.core.score.max", "100"],
    ["cmi.core.score.raw", "100"],
    ["cmi.core.lesson_status", "passed"],
    ["cmi.core.exit", "suspend"],
    ["cmi.core.session_time", "00:03:10.00"],
  ];
  /** Values the SCORM 1.2 data model forbids, and that scorm-again 3.4 accepts. */
  const WRONGLY_ACCEPTED = [
    ["cmi.core.exit", "normal"],
    ["cmi.core.session_time", "1:00:00"],
    ["cmi.suspend_data", "x".repeat(4097)],
    ["cmi.objectives.0.id", "has spaces"],
    ["cmi.interactions.1.id", "has spaces"],
    ["cmi.interactions.0.student_response", "B"],
    ["cmi.interactions.0.student_response", "a;b"],
  ];

  it("ends with the same committed data as scorm-again, and rejects what scorm-again wrongly accepts", { timeout: 60_000 }, async () => {
    await session?.close();
    session = await new Session({ browser, server: { origin: preview.origin } }).open();
    const page = await session.page("/__preview/lms.css");
    // The simulated LMS as the binary serves it, and the real scorm-again, in one page.
    await page.addScriptTag({ url: "/__preview/api12.js" });
    await page.addScriptTag({ content: readFileSync(SCORM_AGAIN, "utf8") });
    const result = await page.evaluate(
      ({ learner, wrong }) => {
        const cmi = { "cmi.core.student_id": "learner-1", "cmi.core.student_name": "Doe, Jane" };
        const ours = window.ScormpackLms12.createLms({ cmi, profile: "strict" });
        const theirs = new window.Scorm12API({
          mastery_override: false,
          autocommit: false,
          lmsCommitUrl: false,
          dataCommitFormat: "flattened",
          logLevel: 5,
        });
        theirs.loadFromFlattenedJSON(cmi);
        const pick = (data) => Object.fromEntries(learner.filter(([k]) => !k.endsWith("session_time")).map(([k]) => [k, data[k]]));
        // committed(): what the LMS stored at the learner's LMSCommit.
        const run = (api, committed) => {
          const results = [api.LMSInitialize("")];
          for (const [element, value] of learner) results.push(api.LMSSetValue(element, value));
          results.push(api.LMSCommit(""));
          const stored = pick(committed());
          const wrongResults = wrong.map(([element, value]) => [api.LMSSetValue(element, value), String(api.LMSGetLastError())]);
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
    assert.deepEqual(result.ours.stored, result.theirs.stored, "both LMSs commit the same data");
    assert.deepEqual(result.ours.stored, Object.fromEntries(LEARNER.filter(([k]) => !k.endsWith("session_time"))));
    for (const [i, [element, value]] of WRONGLY_ACCEPTED.entries()) {
      const shown = `${element} = ${JSON.stringify(value.slice(0, 20))}`;
      assert.deepEqual(result.theirs.wrongResults[i], ["true", "0"], `scorm-again accepts ${shown}`);
      assert.deepEqual(result.ours.wrongResults[i], ["false", "405"], `the simulated LMS rejects ${shown} with 405`);
    }
  });
});
