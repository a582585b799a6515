// The built SCORM 1.2 package (SCORMPACK_ZIP), run as a learner runs it:
// in Debian's Chromium, inside a test LMS page that uses the real
// scorm-again run-time. `cargo xtask browser` builds the default course and
// runs this file; see README.md.
import assert from "node:assert/strict";
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  Session,
  assertCleanLaunch,
  eventually,
  firstLaunchCmi,
  formatCall,
  formatCalls,
  interactions,
  lastCommit,
  resumeCmi,
  screenshotDir,
  setValues,
  startRig,
} from "./lib/harness.mjs";

// The default course (content/), as the markup contract names it.
const PAGES = ["intro", "patterns", "silos-vs-teams", "case-study", "knowledge-check"];
const QUESTIONS = ["ops-liaison", "platform-bottleneck"];
const ALL_RIGHT = { "ops-liaison": "b", "platform-bottleneck": "b" };

/** Asserts that page `id` is the one page shown (the only section without `hidden`). */
async function expectPage(sco, id) {
  await eventually(async () => {
    const shown = await sco
      .locator("section[data-page]")
      .evaluateAll((sections) => sections.filter((s) => !s.hidden).map((s) => s.dataset.page));
    assert.deepEqual(shown, [id], `exactly page ${id} should be shown`);
  });
  assert.ok(await sco.locator(`section[data-page="${id}"]`).isVisible(), `page ${id} is not visible`);
}

/** Goes from the page shown to page `id` with the SCO's own next/prev buttons. */
async function goToPage(sco, id) {
  for (let step = 0; step < PAGES.length; step++) {
    const shown = await sco.locator("section[data-page]:not([hidden])").getAttribute("data-page");
    if (shown === id) return;
    const dir = PAGES.indexOf(shown) < PAGES.indexOf(id) ? "next" : "prev";
    await sco.locator(`button[data-nav="${dir}"]:visible`).first().click();
    await expectPage(sco, PAGES[PAGES.indexOf(shown) + (dir === "next" ? 1 : -1)]);
  }
  await expectPage(sco, id);
}

/** Answers question `id` with `value` as a learner does: clicks the option's label, then "verify". */
async function answer(sco, id, value) {
  const fieldset = sco.locator(`[data-quiz] fieldset[data-question="${id}"]`);
  await fieldset.waitFor({ state: "visible" });
  const shown = await sco
    .locator("[data-quiz] fieldset[data-question]")
    .evaluateAll((sets) => sets.filter((f) => f.checkVisibility()).map((f) => f.dataset.question));
  assert.deepEqual(shown, [id], "only the current question should be shown");
  assert.ok((await fieldset.locator("legend").innerText()).trim(), `question ${id} has no legend text`);

  const values = await fieldset.locator('input[type="radio"]').evaluateAll((inputs) => inputs.map((i) => i.value));
  assert.deepEqual(values, ["a", "b", "c", "d"], `options of ${id}`);
  const radio = fieldset.locator(`input[type="radio"][value="${value}"]`);
  // Clicking the <label> proves it is tied to its radio, as screen readers need.
  const label = (await radio.evaluateHandle((input) => input.labels?.[0] ?? null)).asElement();
  assert.ok(label, `option ${value} of ${id} has no <label>`);
  await label.click();
  assert.ok(await radio.isChecked(), `clicking the label of option ${value} of ${id} did not select it`);

  await sco.locator('[data-quiz] button[data-action="verify"]:visible').click();
  const feedback = fieldset.locator("[data-feedback]");
  await eventually(async () => assert.ok(await hasVisibleText(feedback), `no visible feedback for ${id}`));
}

/**
 * Asserts that screen readers hear the feedback of question `id` that the
 * learner sees, and only that: the feedback sits in an aria-live region, or
 * its visible text is copied into one, without the parts hidden on screen.
 */
async function assertFeedbackAnnounced(sco, id) {
  const feedback = sco.locator(`[data-quiz] fieldset[data-question="${id}"] [data-feedback]`);
  await eventually(async () => {
    const problem = await feedback.evaluate((el) => {
      const squash = (text) => text.replace(/\s+/g, " ").trim();
      const live = '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"]';
      if (el.closest(live)) return null;
      const lines = el.innerText.split("\n").map(squash).filter(Boolean);
      const region = [...document.querySelectorAll(live)].find((r) =>
        lines.every((line) => squash(r.textContent).includes(line)),
      );
      if (!region) return "is neither in nor copied into an aria-live region";
      const unseen = [...el.querySelectorAll("[hidden]")].map((h) => squash(h.textContent)).filter(Boolean);
      const leaked = unseen.find((text) => squash(region.textContent).includes(text));
      return leaked ? `is announced with text hidden on screen: "${leaked.slice(0, 80)}..."` : null;
    });
    assert.equal(problem, null, `the feedback of ${id} ${problem}`);
  });
}

