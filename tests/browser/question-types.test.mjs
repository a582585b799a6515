// Every question type as an LMS records it, on a fixture course built here by the real binary
// (courses/every-type: one question of each type on a first check, a pool drawing 3 of 5 on a
// second, `attempts = 2`), run in Chromium with scorm-again as the SCORM 1.2 LMS and the strict
// rules of `scormpack preview`'s simulated LMS checking every value.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  Session,
  assertCleanLaunch,
  buildFixture,
  firstLaunchCmi,
  interactions,
  lastCommit,
  resumeCmi,
  startRig,
} from "./lib/harness.mjs";
import { FINAL_RIGHT, FINAL_WRONG, RIGHT, WRONG, give, nextPage, stepOrder, takeCheck } from "./lib/every-type.mjs";

/**
 * Moodle's SCORM 1.2 rules for the interaction elements (mod/scorm/datamodels/scorm_12.js:
 * CMIIdentifier, CMIFeedback, CMIDecimal, CMIType, CMIResult, CMITime, CMITimespan): the
 * values a SCO sets that Moodle would refuse.
 */
function moodleRefuses(record) {
  const rules = {
    id: /^[\u0021-\u007E]{0,255}$/,
    type: /^(true-false|choice|fill-in|matching|performance|sequencing|likert|numeric)$/,
    student_response: /^[\u0000-\uFFFF]{0,255}$/,
    pattern: /^[\u0000-\uFFFF]{0,255}$/,
    weighting: /^-?([0-9]{0,3})(\.[0-9]*)?$/,
    result: /^(correct|wrong|unanticipated|neutral|([0-9]{0,3})?(\.[0-9]*)?)$/,
    time: /^([0-2]{1}[0-9]{1}):([0-5]{1}[0-9]{1}):([0-5]{1}[0-9]{1})(\.[0-9]{1,2})?$/,
    latency: /^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$/,
  };
  return record.calls
    .filter((c) => c.name === "LMSSetValue" && c.args[0].startsWith("cmi.interactions."))
    .filter((c) => {
      const field = c.args[0].split(".").at(-1);
      return !rules[field] || !rules[field].test(c.args[1]);
    })
    .map((c) => `${c.args[0]} = ${JSON.stringify(c.args[1])}`);
}

