// The built SCORM 2004 packages (SCORMPACK_SCORM2004_ZIP, 4th edition, and
// SCORMPACK_SCORM2004_3RD_ZIP, 3rd edition), run as a learner runs them: in
// Debian's Chromium, inside a test LMS page (lms/lms2004.html) that uses the
// real scorm-again Scorm2004API, with every SetValue held to the strict SCORM
// 2004 rules of lms/strict2004.js. `cargo xtask browser` builds the default
// course in both editions and runs this file; see README.md.
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  Session,
  browserTestsDir,
  buildFixture,
  eventually,
  formatCall,
  formatCalls,
  interactions,
  launchChromium,
  lastCommit,
  readManifest,
  unpack,
} from "./lib/harness.mjs";
import { startServer } from "./lib/server.mjs";
import { FINAL_RIGHT, RIGHT, WRONG, nextPage, takeCheck } from "./lib/every-type.mjs";

const EDITIONS = [
  { name: "4th edition", env: "SCORMPACK_SCORM2004_ZIP", schemaversion: "2004 4th Edition" },
  { name: "3rd edition", env: "SCORMPACK_SCORM2004_3RD_ZIP", schemaversion: "2004 3rd Edition" },
];

// The default course (content/), as the markup contract names it.
const COURSE_ID = "ops-integration";
const PAGES = ["intro", "patterns", "silos-vs-teams", "case-study", "knowledge-check"];
const QUESTIONS = ["ops-liaison", "platform-bottleneck"];
const ALL_RIGHT = { "ops-liaison": "b", "platform-bottleneck": "b" };
const urn = (question) => `urn:scormpack:${COURSE_ID}:${question}`;

/** The package of one edition, from its environment variable; never optional. */
function packageZip(edition) {
  const zip = process.env[edition.env];
  if (!zip) {
    throw new Error(
      `${edition.env} is not set: it must name the SCORM 2004 ${edition.name} package to test. ` +
        "Run the browser tests with `cargo xtask browser`, which builds the default course and sets it.",
    );
  }
  const abs = path.resolve(zip);
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new Error(`${edition.env}=${zip}: no such file`);
  return abs;
}

/**
 * What an LMS reads from a SCORM 2004 manifest to launch a single-SCO
 * package: the launch file, the edition, and the pass mark of the primary
 * objective when it is satisfied by measure (cmi.scaled_passing_score).
 */
function readManifest2004(dir) {
  const { launchHref } = readManifest(dir);
  const xml = readFileSync(path.join(dir, "imsmanifest.xml"), "utf8");
  const schemaversion = xml.match(/<schemaversion>([^<]*)<\/schemaversion>/)?.[1];
  const primary = xml.match(/<imsss:primaryObjective\b[^>]*>[\s\S]*?<\/imsss:primaryObjective>/)?.[0] ?? "";
  const byMeasure = /satisfiedByMeasure="true"/.test(primary);
  const measure = primary.match(/<imsss:minNormalizedMeasure>([^<]*)</)?.[1]?.trim();
  return { launchHref, schemaversion, scaledPassingScore: byMeasure ? measure : undefined };
}

