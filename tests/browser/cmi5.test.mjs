// The built cmi5 package (SCORMPACK_CMI5_ZIP), launched as a cmi5 LMS launches an AU (cmi5 8,
// 10, 11): the test plays the LMS. For each launch it writes the `launched` statement,
// LMS.LaunchData (State API) and the learner's preferences (Agent Profile) to the real LRS of
// tests/lrs, serves a one-time fetch URL for the auth token, and opens the AU with endpoint,
// fetch, actor, registration and activityId in Debian's Chromium. `cargo xtask browser` builds
// the default course in every format and runs this file.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { startFaultProxy, startLrs } from "../lrs/start.mjs";
import { Session, eventually as pollUntil, launchChromium, unpack } from "./lib/harness.mjs";
import { startServer } from "./lib/server.mjs";

const COURSE = "https://courses.cloud-integrations.example/ops-integration";
const AU = `${COURSE}/au`;
const LEARNER = {
  objectType: "Agent",
  name: "Jane Doe",
  account: { homePage: "https://lms.example.com", name: "jane.doe" },
};
const VERB = (name) => `http://adlnet.gov/expapi/verbs/${name}`;
const CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
const MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
const SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
const LAUNCH_MODE = "https://w3id.org/xapi/cmi5/context/extensions/launchmode";
const MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
const DURATION = /^PT(\d+H)?(\d+M)?(\d+(\.\d+)?S)$/;
const DEFINED = ["initialized", "passed", "failed", "completed", "terminated"];

function cmi5Zip() {
  const zip = process.env.SCORMPACK_CMI5_ZIP;
  if (!zip) {
    throw new Error("SCORMPACK_CMI5_ZIP is not set: run the browser tests with `cargo xtask browser`");
  }
  if (!existsSync(zip)) throw new Error(`SCORMPACK_CMI5_ZIP=${zip}: no such file`);
  return path.resolve(zip);
}

/** The LRS round trips take longer than a page change: wait up to 10 s, polling every 100 ms. */
const eventually = (fn, timeout = 10_000) => pollUntil(fn, timeout, 100);

/**
 * The LMS's side of the launch that is not the LRS: the fetch URLs, each answering its first
 * POST with the auth token and every later one with a cmi5 error (8.2.3), and a return page.
 */