describe("every question type in Chromium with scorm-again as the SCORM 1.2 LMS", () => {
  let zip;
  let rig;
  let rigError;

  before(async () => {
    try {
      zip = buildFixture("every-type");
      rig = await startRig(zip);
    } catch (err) {
      rigError = err;
    }
  });
  after(async () => {
    await rig?.stop();
    if (zip) rmSync(path.dirname(zip), { recursive: true, force: true });
  });

  function scenario(name, fn) {
    it(name, { timeout: 120_000 }, async () => {
      if (rigError) throw rigError;
      const session = await new Session(rig).open();
      try {
        await fn(session);
      } catch (err) {
        err.message += session.diagnostics();
        throw err;
      } finally {
        await session.close();
      }
    });
  }

  scenario("right answers of every type leave SCORM 1.2 interaction records in the strict formats", async (s) => {
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    await nextPage(launch.sco);
    await takeCheck(launch.sco, RIGHT);
    // The first check is answered, the final test is not: no result yet.
    const result = launch.sco.locator("[data-quiz=types] [data-result]");
    assert.equal(await result.getAttribute("data-score"), "100");
    const early = await s.waitFor(launch.id, (r) => r.commits.length && interactions(lastCommit(r)).length === 8, "eight interactions");
    assert.equal(lastCommit(early)["cmi.core.lesson_status"], "incomplete");
    assert.equal(lastCommit(early)["cmi.core.score.raw"] ?? "", "");

    const byId = Object.fromEntries(interactions(lastCommit(early)).map((i) => [i.id, i]));
    const pick = (i) => [i.type, i.student_response, i["correct_responses.0.pattern"], i.result, i.weighting];
    assert.deepEqual(pick(byId["pick-one"]), ["choice", "b", "b", "correct", "1"]);
    assert.deepEqual(pick(byId["pick-many"]), ["choice", "a,c", "a,c", "correct", "1"]);
    assert.deepEqual(pick(byId["sky-blue"]), ["true-false", "t", "t", "correct", "1"]);
    assert.deepEqual(pick(byId.capital), ["fill-in", "paris", "Paris", "correct", "1"]);
    assert.equal(byId.capital["correct_responses.1.pattern"], "Paris, France");
    // A range has no SCORM 1.2 pattern; the weight is the question's.
    assert.deepEqual(pick(byId.boiling), ["numeric", "100", undefined, "correct", "2"]);
    assert.deepEqual(pick(byId.tools), ["matching", "1.a,2.b,3.c", "1.a,2.b,3.c", "correct", "1"]);
    assert.deepEqual(pick(byId.release), ["sequencing", "a,b,c", "a,b,c", "correct", "1"]);
    // A practice question is on record with no weight.
    assert.deepEqual(pick(byId.warmup), ["true-false", "f", "f", "correct", "0"]);

    await nextPage(launch.sco);
    const drawn = await takeCheck(launch.sco, FINAL_RIGHT);
    assert.equal(drawn.length, 3, "draw = 3 shows three of the five questions");
    const record = await s.closeLms(launch);
    assertCleanLaunch(record);
    assert.deepEqual(moodleRefuses(record), [], "values Moodle's SCORM 1.2 rules refuse");
    const stored = lastCommit(record);
    assert.equal(stored["cmi.core.lesson_status"], "passed");
    assert.equal(stored["cmi.core.score.raw"], "100");
    assert.equal(interactions(stored).length, 11);
    s.assertNoBrowserProblems();
  });

  scenario("wrong answers of every type are recorded as wrong, with feedback and the right answer shown", async (s) => {
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    await nextPage(launch.sco);
    await takeCheck(launch.sco, WRONG);
    const seen = await s.waitFor(launch.id, (r) => r.commits.length && interactions(lastCommit(r)).length === 8, "eight interactions");
    const byId = Object.fromEntries(interactions(lastCommit(seen)).map((i) => [i.id, i]));
    assert.deepEqual(
      Object.values(byId).map((i) => [i.id, i.student_response, i.result]),
      [
        ["pick-one", "a", "wrong"],
        ["pick-many", "a", "wrong"],
        ["sky-blue", "f", "wrong"],
        ["capital", "Lyon", "wrong"],
        // The decimal comma a learner types is a decimal point on record.
        ["boiling", "90.5", "wrong"],
        ["tools", "1.b,2.a,3.c", "wrong"],
        ["release", "c,b,a", "wrong"],
        ["warmup", "t", "wrong"],
      ],
    );
    const capital = launch.sco.locator('fieldset[data-question="capital"]');
    await capital.evaluate((el) => { el.hidden = false; });
    assert.match(await capital.locator("[data-feedback]").innerText(), /The capital is Paris\.[\s\S]*Right answer: Paris, Paris, France/);
    const sky = launch.sco.locator('fieldset[data-question="sky-blue"]');
    await sky.evaluate((el) => { el.hidden = false; });
    const skyFeedback = await sky.locator("[data-feedback]").innerText();
    assert.match(skyFeedback, /Look up on a clear day\./);
    assert.doesNotMatch(skyFeedback, /Rayleigh/);

    // The final test, failed twice: the second attempt is the last (attempts = 2).
    await nextPage(launch.sco);
    await takeCheck(launch.sco, FINAL_WRONG);
    const attemptsLine = launch.sco.locator("[data-quiz=final] [data-attempts]");
    assert.equal((await attemptsLine.innerText()).trim(), "Attempts left: 1");
    await launch.sco.locator('[data-quiz=final] button[data-action="retry"]').click();
    await takeCheck(launch.sco, FINAL_WRONG);
    assert.equal((await attemptsLine.innerText()).trim(), "No attempts left.");
    assert.equal(await launch.sco.locator('[data-quiz=final] button[data-action="retry"]').isHidden(), true);
    const record = await s.closeLms(launch);
    assertCleanLaunch(record);
    assert.deepEqual(moodleRefuses(record), [], "values Moodle's SCORM 1.2 rules refuse");
    assert.equal(lastCommit(record)["cmi.core.lesson_status"], "failed");
    s.assertNoBrowserProblems();
  });

  scenario("a relaunch shows the same drawn questions in the same order, with the answers given", async (s) => {
    const first = await s.launch(firstLaunchCmi(rig.manifest));
    await nextPage(first.sco);
    await nextPage(first.sco);
    const fieldset = first.sco.locator("fieldset[data-question]:visible");
    const firstId = await fieldset.getAttribute("data-question");
    const drawn = await first.sco.locator('[data-quiz=final] fieldset[data-drawn="true"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-question")));
    assert.equal(drawn.length, 3);
    await give(fieldset, FINAL_RIGHT[firstId]);
    await first.sco.locator('button[data-action="verify"]:visible').click();
    await first.sco.locator('button[data-action="next-question"]:visible').waitFor();
    const saved = lastCommit(await s.closeLms(first));

    const second = await s.launch(resumeCmi(rig.manifest, saved));
    await second.sco.locator("[data-quiz=final]").waitFor({ state: "visible" });
    const again = await second.sco.locator('[data-quiz=final] fieldset[data-drawn="true"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-question")));
    assert.deepEqual(again, drawn);
    // On the first question's verified answer sits the feedback; the learner goes on from there.
    const restored = second.sco.locator(`fieldset[data-question="${firstId}"]`);
    await restored.evaluate((el) => { el.hidden = false; });
    assert.equal(await restored.locator('input[value="a"]').isChecked(), true);
    assert.equal(await restored.locator('input[value="a"]').isDisabled(), true);
    const record = await s.closeLms(second);
    assertCleanLaunch(record);
    s.assertNoBrowserProblems();
  });

  scenario("every type can be answered with the keyboard alone", async (s) => {
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    const { lms } = launch;
    const frame = lms.frames().find((f) => f.url().includes("/sco/"));
    await nextPage(launch.sco);
    const press = (key) => lms.keyboard.press(key);
    const focused = () => frame.evaluate(() => {
      const el = document.activeElement;
      return el ? (el.getAttribute("aria-label") || el.id || el.getAttribute("data-action") || el.tagName) : "";
    });
    // Tabs forward until `want(focused)` holds.
    async function tabTo(want) {
      for (let i = 0; i < 40; i++) {
        if (want(await focused())) return;
        await press("Tab");
      }
      assert.fail(`never reached the control; last focus ${await focused()}`);
    }
    async function verifyAndNext() {
      await tabTo((f) => f === "verify");
      await press("Enter");
      await tabTo((f) => f === "next-question");
      await press("Enter");
    }
    await frame.focus("#pick-one-b");
    await press("Space");
    await verifyAndNext();
    await tabTo((f) => f === "pick-many-a");
    await press("Space");
    await press("Tab");
    await press("Tab");
    await press("Space");
    await verifyAndNext();
    await tabTo((f) => f === "sky-blue-true");
    await press("Space");
    await verifyAndNext();
    await tabTo((f) => f === "capital-answer");
    await lms.keyboard.type("Paris");
    await verifyAndNext();
    await tabTo((f) => f === "boiling-answer");
    await lms.keyboard.type("99");
    await verifyAndNext();
    // The right items are in a shuffled order: the arrow keys go through them until the right
    // one is chosen.
    const tools = launch.sco.locator('fieldset[data-question="tools"]');
    for (const [n, want] of [[1, "checks reachability"], [2, "shows the path"], [3, "resolves names"]]) {
      await tabTo((f) => f === `tools-${n}`);
      const select = tools.locator(`#tools-${n}`);
      for (let i = 0; i < 4 && (await select.evaluate((el) => el.selectedOptions[0].textContent)) !== want; i++) {
        await press("ArrowDown");
      }
      assert.equal(await select.evaluate((el) => el.selectedOptions[0].textContent), want);
    }
    await verifyAndNext();
    // The steps: move Build to the top, then Test below it, with the move buttons.
    const release = launch.sco.locator('fieldset[data-question="release"]');
    for (const [i, step] of ["Build", "Test"].entries()) {
      while ((await stepOrder(release)).indexOf(step) > i) {
        await tabTo((f) => f === `Move up: ${step}`);
        await press("Enter");
      }
    }
    await verifyAndNext();
    // A radio group is one tab stop; the arrow keys choose within it.
    await tabTo((f) => f === "warmup-true");
    await press("ArrowDown");
    await tabTo((f) => f === "verify");
    await press("Enter");
    const seen = await s.waitFor(launch.id, (r) => r.commits.length && interactions(lastCommit(r)).length === 8, "eight interactions");
    assert.deepEqual(
      interactions(lastCommit(seen)).map((i) => i.result),
      ["correct", "correct", "correct", "correct", "correct", "correct", "correct", "correct"],
    );
    assertCleanLaunch(await s.closeLms(launch));
    s.assertNoBrowserProblems();
  });

  it("at 360 px no question of any kind makes the page scroll sideways", { timeout: 120_000 }, async () => {
    if (rigError) throw rigError;
    const s = await new Session(rig, { viewport: { width: 360, height: 740 } }).open();
    try {
      // Standalone (no LMS): the course runs all the same and records nothing.
      const page = await s.page("/sco/index.html");
      await page.locator("[data-pager]").waitFor({ state: "visible" });
      await nextPage(page);
      const widths = [];
      const measure = async () => widths.push(await page.evaluate(() => document.documentElement.scrollWidth));
      for (;;) {
        const fieldset = page.locator("fieldset[data-question]:visible");
        await measure();
        await give(fieldset, WRONG[await fieldset.getAttribute("data-question")]);
        await page.locator('button[data-action="verify"]:visible').click();
        await measure();
        const next = page.locator('button[data-action="next-question"]:visible');
        if (!(await next.count())) break;
        await next.click();
      }
      assert.equal(widths.length, 16);
      assert.deepEqual(widths.filter((w) => w > 360), [], "page widths wider than the screen");
      s.assertNoBrowserProblems();
    } finally {
      await s.close();
    }
  });
});
