// Scoring as an LMS records it, on a fixture course built here by the real binary
// (courses/two-of-three: three questions, passing_score = 67) and run in Chromium with
// scorm-again as the LMS: the exact ratio decides the pass, the score never reaches a mark the
// learner missed, and once a learner passed, no later attempt reports a worse result.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  Session,
  assertCleanLaunch,
  buildFixture,
  firstLaunchCmi,
  formatCalls,
  interactions,
  lastCommit,
  resumeCmi,
  setValues,
  startRig,
} from "./lib/harness.mjs";

const ALL_RIGHT = { first: "b", second: "b", third: "b" };
const TWO_RIGHT = { first: "b", second: "b", third: "a" };
const ALL_WRONG = { first: "a", second: "c", third: "a" };

/** Answers the three questions in order and returns the result shown: `{ score, status, text }`. */
async function takeQuiz(sco, answers) {
  const ids = Object.keys(answers);
  for (const [i, id] of ids.entries()) {
    const fieldset = sco.locator(`[data-quiz] fieldset[data-question="${id}"]`);
    await fieldset.waitFor({ state: "visible" });
    await fieldset.locator(`input[type="radio"][value="${answers[id]}"]`).check();
    await sco.locator('[data-quiz] button[data-action="verify"]:visible').click();
    if (i < ids.length - 1) await sco.locator('[data-quiz] button[data-action="next-question"]:visible').click();
  }
  const result = sco.locator("[data-result]");
  await result.waitFor({ state: "visible" });
  return {
    score: await result.getAttribute("data-score"),
    status: await result.getAttribute("data-status"),
    text: await result.innerText(),
  };
}

describe("scoring in Chromium with scorm-again as the LMS (passing_score = 67)", () => {
  let zip;
  let rig;
  let rigError;
  let session;

  before(async () => {
    try {
      zip = buildFixture("two-of-three");
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
    it(name, { timeout: 90_000 }, async () => {
      if (rigError) throw rigError;
      try {
        session = await new Session(rig).open();
        await fn(session);
      } catch (err) {
        if (session) err.message += session.diagnostics();
        throw err;
      } finally {
        await session?.close();
        session = undefined;
      }
    });
  }

  scenario("2 of 3 right (66.7 %) fails, and the score reported stays below 67", async (s) => {
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    const shown = await takeQuiz(launch.sco, TWO_RIGHT);
    assert.deepEqual([shown.score, shown.status], ["66", "failed"]);
    assert.match(shown.text, /not passed yet \(67% needed\)/);

    const record = await s.closeLms(launch);
    assertCleanLaunch(record);
    const stored = lastCommit(record);
    assert.equal(stored["cmi.core.lesson_status"], "failed");
    assert.equal(stored["cmi.core.score.raw"], "66");
    assert.deepEqual(setValues(record, "cmi.core.lesson_status"), ["incomplete", "failed"]);
    s.assertNoBrowserProblems();
  });

  scenario("3 of 3 right passes with 100", async (s) => {
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    assert.deepEqual((await takeQuiz(launch.sco, ALL_RIGHT)).score, "100");
    const record = await s.closeLms(launch);
    assertCleanLaunch(record);
    assert.equal(lastCommit(record)["cmi.core.lesson_status"], "passed");
    assert.equal(lastCommit(record)["cmi.core.score.raw"], "100");
    s.assertNoBrowserProblems();
  });

  scenario("a learner who passed keeps passed and 100 after failed retries, in this session and the next", async (s) => {
    const first = await s.launch(firstLaunchCmi(rig.manifest));
    assert.equal((await takeQuiz(first.sco, ALL_RIGHT)).status, "passed");
    await first.sco.locator('[data-quiz] button[data-action="retry"]:visible').click();
    const retry = await takeQuiz(first.sco, ALL_WRONG);
    // The learner sees this attempt, and that the better one counts.
    assert.deepEqual([retry.score, retry.status], ["0", "failed"]);
    assert.match(retry.text, /Your best result stands: 100%, passed\./);
    // The retry's answers are on record (SCORM 1.2 interactions are a journal) ...
    const seen = await s.waitFor(first.id, (r) => r.commits.length > 0 && interactions(lastCommit(r)).length === 6, "six interactions committed");
    assert.deepEqual(interactions(lastCommit(seen)).slice(3).map((i) => i.result), ["wrong", "wrong", "wrong"]);
    const record = await s.closeLms(first);
    assertCleanLaunch(record);
    // ... but the result is the best one.
    const stored = lastCommit(record);
    assert.equal(stored["cmi.core.lesson_status"], "passed");
    assert.equal(stored["cmi.core.score.raw"], "100");
    assert.equal(stored["cmi.core.exit"], "", "a passed learner's session is not suspended");
    assert.deepEqual(setValues(record, "cmi.core.lesson_status"), ["incomplete", "passed"], formatCalls(record.calls));
    assert.deepEqual(setValues(record, "cmi.core.score.raw"), ["100"]);

    // The next session knows the best result from the LMS, not from this browser.
    const second = await s.launch(resumeCmi(rig.manifest, stored));
    await second.sco.locator('[data-quiz] button[data-action="retry"]:visible').click();
    const again = await takeQuiz(second.sco, TWO_RIGHT);
    assert.deepEqual([again.score, again.status], ["66", "failed"]);
    const next = await s.closeLms(second);
    assertCleanLaunch(next);
    assert.equal(lastCommit(next)["cmi.core.lesson_status"], "passed");
    assert.equal(lastCommit(next)["cmi.core.score.raw"], "100");
    assert.deepEqual(setValues(next, "cmi.core.lesson_status"), []);
    assert.deepEqual(setValues(next, "cmi.core.score.raw"), []);
    s.assertNoBrowserProblems();
  });
});