async function startLms(token) {
  const fetches = new Map(); // id → POSTs seen
  const server = createServer((req, res) => {
    const cors = { "access-control-allow-origin": req.headers.origin || "*" };
    const url = new URL(req.url, "http://localhost");
    if (url.pathname === "/return") {
      res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>LMS</title><p>Back in the LMS</p>");
      return;
    }
    const match = url.pathname.match(/^\/fetch\/([\w-]+)$/);
    if (req.method === "OPTIONS") {
      res.writeHead(204, { ...cors, "access-control-allow-methods": "POST" }).end();
      return;
    }
    if (!match || req.method !== "POST" || !fetches.has(match[1])) {
      res.writeHead(404, cors).end();
      return;
    }
    const seen = fetches.get(match[1]) + 1;
    fetches.set(match[1], seen);
    const body = seen === 1
      ? { "auth-token": token }
      : { "error-code": "1", "error-text": "the auth token of this launch was fetched already" };
    res.writeHead(200, { ...cors, "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    /** A new one-time fetch URL. */
    fetchUrl() {
      const id = randomUUID();
      fetches.set(id, 0);
      return { id, url: `${origin}/fetch/${id}` };
    },
    posts: (id) => fetches.get(id),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function shownPage(page) {
  return page.locator("section[data-page]:not([hidden])").getAttribute("data-page");
}

async function started(page) {
  await page.locator("[data-pager]").waitFor({ state: "visible" });
}

async function goToKnowledgeCheck(page) {
  while ((await shownPage(page)) !== "knowledge-check") {
    const shown = await shownPage(page);
    await page.locator('button[data-nav="next"]').click();
    await eventually(async () => assert.notEqual(await shownPage(page), shown));
  }
}

async function answer(page, question, value) {
  const fieldset = page.locator(`fieldset[data-question="${question}"]`);
  await fieldset.waitFor({ state: "visible" });
  await fieldset.locator(`input[value="${value}"]`).check();
  await page.locator('button[data-action="verify"]').click();
  await fieldset.locator("[data-feedback]").waitFor({ state: "visible" });
}

/** Answers both questions of the default course; "b" is right for each. */
async function takeQuiz(page, first, second) {
  await goToKnowledgeCheck(page);
  await answer(page, "ops-liaison", first);
  await page.locator('button[data-action="next-question"]').click();
  await answer(page, "platform-bottleneck", second);
  await page.locator("[data-result]").waitFor({ state: "visible" });
}

describe("the cmi5 package in Chromium, launched by a cmi5 LMS, reporting to a real LRS", () => {
  let rig;
  let rigError;
  let session;

  before(async () => {
    try {
      const dir = unpack(cmi5Zip());
      const xml = readFileSync(path.join(dir, "cmi5.xml"), "utf8");
      const url = xml.match(/<url>([^<]+)<\/url>/)[1];
      const lrs = await startLrs();
      const lms = await startLms(lrs.auth.replace(/^Basic /, ""));
      const server = await startServer({ "/pkg/": dir });
      const browser = await launchChromium();
      rig = {
        dir,
        url,
        lrs,
        lms,
        server,
        browser,
        allowedOrigins: [lrs.origin, lms.origin],
        async stop() {
          await browser.close();
          await server.close();
          await lms.close();
          await lrs.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      rigError = err;
    }
  });
  after(async () => {
    await rig?.stop();
  });

  function scenario(name, fn) {
    it(name, { timeout: 90_000 }, async () => {
      if (rigError) throw rigError;
      try {
        await fn();
      } catch (err) {
        if (session) err.message += session.diagnostics();
        err.message += `\nLRS log:\n${rig.lrs.log()}`;
        throw err;
      } finally {
        await session?.close();
        session = undefined;
      }
    });
  }

  async function newSession(overrides = {}) {
    await session?.close();
    session = await new Session({ ...rig, ...overrides }).open();
    return session;
  }

  /** A request of the LMS to the LRS with its own credentials. */
  async function lrsWrite(method, resource, params, body) {
    const url = new URL(resource, rig.lrs.endpoint);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const res = await fetch(url, {
      method,
      headers: {
        Authorization: rig.lrs.auth,
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json",
      },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  }

  /**
   * What an LMS does before it opens the AU (cmi5 10.2, 11, 9.3.1): LMS.LaunchData, the
   * learner's preferences, the `launched` statement; then the launch URL with a new fetch URL.
   */
  async function prepareLaunch({
    registration,
    launchMode = "Normal",
    moveOn = "Passed",
    masteryScore,
    returnURL,
    endpoint = rig.lrs.endpoint,
  }) {
    const sessionId = randomUUID();
    const contextTemplate = {
      contextActivities: { grouping: [{ objectType: "Activity", id: COURSE }] },
      extensions: { [SESSION]: sessionId },
    };
    const launchData = { contextTemplate, launchMode, launchMethod: "AnyWindow", moveOn };
    if (masteryScore !== undefined) launchData.masteryScore = masteryScore;
    if (returnURL) launchData.returnURL = returnURL;
    const agent = JSON.stringify(LEARNER);
    await lrsWrite("PUT", "activities/state", { activityId: AU, agent, registration, stateId: "LMS.LaunchData" }, launchData);
    await lrsWrite("PUT", "agents/profile", { agent, profileId: "cmi5LearnerPreferences" }, {
      languagePreference: "en-US,fr-FR",
      audioPreference: "off",
    });
    await lrsWrite("POST", "statements", {}, {
      id: randomUUID(),
      actor: LEARNER,
      verb: { id: VERB("launched"), display: { "en-US": "Launched" } },
      object: { objectType: "Activity", id: AU },
      context: {
        registration,
        contextActivities: { ...contextTemplate.contextActivities, category: [{ objectType: "Activity", id: CMI5 }] },
        extensions: { [SESSION]: sessionId, [LAUNCH_MODE]: launchMode, "https://w3id.org/xapi/cmi5/context/extensions/launchurl": rig.url, "https://w3id.org/xapi/cmi5/context/extensions/moveon": moveOn },
      },
      timestamp: new Date().toISOString(),
    });
    const fetchUrl = rig.lms.fetchUrl();
    const q = new URLSearchParams({
      endpoint,
      fetch: fetchUrl.url,
      actor: JSON.stringify(LEARNER),
      registration,
      activityId: AU,
    });
    return { sessionId, contextTemplate, fetchId: fetchUrl.id, fetchUrl: fetchUrl.url, url: `/pkg/${rig.url}?${q}` };
  }

  /**
   * The AU's statements of a registration, oldest first by their timestamps; statements the AU
   * made in the same millisecond stand in the order the AU makes them.
   */
  async function statementsOf(registration) {
    const rank = ["initialized", "answered", "passed", "failed", "completed", "terminated"];
    const all = await rig.lrs.statements({ registration });
    return all
      .filter((s) => s.verb.id !== VERB("launched"))
      .map((s) => ({ s, at: Date.parse(s.timestamp), rank: rank.indexOf(s.verb.id.split("/").at(-1)) }))
      .sort((a, b) => a.at - b.at || a.rank - b.rank)
      .map(({ s }) => s);
  }

  const verbsOf = (statements) => statements.map((s) => s.verb.id.split("/").at(-1));
  const categories = (s) => (s.context.contextActivities.category ?? []).map((c) => c.id);

  /** The rules of cmi5 9 for the AU's statements of one session. */
  function assertSession(statements, { registration, sessionId }) {
    for (const s of statements) {
      const verb = s.verb.id.split("/").at(-1);
      assert.equal(s.context.registration, registration, `${verb}: registration`);
      assert.equal(s.context.extensions[SESSION], sessionId, `${verb}: the session id of the contextTemplate`);
      assert.ok(s.context.contextActivities.grouping.some((g) => g.id === COURSE), `${verb}: the contextTemplate's grouping`);
      assert.deepEqual(s.actor, LEARNER, `${verb}: actor`);
      if (DEFINED.includes(verb)) {
        assert.equal(s.object.id, AU, `${verb}: the AU as object`);
        assert.ok(categories(s).includes(CMI5), `${verb}: the cmi5 category`);
        assert.equal(categories(s).includes(MOVEON), ["passed", "failed", "completed"].includes(verb), `${verb}: moveon`);
      } else {
        assert.ok(!categories(s).includes(CMI5), `${verb}: an allowed statement has no cmi5 category`);
      }
      if (["passed", "failed", "completed", "terminated"].includes(verb)) {
        assert.match(s.result.duration, DURATION, `${verb}: duration`);
      }
    }
    const verbs = verbsOf(statements);
    assert.equal(verbs[0], "initialized", "initialized first");
    assert.equal(verbs.filter((v) => v === "terminated").length, 1, "one terminated");
    assert.equal(verbs.at(-1), "terminated", "nothing after terminated");
  }

  /** Closes the AU's window and waits for its `terminated`. */
  async function closeAu(page, registration, terminated = 1) {
    await page.close({ runBeforeUnload: true });
    await eventually(async () =>
      assert.equal(verbsOf(await statementsOf(registration)).filter((v) => v === "terminated").length, terminated));
  }

  scenario("a pass leaves initialized, answered ×2, passed (scaled 1), completed, terminated in one session", async () => {
    const s = await newSession();
    const registration = randomUUID();
    const launch = await prepareLaunch({ registration });
    const page = await s.page(launch.url);
    await started(page);
    await takeQuiz(page, "b", "b");
    await eventually(async () => assert.ok(verbsOf(await statementsOf(registration)).includes("completed")));
    await closeAu(page, registration);

    const statements = await statementsOf(registration);
    assert.deepEqual(verbsOf(statements), ["initialized", "answered", "answered", "passed", "completed", "terminated"]);
    assertSession(statements, { registration, sessionId: launch.sessionId });
    const [passed, completed] = [statements[3], statements[4]];
    assert.deepEqual(passed.result.score, { scaled: 1, raw: 100, min: 0, max: 100 });
    assert.equal(passed.result.success, true);
    assert.equal(completed.result.completion, true);
    for (const a of statements.filter((st) => st.verb.id === VERB("answered"))) {
      assert.equal(a.object.definition.interactionType, "choice");
      assert.deepEqual(a.object.definition.correctResponsesPattern, ["b"]);
      assert.equal(a.result.response, "b");
      assert.equal(a.result.success, true);
      assert.deepEqual(a.context.contextActivities.parent.map((p) => p.id), [AU]);
    }
    assert.deepEqual(
      statements.filter((st) => st.verb.id === VERB("answered")).map((a) => a.object.id),
      [`${COURSE}/questions/ops-liaison`, `${COURSE}/questions/platform-bottleneck`],
    );
    assert.equal(rig.lms.posts(launch.fetchId), 1, "one POST to the fetch URL");
    s.assertNoBrowserProblems();
  });

  scenario("a fail leaves failed (scaled 0.5) and no completed when moveOn is Passed", async () => {
    const s = await newSession();
    const registration = randomUUID();
    const launch = await prepareLaunch({ registration, moveOn: "Passed" });
    const page = await s.page(launch.url);
    await started(page);
    await takeQuiz(page, "b", "a");
    await eventually(async () => assert.ok(verbsOf(await statementsOf(registration)).includes("failed")));
    await closeAu(page, registration);
    const statements = await statementsOf(registration);
    assert.deepEqual(verbsOf(statements), ["initialized", "answered", "answered", "failed", "terminated"]);
    assertSession(statements, { registration, sessionId: launch.sessionId });
    const failed = statements[3];
    assert.deepEqual(failed.result.score, { scaled: 0.5, raw: 50, min: 0, max: 100 });
    assert.equal(failed.result.success, false);
    assert.equal(statements[2].result.success, false, "the wrong answer");
    s.assertNoBrowserProblems();
  });

  scenario("LaunchData's masteryScore overrides the package's: 0.5 passes what the course calls a fail", async () => {
    const s = await newSession();
    const registration = randomUUID();
    const launch = await prepareLaunch({ registration, masteryScore: 0.5 });
    const page = await s.page(launch.url);
    await started(page);
    await takeQuiz(page, "b", "a");
    await eventually(async () => assert.ok(verbsOf(await statementsOf(registration)).includes("passed")));
    await closeAu(page, registration);
    const statements = await statementsOf(registration);
    assert.deepEqual(verbsOf(statements), ["initialized", "answered", "answered", "passed", "terminated"]);
    assertSession(statements, { registration, sessionId: launch.sessionId });
    assert.equal(statements[3].result.score.scaled, 0.5);
    assert.equal(statements[3].context.extensions[MASTERY], 0.5, "the mastery score used");
    s.assertNoBrowserProblems();
  });

  scenario("a relaunch is a new session that resumes where the learner left", async () => {
    const registration = randomUUID();
    let s = await newSession();
    const first = await prepareLaunch({ registration });
    let page = await s.page(first.url);
    await started(page);
    await goToKnowledgeCheck(page);
    await answer(page, "ops-liaison", "b");
    await closeAu(page, registration);
    s.assertNoBrowserProblems();

    // A fresh browser profile: what comes back comes from the LRS.
    s = await newSession();
    const second = await prepareLaunch({ registration });
    page = await s.page(second.url);
    await started(page);
    assert.equal(await shownPage(page), "knowledge-check", "resumed on the bookmarked page");
    assert.ok(
      await page.locator('fieldset[data-question="ops-liaison"] input[value="b"]').isChecked(),
      "the earlier answer is restored",
    );
    await page.locator('button[data-action="next-question"]').click();
    await answer(page, "platform-bottleneck", "b");
    await page.locator("[data-result]").waitFor({ state: "visible" });
    await eventually(async () => assert.ok(verbsOf(await statementsOf(registration)).includes("completed")));
    await closeAu(page, registration, 2);

    const statements = await statementsOf(registration);
    const ofSession = (id) => statements.filter((st) => st.context.extensions[SESSION] === id);
    assert.deepEqual(verbsOf(ofSession(first.sessionId)), ["initialized", "answered", "terminated"]);
    assert.deepEqual(verbsOf(ofSession(second.sessionId)), ["initialized", "answered", "passed", "completed", "terminated"]);
    assertSession(ofSession(first.sessionId), { registration, sessionId: first.sessionId });
    assertSession(ofSession(second.sessionId), { registration, sessionId: second.sessionId });
    s.assertNoBrowserProblems();
  });

  scenario("a second POST to the fetch URL is refused, and the AU goes on with its token; a reload fetches none", async () => {
    const s = await newSession();
    const registration = randomUUID();
    const launch = await prepareLaunch({ registration });
    const page = await s.page(launch.url);
    await started(page);
    await eventually(async () => assert.deepEqual(verbsOf(await statementsOf(registration)), ["initialized"]));
    const again = await (await fetch(launch.fetchUrl, { method: "POST" })).json();
    assert.equal(again["error-code"], "1", "the LMS refuses a second POST");
    await page.reload();
    await started(page);
    await takeQuiz(page, "b", "b");
    await eventually(async () => assert.ok(verbsOf(await statementsOf(registration)).includes("completed")));
    assert.equal(rig.lms.posts(launch.fetchId), 2, "the AU posted once; the test once");
    await page.close({ runBeforeUnload: true });
    s.assertNoBrowserProblems();
  });

  scenario("a fetch URL that refuses the token shows the learner why, and nothing is recorded", async () => {
    const s = await newSession();
    const registration = randomUUID();
    const launch = await prepareLaunch({ registration });
    await fetch(launch.fetchUrl, { method: "POST" }); // someone else took the token
    const page = await s.page(launch.url);
    await started(page);
    const alert = page.locator("[data-cmi5-error]");
    await alert.waitFor({ state: "visible" });
    assert.match(await alert.textContent(), /the auth token of this launch was fetched already/);
    assert.equal(await alert.getAttribute("role"), "alert");
    await takeQuiz(page, "b", "b");
    await page.close({ runBeforeUnload: true });
    assert.deepEqual(await statementsOf(registration), []);
    s.assertNoBrowserProblems();
  });

  scenario("Browse mode records answers but no passed, failed or completed", async () => {
    const s = await newSession();
    const registration = randomUUID();
    const launch = await prepareLaunch({ registration, launchMode: "Browse" });
    const page = await s.page(launch.url);
    await started(page);
    await takeQuiz(page, "b", "b");
    await eventually(async () =>
      assert.equal(verbsOf(await statementsOf(registration)).filter((v) => v === "answered").length, 2));
    await closeAu(page, registration);
    const statements = await statementsOf(registration);
    assert.deepEqual(verbsOf(statements), ["initialized", "answered", "answered", "terminated"]);
    assertSession(statements, { registration, sessionId: launch.sessionId });
    s.assertNoBrowserProblems();
  });

  scenario("Exit ends the session and follows LaunchData's returnURL", async () => {
    const s = await newSession();
    const registration = randomUUID();
    const returnURL = `${rig.lms.origin}/return`;
    const launch = await prepareLaunch({ registration, returnURL });
    const page = await s.page(launch.url);
    await started(page);
    await page.locator("[data-cmi5-exit]").click();
    await page.waitForURL(returnURL);
    const statements = await statementsOf(registration);
    assert.deepEqual(verbsOf(statements), ["initialized", "terminated"]);
    assertSession(statements, { registration, sessionId: launch.sessionId });
    await page.close();
    s.assertNoBrowserProblems();
  });

  scenario("nothing is stored twice when the LRS's answer to a batch is lost (fault proxy)", async () => {
    const proxy = await startFaultProxy(rig.lrs, { POST_PLAN: "drop-after", NO_KEEPALIVE: "1", STRICT_409: "refuse" });
    try {
      const s = await newSession({ allowedOrigins: [...rig.allowedOrigins, proxy.origin] });
      const registration = randomUUID();
      const launch = await prepareLaunch({ registration, endpoint: proxy.endpoint });
      const page = await s.page(launch.url);
      await started(page);
      await takeQuiz(page, "b", "b");
      await eventually(async () =>
        assert.deepEqual(verbsOf(await statementsOf(registration)), ["initialized", "answered", "answered", "passed", "completed"]));
      await eventually(async () => assert.deepEqual(
        await page.evaluate(() => Object.keys(localStorage)
          .filter((k) => k.startsWith("scormpack.cmi5.queue|"))
          .flatMap((k) => JSON.parse(localStorage.getItem(k)))),
        [],
        "nothing left in the queue",
      ));
      assert.equal((await proxy.faults())["drop-after"], 1);
      await closeAu(page, registration);
      const statements = await statementsOf(registration);
      const ids = statements.map((st) => st.id);
      assert.equal(new Set(ids).size, ids.length, "a statement stored twice");
      assertSession(statements, { registration, sessionId: launch.sessionId });
      // The faults were meant: drop them from the browser's records, failing on any other.
      const expected = (line) => [404, 409].some((status) => line.startsWith(`${status} ${proxy.origin}/`));
      assert.deepEqual(s.httpErrors.filter((line) => !expected(line)), [], "unexpected HTTP errors");
      s.httpErrors.length = 0;
      s.consoleErrors = s.consoleErrors.filter(
        (line) => !/Failed to load resource: the server responded with a status of (\d+)/.test(line) &&
          !/net::ERR_(EMPTY_RESPONSE|CONNECTION_CLOSED|CONNECTION_RESET)/.test(line),
      );
      s.assertNoBrowserProblems();
    } finally {
      await proxy.stop();
    }
  });
});