/** The unpacked package, its server and the browser: shared by all tests of one edition. */
async function startRig(edition, zip = packageZip(edition)) {
  const scormAgain = path.join(browserTestsDir, "node_modules", "scorm-again", "dist", "scorm2004.js");
  if (!existsSync(scormAgain)) {
    throw new Error(`${scormAgain} is missing: run \`cargo xtask deps\` (npm ci in tests/browser)`);
  }
  const dir = unpack(zip);
  let server;
  try {
    const manifest = readManifest2004(dir);
    server = await startServer({
      "/sco/": dir,
      "/vendor/scorm2004.js": scormAgain,
      "/": path.join(browserTestsDir, "lms"),
    });
    const browser = await launchChromium();
    return {
      zip,
      dir,
      manifest,
      server,
      browser,
      async stop() {
        await browser.close();
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** A browser context whose launches open the SCORM 2004 player (lms/lms2004.html). */
class Session2004 extends Session {
  async launch(cmi) {
    const launcher = await this.launcher();
    const config = { launchHref: this.rig.manifest.launchHref, cmi };
    const [lms, id] = await Promise.all([
      this.context.waitForEvent("page"),
      launcher.evaluate((config) => {
        const id = window.launches.length;
        window.launches.push({
          id,
          config,
          calls: [],
          commits: [],
          violations: [],
          logs: [],
          counts: { Initialize: 0, Terminate: 0, Commit: 0, SetValue: 0, GetValue: 0 },
        });
        window.open(`/lms2004.html?launch=${id}`, `lms-${id}`);
        return id;
      }, config),
    ]);
    await lms.waitForLoadState();
    await this.waitFor(id, (r) => r.counts.Initialize > 0, "the SCO to call Initialize");
    return { id, lms, sco: lms.frameLocator("#sco") };
  }
}

/** The learner and settings every launch starts from, as flattened cmi. */
function firstLaunchCmi(manifest) {
  const cmi = {
    "cmi.learner_id": "learner-1",
    "cmi.learner_name": "Doe, Jane",
    "cmi.credit": "credit",
    "cmi.mode": "normal",
    "cmi.entry": "ab-initio",
  };
  if (manifest.scaledPassingScore !== undefined) cmi["cmi.scaled_passing_score"] = manifest.scaledPassingScore;
  return cmi;
}

/**
 * The cmi an LMS hands to the next launch of a suspended attempt, from the
 * data it stored at the last commit: location, suspend data, statuses, score
 * and the interactions (readable in SCORM 2004), with entry "resume" when the
 * SCO left with exit "suspend".
 */
function resumeCmi(manifest, saved) {
  const cmi = firstLaunchCmi(manifest);
  for (const [key, value] of Object.entries(saved)) {
    const carried =
      /^cmi\.(location|suspend_data|completion_status|success_status|progress_measure|score\.(scaled|raw|min|max))$/.test(key) ||
      /^cmi\.interactions\.\d+\./.test(key);
    if (carried && value !== "") cmi[key] = value;
  }
  cmi["cmi.entry"] = saved["cmi.exit"] === "suspend" ? "resume" : "";
  return cmi;
}

/**
 * The checks every launch must pass: one Initialize, at most one Terminate,
 * no value that breaks the strict SCORM 2004 rules, no error from scorm-again
 * after any call nor in its log, and "true" from every call that returns a
 * boolean.
 */
function assertCleanLaunch(record) {
  const calls = formatCalls(record.calls);
  assert.equal(record.counts.Initialize, 1, `Initialize must be called once per launch:\n${calls}`);
  assert.ok(record.counts.Terminate <= 1, `Terminate must be called at most once:\n${calls}`);
  assert.deepEqual(
    record.violations.map((v) => `call #${v.seq}: ${v.violation}`),
    [],
    "SetValue values that a strict SCORM 2004 LMS rejects",
  );
  const failed = record.calls.filter((c) => c.errorCode !== undefined && c.errorCode !== "0");
  assert.deepEqual(
    failed.map((c) => `${formatCall(c)}: ${c.error}`),
    [],
    "scorm-again reported errors",
  );
  const falsy = record.calls.filter(
    (c) => ["Initialize", "Terminate", "SetValue", "Commit"].includes(c.name) && c.result !== "true",
  );
  assert.deepEqual(falsy.map(formatCall), [], 'API calls that did not return "true"');
  assert.deepEqual(record.logs.filter((l) => Number(l.level) >= 4), [], "scorm-again logged errors");
}

/**
 * Asserts the end of a launch: one Terminate as the very last call, after
 * cmi.exit and cmi.session_time, with no Commit between the last SetValue
 * and Terminate (Cornerstone answers such a Commit with error 391).
 */
function assertTerminatedOnce(record, exit) {
  const calls = formatCalls(record.calls);
  assert.equal(record.counts.Initialize, 1, `Initialize must be called once per launch:\n${calls}`);
  assert.equal(record.counts.Terminate, 1, `Terminate must be called exactly once:\n${calls}`);
  const last = record.calls.at(-1);
  assert.equal(last.name, "Terminate", `no call may follow Terminate:\n${calls}`);
  assert.deepEqual(last.args, [""], "Terminate takes an empty string");
  const before = record.calls.at(-2);
  assert.ok(
    before.name === "SetValue" && before.args[0] === "cmi.session_time",
    `cmi.session_time must be the last value before Terminate, with no Commit between:\n${calls}`,
  );
  const exits = setValues(record, "cmi.exit");
  assert.equal(exits.at(-1), exit, "the last cmi.exit the SCO set");
  assert.equal(lastCommit(record)["cmi.exit"], exit, "cmi.exit stored at Terminate");
}

/** The values the SCO set for `element`, in order. */
function setValues(record, element) {
  return record.calls.filter((c) => c.name === "SetValue" && c.args[0] === element).map((c) => c.args[1]);
}

/**
 * Asserts what the SCO reported as cmi.progress_measure: the values in order,
 * each a real within 0..1 and never lower than the one before.
 */
function assertProgress(record, expected) {
  const values = setValues(record, "cmi.progress_measure");
  assert.deepEqual(values, expected, `cmi.progress_measure as the SCO set it:\n${formatCalls(record.calls)}`);
  values.map(Number).forEach((v, i, all) => {
    assert.ok(v >= 0 && v <= 1, `progress ${v} within 0..1`);
    if (i > 0) assert.ok(v >= all[i - 1], `progress never goes down: ${values.join(", ")}`);
  });
}

/** Asserts that page `id` is the one page shown. */
async function expectPage(sco, id) {
  await eventually(async () => {
    const shown = await sco
      .locator("section[data-page]")
      .evaluateAll((sections) => sections.filter((s) => !s.hidden).map((s) => s.dataset.page));
    assert.deepEqual(shown, [id], `exactly page ${id} should be shown`);
  });
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

/** Answers question `id` with `value`: clicks the option's label, then "verify". */
async function answer(sco, id, value) {
  const fieldset = sco.locator(`[data-quiz] fieldset[data-question="${id}"]`);
  await fieldset.waitFor({ state: "visible" });
  await fieldset.locator(`input[type="radio"][value="${value}"]`).check();
  await sco.locator('[data-quiz] button[data-action="verify"]:visible').click();
  await fieldset.locator("[data-feedback]").waitFor({ state: "visible" });
}

/**
 * Answers the questions from the current one on and returns the result the
 * SCO shows: `{ score, status }`. Restored answers are stepped over.
 */
async function takeQuiz(sco, answers) {
  const ids = Object.keys(answers);
  for (const [i, id] of ids.entries()) {
    const fieldset = sco.locator(`[data-quiz] fieldset[data-question="${id}"]`);
    const answered = (await fieldset.locator('input[type="radio"]:checked').count()) > 0;
    if (answered && !(await fieldset.isVisible())) continue;
    await fieldset.waitFor({ state: "visible" });
    if (!(await fieldset.locator("[data-feedback]").isVisible())) await answer(sco, id, answers[id]);
    if (i < ids.length - 1) await sco.locator('[data-quiz] button[data-action="next-question"]:visible').click();
  }
  const result = sco.locator("[data-result]");
  await result.waitFor({ state: "visible" });
  return { score: await result.getAttribute("data-score"), status: await result.getAttribute("data-status") };
}

/** The interactions of stored data, reduced to what the tests compare. */
function answers(stored) {
  return interactions(stored).map((i) => ({
    id: i.id,
    type: i.type,
    learner_response: i.learner_response,
    pattern: i["correct_responses.0.pattern"],
    result: i.result,
  }));
}

for (const edition of EDITIONS) {
  describe(`the SCORM 2004 ${edition.name} package in Chromium with scorm-again's Scorm2004API`, () => {
    let rig;
    let rigError;
    let session;

    before(async () => {
      rig = await startRig(edition).catch((err) => {
        rigError = err;
      });
    });
    after(async () => {
      await rig?.stop();
    });

    async function newSession() {
      await session?.close();
      session = await new Session2004(rig).open();
      return session;
    }

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

    scenario("the manifest declares the edition and the pass mark the LMS judges success by", async () => {
      assert.equal(rig.manifest.schemaversion, edition.schemaversion);
      assert.equal(rig.manifest.scaledPassingScore, "0.8");
    });

    scenario("passes with both answers right: completed, passed, scaled 1, two correct interactions", async () => {
      const s = await newSession();
      const launch = await s.launch(firstLaunchCmi(rig.manifest));
      await goToPage(launch.sco, "knowledge-check");
      assert.deepEqual(await takeQuiz(launch.sco, ALL_RIGHT), { score: "100", status: "passed" });

      // The result reaches the LMS with a Commit, without waiting for the window to close.
      const seen = await s.waitFor(
        launch.id,
        (r) => r.commits.some((c) => c.cmi["cmi.success_status"] === "passed"),
        "success_status passed in a commit",
      );
      assertCleanLaunch(seen);
      const calls = formatCalls(seen.calls);
      assert.equal(setValues(seen, "cmi.completion_status")[0], "incomplete", `first launch sets incomplete:\n${calls}`);
      const scaledAt = seen.calls.findIndex((c) => c.name === "SetValue" && c.args[0] === "cmi.score.scaled");
      const successAt = seen.calls.findIndex((c) => c.name === "SetValue" && c.args[0] === "cmi.success_status");
      assert.ok(scaledAt !== -1 && scaledAt < successAt, `the score goes in before the status:\n${calls}`);

      const record = await s.closeLms(launch);
      assertCleanLaunch(record);
      assertTerminatedOnce(record, "normal");
      const stored = lastCommit(record);
      assert.equal(stored["cmi.completion_status"], "completed");
      assert.equal(stored["cmi.success_status"], "passed");
      assert.equal(stored["cmi.score.scaled"], "1");
      assert.equal(stored["cmi.score.raw"], "100");
      assert.equal(stored["cmi.score.min"], "0");
      assert.equal(stored["cmi.score.max"], "100");
      assert.deepEqual(
        answers(stored),
        QUESTIONS.map((q) => ({ id: urn(q), type: "choice", learner_response: "b", pattern: "b", result: "correct" })),
      );
      for (const i of interactions(stored)) {
        assert.match(i.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,2})?Z$/, "an ISO 8601 timestamp");
        assert.match(i.latency, /^PT(\d+M)?\d+(\.\d{1,2})?S$/, "an ISO 8601 duration");
        assert.equal(i.weighting, "1");
      }
      assert.match(setValues(record, "cmi.session_time").at(-1), /^PT(\d+H)?(\d+M)?\d+(\.\d{1,2})?S$/);
      // A share of the five pages seen with each bookmark, then 1 once completed. The
      // knowledge check bookmarks again after the first question, with no new page seen.
      const progress = setValues(record, "cmi.progress_measure");
      assert.deepEqual(progress.slice(0, 5), ["0.2", "0.4", "0.6", "0.8", "1"]);
      assertProgress(record, progress);
      assert.equal(stored["cmi.progress_measure"], "1");
      s.assertNoBrowserProblems();
    });

    scenario("fails with one wrong answer: completed, failed, scaled 0.5, first interaction incorrect", async () => {
      const s = await newSession();
      const launch = await s.launch(firstLaunchCmi(rig.manifest));
      await goToPage(launch.sco, "knowledge-check");
      assert.deepEqual(await takeQuiz(launch.sco, { "ops-liaison": "a", "platform-bottleneck": "b" }), {
        score: "50",
        status: "failed",
      });
      const record = await s.closeLms(launch);
      assertCleanLaunch(record);
      // Completed but failed is not done: the attempt stays suspended, so the learner can
      // come back and retry with the LMS keeping the answers and the bookmark.
      assertTerminatedOnce(record, "suspend");
      const stored = lastCommit(record);
      assert.equal(stored["cmi.completion_status"], "completed");
      assert.equal(stored["cmi.success_status"], "failed");
      assert.equal(stored["cmi.score.scaled"], "0.5");
      assert.equal(stored["cmi.score.raw"], "50");
      assert.deepEqual(answers(stored), [
        { id: urn("ops-liaison"), type: "choice", learner_response: "a", pattern: "b", result: "incorrect" },
        { id: urn("platform-bottleneck"), type: "choice", learner_response: "b", pattern: "b", result: "correct" },
      ]);
      s.assertNoBrowserProblems();
    });

    scenario("closing mid-course suspends and terminates exactly once, without a Commit before Terminate", async () => {
      const s = await newSession();
      const launch = await s.launch(firstLaunchCmi(rig.manifest));
      await goToPage(launch.sco, "patterns");
      assert.equal((await s.record(launch.id)).counts.Terminate, 0, "Terminate before the learner left");
      const record = await s.closeLms(launch);
      assertCleanLaunch(record);
      assertTerminatedOnce(record, "suspend");
      assert.equal(lastCommit(record)["cmi.location"], "patterns");
      // Two of five pages seen.
      assertProgress(record, ["0.2", "0.4"]);
      assert.equal(lastCommit(record)["cmi.progress_measure"], "0.4");
      assert.deepEqual(s.beforeUnloadPrompts, [], "the SCO asked the learner whether to leave");
      s.assertNoBrowserProblems();
    });

    scenario("resumes on the saved page after the learner navigated away (pagehide), with entry resume", async () => {
      const s = await newSession();
      const first = await s.launch(firstLaunchCmi(rig.manifest));
      await goToPage(first.sco, "silos-vs-teams");
      // Leaving the LMS page for another page unloads the SCO, like closing it.
      await first.lms.goto("about:blank");
      const saved = await s.waitFor(first.id, (r) => r.counts.Terminate > 0, "Terminate on navigating away");
      await first.lms.close();
      assertCleanLaunch(saved);
      assertTerminatedOnce(saved, "suspend");

      assert.equal(lastCommit(saved)["cmi.progress_measure"], "0.6");

      const cmi = resumeCmi(rig.manifest, lastCommit(saved));
      assert.equal(cmi["cmi.entry"], "resume");
      const second = await s.launch(cmi);
      await expectPage(second.sco, "silos-vs-teams");
      // The pages up to the saved one stay seen: the next page makes four of five.
      await goToPage(second.sco, "case-study");
      const record = await s.closeLms(second);
      assertCleanLaunch(record);
      assertProgress(record, ["0.6", "0.8"]);
      const entry = record.calls.find((c) => c.name === "GetValue" && c.args[0] === "cmi.entry");
      assert.equal(entry?.result, "resume", "the SCO read cmi.entry resume");
      s.assertNoBrowserProblems();
    });

    scenario("resumes the knowledge check with the earlier answer restored, and passes", async () => {
      const s = await newSession();
      const first = await s.launch(firstLaunchCmi(rig.manifest));
      await goToPage(first.sco, "knowledge-check");
      await answer(first.sco, "ops-liaison", "b");
      const saved = await s.closeLms(first);
      assertCleanLaunch(saved);
      assertTerminatedOnce(saved, "suspend");

      const second = await s.launch(resumeCmi(rig.manifest, lastCommit(saved)));
      await expectPage(second.sco, "knowledge-check");
      const restored = second.sco.locator('[data-quiz] fieldset[data-question="ops-liaison"] input[value="b"]');
      assert.ok(await restored.isChecked(), "the answer to ops-liaison was not restored");
      assert.deepEqual(await takeQuiz(second.sco, ALL_RIGHT), { score: "100", status: "passed" });
      const record = await s.closeLms(second);
      assertCleanLaunch(record);
      assertTerminatedOnce(record, "normal");
      const stored = lastCommit(record);
      assert.equal(stored["cmi.completion_status"], "completed");
      assert.equal(stored["cmi.success_status"], "passed");
      assert.equal(stored["cmi.score.scaled"], "1");
      // The interactions of the attempt: the first session's answer, then this one's.
      assert.deepEqual(
        answers(stored).map((a) => `${a.id}:${a.learner_response}:${a.result}`),
        [`${urn("ops-liaison")}:b:correct`, `${urn("platform-bottleneck")}:b:correct`],
      );
      s.assertNoBrowserProblems();
    });
  });
}

describe("every question type in the SCORM 2004 4th edition package (courses/every-type)", () => {
  let rig;
  let rigError;
  let zip;

  before(async () => {
    try {
      zip = buildFixture("every-type", "scorm2004");
      rig = await startRig(EDITIONS[0], zip);
    } catch (err) {
      rigError = err;
    }
  });
  after(async () => {
    await rig?.stop();
    if (zip) rmSync(path.dirname(zip), { recursive: true, force: true });
  });

  for (const [name, given, result] of [["right", RIGHT, "correct"], ["wrong", WRONG, "incorrect"]]) {
    it(`records ${name} answers of every type in the SCORM 2004 formats, held to the strict rules`, { timeout: 120_000 }, async () => {
      if (rigError) throw rigError;
      const s = await new Session2004(rig).open();
      try {
        const launch = await s.launch(firstLaunchCmi(rig.manifest));
        await nextPage(launch.sco);
        await takeCheck(launch.sco, given);
        await nextPage(launch.sco);
        await takeCheck(launch.sco, FINAL_RIGHT);
        const record = await s.closeLms(launch);
        assertCleanLaunch(record);
        const byId = Object.fromEntries(interactions(lastCommit(record)).map((i) => [i.id.split(":").at(-1), i]));
        const pick = (id) => [byId[id].type, byId[id].learner_response, byId[id]["correct_responses.0.pattern"], byId[id].result];
        const expected = {
          "pick-one": ["choice", name === "right" ? "b" : "a", "b"],
          "pick-many": ["choice", name === "right" ? "a[,]c" : "a", "a[,]c"],
          "sky-blue": ["true-false", name === "right" ? "true" : "false", "true"],
          capital: ["fill-in", name === "right" ? "paris" : "Lyon", "{case_matters=false}Paris"],
          boiling: ["numeric", name === "right" ? "100" : "90.5", "95[:]105"],
          tools: ["matching", name === "right" ? "1[.]a[,]2[.]b[,]3[.]c" : "1[.]b[,]2[.]a[,]3[.]c", "1[.]a[,]2[.]b[,]3[.]c"],
          release: ["sequencing", name === "right" ? "a[,]b[,]c" : "c[,]b[,]a", "a[,]b[,]c"],
        };
        for (const [id, [type, response, pattern]] of Object.entries(expected)) {
          assert.deepEqual(pick(id), [type, response, pattern, result], id);
        }
        // The comma of an accepted answer, escaped: scorm-again reads a bare one as a delimiter.
        assert.equal(byId.capital["correct_responses.1.pattern"], "{case_matters=false}Paris\\, France");
        assert.equal(byId.boiling.weighting, "2");
        assert.equal(byId.warmup.weighting, "0");
        assert.equal(byId["pick-one"].description, "The one right option?");
        // Every answer right: scaled 1 and passed; every answer of the first check wrong
        // (11 of 11 weight points lost there) and the final test right: failed.
        const stored = lastCommit(record);
        assert.equal(stored["cmi.success_status"], name === "right" ? "passed" : "failed");
        assert.equal(stored["cmi.score.scaled"], name === "right" ? "1" : String(Math.round((3 / 11) * 1e7) / 1e7));
        s.assertNoBrowserProblems();
      } catch (err) {
        err.message += s.diagnostics();
        throw err;
      } finally {
        await s.close();
      }
    });
  }
});