/** Whether `locator` is shown and shows some text (hidden parts do not count). */
async function hasVisibleText(locator) {
  return (await locator.isVisible()) && (await locator.innerText()).trim() !== "";
}

/**
 * Answers the questions from the current one on (`answers` maps question id
 * to option) and returns the result the SCO shows: `{ score, status }`.
 * Questions already answered before (a resumed attempt) are stepped over.
 */
async function takeQuiz(sco, answers) {
  const ids = Object.keys(answers);
  for (const [i, id] of ids.entries()) {
    const fieldset = sco.locator(`[data-quiz] fieldset[data-question="${id}"]`);
    const answered = (await fieldset.locator('input[type="radio"]:checked').count()) > 0;
    // A restored answer the SCO has already moved past.
    if (answered && !(await fieldset.isVisible())) continue;
    await fieldset.waitFor({ state: "visible" });
    const verified = await hasVisibleText(fieldset.locator("[data-feedback]"));
    if (!verified) await answer(sco, id, answers[id]);
    if (i < ids.length - 1) await sco.locator('[data-quiz] button[data-action="next-question"]:visible').click();
  }
  const result = sco.locator("[data-result]");
  await result.waitFor({ state: "visible" });
  return { score: await result.getAttribute("data-score"), status: await result.getAttribute("data-status") };
}

/** The position of the first call matching `predicate` at or after `from`, or -1. */
function seqOf(record, predicate, from = 0) {
  return record.calls.find((c) => c.seq >= from && predicate(c))?.seq ?? -1;
}
const isSet = (element, value) => (c) =>
  c.name === "LMSSetValue" && c.args[0] === element && (value === undefined || c.args[1] === value);
const isCall = (name) => (c) => c.name === name;

/** Asserts the end of a launch: set exit, set session_time, LMSCommit, then one LMSFinish and nothing after. */
function assertFinishedOnce(record, exit) {
  const calls = formatCalls(record.calls);
  assert.equal(record.counts.LMSInitialize, 1, `LMSInitialize must be called once per launch:\n${calls}`);
  assert.equal(record.counts.LMSFinish, 1, `LMSFinish must be called exactly once:\n${calls}`);
  const finish = seqOf(record, isCall("LMSFinish"));
  assert.equal(finish, record.calls.at(-1).seq, `no call may follow LMSFinish:\n${calls}`);
  const lastSet = record.calls.findLast((c) => c.name === "LMSSetValue").seq;
  const commit = seqOf(record, isCall("LMSCommit"), lastSet);
  assert.ok(
    commit !== -1 && commit < finish,
    `LMSCommit must follow the last LMSSetValue, before LMSFinish:\n${calls}`,
  );

  const sessionTimes = setValues(record, "cmi.core.session_time");
  assert.ok(sessionTimes.length > 0, `cmi.core.session_time was never set:\n${calls}`);
  const stored = lastCommit(record);
  assert.equal(stored["cmi.core.exit"], exit, "cmi.core.exit stored at the end");
  const exits = setValues(record, "cmi.core.exit");
  if (exit !== "" || exits.length > 0) assert.equal(exits.at(-1), exit, "the last cmi.core.exit the SCO set");
}

describe("the SCORM 1.2 package in Chromium with scorm-again as the LMS", () => {
  let rig;
  let rigError;
  let session;

  before(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    // A missing package, tool or npm module fails every test with its message,
    // rather than cancelling them all without one.
    rig = await startRig().catch((err) => {
      rigError = err;
    });
  });
  after(async () => {
    await rig?.stop();
  });

  /** A fresh browser context for each test. */
  async function newSession(contextOptions) {
    await session?.close();
    session = await new Session(rig, contextOptions).open();
    return session;
  }

  /** A test whose failure message also tells what went wrong in the browser (errors, requests). */
  function scenario(name, fn) {
    it(name, { timeout: 90_000 }, async () => {
      if (rigError) throw rigError;
      try {
        await fn();
      } catch (err) {
        if (session) err.message += session.diagnostics();
        throw err;
      } finally {
        await session?.close();
        session = undefined;
      }
    });
  }

  scenario("lists the course pages in order and shows only the first on launch", async () => {
    const s = await newSession();
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    const ids = await launch.sco.locator("section[data-page]").evaluateAll((all) => all.map((p) => p.dataset.page));
    assert.deepEqual(ids, PAGES);
    await expectPage(launch.sco, "intro");
    assertCleanLaunch(await s.closeLms(launch));
    s.assertNoBrowserProblems();
  });

  scenario("passes with both answers right: passed, score 100 of 0..100, two correct interactions", async () => {
    const s = await newSession();
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    await goToPage(launch.sco, "knowledge-check");
    assert.deepEqual(await takeQuiz(launch.sco, ALL_RIGHT), { score: "100", status: "passed" });

    // The result must reach the LMS without waiting for the window to close.
    const seen = await s.waitFor(
      launch.id,
      (r) => {
        const passed = seqOf(r, isSet("cmi.core.lesson_status", "passed"));
        return passed !== -1 && seqOf(r, isCall("LMSCommit"), passed) !== -1;
      },
      "lesson_status passed followed by LMSCommit",
    );
    assertCleanLaunch(seen);
    const calls = formatCalls(seen.calls);
    const passedAt = seqOf(seen, isSet("cmi.core.lesson_status", "passed"));
    const rawAt = seen.calls.findLast((c) => isSet("cmi.core.score.raw")(c) && c.seq < passedAt)?.seq ?? -1;
    assert.ok(rawAt !== -1, `cmi.core.score.raw must be set before lesson_status:\n${calls}`);
    const statuses = setValues(seen, "cmi.core.lesson_status");
    assert.equal(statuses[0], "incomplete", `a first launch must set incomplete first:\n${calls}`);
    assert.ok(
      seqOf(seen, isSet("cmi.core.lesson_status", "incomplete")) < seqOf(seen, isSet("cmi.interactions.0.id")),
      `incomplete must be set on launch, before any answer:\n${calls}`,
    );
    // The SCO states the range itself: other LMSs have no default max.
    assert.equal(setValues(seen, "cmi.core.score.min").at(-1), "0", "the cmi.core.score.min the SCO set");
    assert.equal(setValues(seen, "cmi.core.score.max").at(-1), "100", "the cmi.core.score.max the SCO set");

    await launch.lms.screenshot({ path: path.join(screenshotDir, "quiz-passed.png") });
    assert.ok(statSync(path.join(screenshotDir, "quiz-passed.png")).size > 0);

    const record = await s.closeLms(launch);
    assertCleanLaunch(record);
    const stored = lastCommit(record);
    assert.equal(stored["cmi.core.lesson_status"], "passed");
    assert.equal(stored["cmi.core.score.raw"], "100");
    assert.equal(stored["cmi.core.score.min"], "0");
    assert.equal(stored["cmi.core.score.max"], "100");
    assert.deepEqual(
      interactions(stored).map((i) => ({
        id: i.id,
        type: i.type,
        student_response: i.student_response,
        pattern: i["correct_responses.0.pattern"],
        result: i.result,
      })),
      QUESTIONS.map((id) => ({ id, type: "choice", student_response: "b", pattern: "b", result: "correct" })),
    );
    s.assertNoBrowserProblems();
  });

  scenario("fails with one wrong answer: status failed, score 50, first interaction wrong", async () => {
    const s = await newSession();
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    await goToPage(launch.sco, "knowledge-check");
    const result = await takeQuiz(launch.sco, { "ops-liaison": "a", "platform-bottleneck": "b" });
    assert.deepEqual(result, { score: "50", status: "failed" });

    const record = await s.closeLms(launch);
    assertCleanLaunch(record);
    const stored = lastCommit(record);
    assert.equal(stored["cmi.core.lesson_status"], "failed");
    assert.equal(stored["cmi.core.score.raw"], "50");
    const [first, second] = interactions(stored);
    assert.deepEqual(
      [first.id, first.student_response, first["correct_responses.0.pattern"], first.result],
      ["ops-liaison", "a", "b", "wrong"],
    );
    assert.equal(second.result, "correct");
    s.assertNoBrowserProblems();
  });

  scenario("announces each question's feedback to screen readers, without text hidden on screen", async () => {
    const s = await newSession();
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    await goToPage(launch.sco, "knowledge-check");
    // One wrong and one right answer: both verdicts must be heard.
    await answer(launch.sco, "ops-liaison", "a");
    await assertFeedbackAnnounced(launch.sco, "ops-liaison");
    await launch.sco.locator('[data-quiz] button[data-action="next-question"]:visible').click();
    await answer(launch.sco, "platform-bottleneck", "b");
    await assertFeedbackAnnounced(launch.sco, "platform-bottleneck");
    assertCleanLaunch(await s.closeLms(launch));
    s.assertNoBrowserProblems();
  });

  scenario("resumes on the saved page after the learner navigated away", async () => {
    const s = await newSession();
    const first = await s.launch(firstLaunchCmi(rig.manifest));
    await goToPage(first.sco, "silos-vs-teams");
    // Leaving the LMS page for another page unloads the SCO, like closing it.
    await first.lms.goto("about:blank");
    const saved = await s.waitFor(first.id, (r) => r.counts.LMSFinish > 0, "LMSFinish on navigating away");
    await first.lms.close();
    assertCleanLaunch(saved);
    const stored = lastCommit(saved);
    assert.equal(stored["cmi.core.exit"], "suspend", "an unfinished attempt must be suspended");

    const cmi = resumeCmi(rig.manifest, stored);
    assert.equal(cmi["cmi.core.entry"], "resume");
    const second = await s.launch(cmi);
    await expectPage(second.sco, "silos-vs-teams");
    assertCleanLaunch(await s.closeLms(second));
    s.assertNoBrowserProblems();
  });

  scenario("resumes the knowledge check with earlier answers restored and scores them", async () => {
    const s = await newSession();
    const first = await s.launch(firstLaunchCmi(rig.manifest));
    await goToPage(first.sco, "knowledge-check");
    await answer(first.sco, "ops-liaison", "b");
    const saved = await s.closeLms(first);
    assertCleanLaunch(saved);

    const second = await s.launch(resumeCmi(rig.manifest, lastCommit(saved)));
    await expectPage(second.sco, "knowledge-check");
    const restored = second.sco.locator('[data-quiz] fieldset[data-question="ops-liaison"] input[value="b"]');
    assert.ok(await restored.isChecked(), "the answer to ops-liaison was not restored");
    // Only the remaining question is answered now; the restored one counts.
    assert.deepEqual(await takeQuiz(second.sco, ALL_RIGHT), { score: "100", status: "passed" });
    const record = await s.closeLms(second);
    assertCleanLaunch(record);
    assert.equal(lastCommit(record)["cmi.core.lesson_status"], "passed");
    assert.equal(lastCommit(record)["cmi.core.score.raw"], "100");
    s.assertNoBrowserProblems();
  });

  scenario("retry after a fail starts the check over and reports the new attempt", async () => {
    const s = await newSession();
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    await goToPage(launch.sco, "knowledge-check");
    assert.deepEqual(await takeQuiz(launch.sco, { "ops-liaison": "a", "platform-bottleneck": "b" }), {
      score: "50",
      status: "failed",
    });
    await launch.sco.locator('[data-quiz] button[data-action="retry"]:visible').click();
    // Back at question 1, nothing chosen, the options open again, no result shown.
    const first = launch.sco.locator('[data-quiz] fieldset[data-question="ops-liaison"]');
    await first.waitFor({ state: "visible" });
    assert.equal(await first.locator("input:checked").count(), 0, "retry kept an earlier answer");
    assert.equal(await first.locator("input:disabled").count(), 0, "retry left options locked");
    assert.ok(!(await launch.sco.locator("[data-result]").isVisible()), "retry left the old result on screen");

    assert.deepEqual(await takeQuiz(launch.sco, ALL_RIGHT), { score: "100", status: "passed" });
    const record = await s.closeLms(launch);
    assertCleanLaunch(record);
    const stored = lastCommit(record);
    assert.equal(stored["cmi.core.lesson_status"], "passed");
    assert.equal(stored["cmi.core.score.raw"], "100");
    // SCORM 1.2 interactions are a journal: both attempts are on record.
    const results = interactions(stored).map((i) => `${i.id}:${i.student_response}:${i.result}`);
    assert.deepEqual(results, [
      "ops-liaison:a:wrong",
      "platform-bottleneck:b:correct",
      "ops-liaison:b:correct",
      "platform-bottleneck:b:correct",
    ]);
    s.assertNoBrowserProblems();
  });

  scenario("the course and the knowledge check work with the keyboard alone", async () => {
    const s = await newSession();
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    const { sco } = launch;
    const keyboard = launch.lms.keyboard;
    const focused = () => sco.locator("*:focus");

    // Enter on the focused Next button moves on and puts focus on the new page's heading.
    for (const id of PAGES.slice(1)) {
      await sco.locator('button[data-nav="next"]').focus();
      await keyboard.press("Enter");
      await expectPage(sco, id);
      assert.equal(await focused().getAttribute("id"), `title-${id}`, `focus after moving to ${id}`);
    }

    // Arrow keys choose within the radio group, Tab reaches Verify, Space presses it.
    for (const [i, id] of QUESTIONS.entries()) {
      const fieldset = sco.locator(`[data-quiz] fieldset[data-question="${id}"]`);
      await fieldset.waitFor({ state: "visible" });
      if (i === 0) await fieldset.locator('input[value="a"]').focus();
      assert.equal(await focused().getAttribute("name"), `q-${id}`, `focus on the options of ${id}`);
      await keyboard.press("ArrowDown");
      assert.ok(await fieldset.locator('input[value="b"]').isChecked(), `ArrowDown did not choose b in ${id}`);
      await keyboard.press("Tab");
      assert.equal(await focused().getAttribute("data-action"), "verify", `Tab from the options of ${id}`);
      await keyboard.press("Space");
      assert.ok(await hasVisibleText(fieldset.locator("[data-feedback]")), `no feedback for ${id}`);
      if (i < QUESTIONS.length - 1) {
        assert.equal(await focused().getAttribute("data-action"), "next-question");
        await keyboard.press("Enter");
      }
    }
    const result = sco.locator("[data-result]");
    await result.waitFor({ state: "visible" });
    assert.equal(await result.getAttribute("data-status"), "passed");
    assert.equal(await focused().getAttribute("data-action"), "retry", "focus after the last answer");
    assertCleanLaunch(await s.closeLms(launch));
    s.assertNoBrowserProblems();
  });

  scenario("closing the tab mid-course commits, suspends and calls LMSFinish exactly once", async () => {
    const s = await newSession();
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    await goToPage(launch.sco, "patterns");
    const before = await s.record(launch.id);
    assert.equal(before.counts.LMSFinish, 0, "LMSFinish before the learner left");

    const record = await s.closeLms(launch);
    assertCleanLaunch(record);
    assertFinishedOnce(record, "suspend");
    assert.deepEqual(s.beforeUnloadPrompts, [], "the SCO asked the learner whether to leave");
    s.assertNoBrowserProblems();
  });

  scenario("closing the tab after passing calls LMSFinish exactly once with an empty exit", async () => {
    const s = await newSession();
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    await goToPage(launch.sco, "knowledge-check");
    await takeQuiz(launch.sco, ALL_RIGHT);
    const record = await s.closeLms(launch);
    assertCleanLaunch(record);
    assertFinishedOnce(record, "");
    assert.equal(lastCommit(record)["cmi.core.lesson_status"], "passed");
    s.assertNoBrowserProblems();
  });

  scenario("finds the API in the window that opened the LMS popup, from the SCO's frame", async () => {
    const s = await newSession();
    // The LMS window holds no API; its opener (the course page) does, as ADL's discovery expects.
    const launch = await s.launch(firstLaunchCmi(rig.manifest), { apiIn: "opener" });
    assert.equal(await launch.lms.evaluate(() => "API" in window), false, "the popup itself has no API");
    await goToPage(launch.sco, "patterns");
    const record = await s.closeLms(launch);
    assertCleanLaunch(record);
    assertFinishedOnce(record, "suspend");
    assert.equal(lastCommit(record)["cmi.core.lesson_location"], "patterns");
    s.assertNoBrowserProblems();
  });

  /** The SCO's window, for events only a browser sends (pagehide, pageshow). */
  function scoFrame(launch) {
    const frame = launch.lms.frames().find((f) => f.url().includes("/sco/"));
    assert.ok(frame, "the SCO's frame");
    return frame;
  }
  const transition = (frame, type) =>
    frame.evaluate((type) => window.dispatchEvent(new PageTransitionEvent(type, { persisted: true })), type);

  scenario("a back-forward cache round trip stores the data, keeps the session and still commits", async () => {
    const s = await newSession();
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    await goToPage(launch.sco, "patterns");
    const frame = scoFrame(launch);
    await transition(frame, "pagehide");
    const hidden = await s.record(launch.id);
    assert.equal(hidden.counts.LMSFinish, 0, `a page that may come back keeps its session:\n${formatCalls(hidden.calls)}`);
    assert.equal(lastCommit(hidden)["cmi.core.exit"], "suspend", "stored as on close");
    assert.ok(setValues(hidden, "cmi.core.session_time").length > 0, "the session time is stored");

    await transition(frame, "pageshow");
    await goToPage(launch.sco, "knowledge-check");
    await takeQuiz(launch.sco, ALL_RIGHT);
    await s.waitFor(launch.id, (r) => lastCommit(r)["cmi.core.lesson_status"] === "passed", "the pass committed");
    const record = await s.closeLms(launch);
    assertCleanLaunch(record);
    assertFinishedOnce(record, "");
    s.assertNoBrowserProblems();
  });

  scenario("after a restore into a new LMS session, the SCO initialises again and commits there", async () => {
    const s = await newSession();
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    await goToPage(launch.sco, "patterns");
    const frame = scoFrame(launch);
    await transition(frame, "pagehide");
    // Meanwhile the LMS's page reloaded: a new API, with what the last commit stored.
    await launch.lms.evaluate(() => window.replaceApi());
    await transition(frame, "pageshow");
    const resumed = await s.waitFor(launch.id, (r) => r.counts.LMSInitialize === 2, "a second LMSInitialize");
    const second = resumed.calls.findLast((c) => c.name === "LMSInitialize").seq;
    assert.ok(seqOf(resumed, isSet("cmi.core.lesson_location", "patterns"), second) !== -1, "the bookmark saved again");
    await goToPage(launch.sco, "knowledge-check");
    await takeQuiz(launch.sco, ALL_RIGHT);
    const record = await s.closeLms(launch);
    const failed = record.calls.filter((c) => c.errorCode !== undefined && c.errorCode !== "0");
    assert.deepEqual(failed.map(formatCall), [], "calls the LMS refused");
    assert.deepEqual(record.violations, [], "values a strict LMS rejects");
    assert.equal(record.counts.LMSFinish, 1);
    assert.equal(lastCommit(record)["cmi.core.lesson_status"], "passed");
    s.assertNoBrowserProblems();
  });

  scenario("a full walk through the course: no API errors, only strict values, only local requests", async () => {
    const s = await newSession();
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    // Forward through every page, back to the start, and forward again.
    for (const id of PAGES) await goToPage(launch.sco, id);
    for (const id of [...PAGES].reverse()) await goToPage(launch.sco, id);
    await goToPage(launch.sco, "knowledge-check");
    await takeQuiz(launch.sco, ALL_RIGHT);
    const record = await s.closeLms(launch);

    assert.ok(record.counts.LMSSetValue > 0, "the SCO never called LMSSetValue");
    assertCleanLaunch(record);
    s.assertNoBrowserProblems();
  });

  scenario("runs standalone without an LMS: shows the note and raises no errors", async () => {
    const s = await newSession();
    const page = await s.page(`/sco/${rig.manifest.launchHref}`);
    await page.locator("[data-standalone-note]").waitFor({ state: "visible" });
    await expectPage(page, "intro");
    await goToPage(page, "knowledge-check");
    await takeQuiz(page, ALL_RIGHT);
    await page.close({ runBeforeUnload: true });
    s.assertNoBrowserProblems();
  });

  scenario("fits a 360 px phone screen without sideways scrolling", async () => {
    const s = await newSession({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const launch = await s.launch(firstLaunchCmi(rig.manifest));
    await goToPage(launch.sco, "patterns");
    const overflow = await launch.sco
      .locator("html")
      .evaluate((html) => ({ scrollWidth: html.scrollWidth, clientWidth: html.clientWidth }));
    assert.ok(overflow.scrollWidth <= overflow.clientWidth, `the page scrolls sideways: ${JSON.stringify(overflow)}`);
    const file = path.join(screenshotDir, "phone-patterns.png");
    await launch.lms.screenshot({ path: file });
    assert.ok(statSync(file).size > 0);
    assertCleanLaunch(await s.closeLms(launch));
    s.assertNoBrowserProblems();
  });

  scenario("harness self-check: requests to other hosts are blocked and reported", async () => {
    const s = await newSession();
    const page = await s.launcher();
    await page.evaluate(async () => {
      await fetch("http://example.invalid/tracker.js").catch(() => {});
    });
    assert.deepEqual(s.foreignRequests, ["http://example.invalid/tracker.js"]);
    // Chromium logs the blocked fetch; that is this check's doing, not a page's.
    s.consoleErrors.length = 0;
    s.foreignRequests.length = 0;
    s.assertNoBrowserProblems();
  });
});
