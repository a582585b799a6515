// The built xAPI package (SCORMPACK_XAPI_ZIP), run as an xAPI-capable LMS runs it: opened with
// Tin Can launch parameters in Debian's Chromium, reporting to a real LRS (Learning Locker's
// statements service, tests/lrs/) on 127.0.0.1. `cargo xtask browser` builds the default course
// in both formats and runs this file.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { startFaultProxy, startLrs } from "../lrs/start.mjs";
import { Session, eventually as pollUntil, launchChromium, unpack } from "./lib/harness.mjs";
import { startServer } from "./lib/server.mjs";

const PAGES = ["intro", "patterns", "silos-vs-teams", "case-study", "knowledge-check"];
const COURSE = "https://courses.cloud-integrations.example/ops-integration";
const LEARNER = { objectType: "Agent", name: "Jane Doe", mbox: "mailto:jane.doe@example.com" };
const VERB = (name) => `http://adlnet.gov/expapi/verbs/${name}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DURATION = /^PT(\d+H)?(\d+M)?(\d+(\.\d+)?S)$/;

function xapiZip() {
  const zip = process.env.SCORMPACK_XAPI_ZIP;
  if (!zip) {
    throw new Error("SCORMPACK_XAPI_ZIP is not set: run the browser tests with `cargo xtask browser`");
  }
  if (!existsSync(zip)) throw new Error(`SCORMPACK_XAPI_ZIP=${zip}: no such file`);
  return path.resolve(zip);
}

/** The LRS round trips take longer than a page change: wait up to 10 s, polling every 100 ms. */
const eventually = (fn, timeout = 10_000) => pollUntil(fn, timeout, 100);

async function shownPage(page) {
  return page.locator("section[data-page]:not([hidden])").getAttribute("data-page");
}

/** Waits for the course to start (the pager appears once connect() has answered). */
async function started(page) {
  await page.locator("[data-pager]").waitFor({ state: "visible" });
}

async function goToPage(page, id) {
  for (let step = 0; step <= PAGES.length; step++) {
    const shown = await shownPage(page);
    if (shown === id) return;
    const dir = PAGES.indexOf(shown) < PAGES.indexOf(id) ? "next" : "prev";
    await page.locator(`button[data-nav="${dir}"]`).click();
    await eventually(async () => assert.notEqual(await shownPage(page), shown));
  }
  assert.equal(await shownPage(page), id);
}

async function answer(page, question, value) {
  const fieldset = page.locator(`fieldset[data-question="${question}"]`);
  await fieldset.waitFor({ state: "visible" });
  await fieldset.locator(`input[value="${value}"]`).check();
  await page.locator('button[data-action="verify"]').click();
  await fieldset.locator("[data-feedback]").waitFor({ state: "visible" });
}

describe("the xAPI package in Chromium, reporting to a real LRS", () => {
  let rig;
  let rigError;
  let session;

  before(async () => {
    try {
      const zip = xapiZip();
      const dir = unpack(zip);
      assert.ok(existsSync(path.join(dir, "tincan.xml")), "the package has no tincan.xml at its root");
      const tincan = readFileSync(path.join(dir, "tincan.xml"), "utf8");
      const launchHref = tincan.match(/<launch[^>]*>([^<]+)<\/launch>/)[1];
      const lrs = await startLrs();
      const server = await startServer({ "/pkg/": dir });
      const browser = await launchChromium();
      rig = {
        dir,
        lrs,
        server,
        browser,
        launchHref,
        allowedOrigins: [lrs.origin],
        async stop() {
          await browser.close();
          await server.close();
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

  async function newSession(rigOverrides = {}) {
    await session?.close();
    session = await new Session({ ...rig, ...rigOverrides }).open();
    return session;
  }

  /** The launch URL an LMS builds (Tin Can launch, "Launching Activities", query string form). */
  function launchUrl({ registration, actor = LEARNER, auth = rig.lrs.auth, endpoint = rig.lrs.endpoint }) {
    const q = new URLSearchParams({
      endpoint,
      auth,
      actor: JSON.stringify(actor),
      registration,
      activity_id: COURSE,
    });
    return `/pkg/${rig.launchHref}?${q}`;
  }

  async function statementsOf(registration) {
    return rig.lrs.statements({ registration });
  }

  function count(statements, verb) {
    return statements.filter((s) => s.verb.id === VERB(verb)).length;
  }

  /** The rules every statement of the runtime must follow. */
  function assertWellFormed(statements, registration) {
    for (const s of statements) {
      const what = `${s.verb.display?.["en-US"]} ${s.object.id}`;
      assert.match(s.id, UUID, `${what}: id`);
      assert.match(s.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, `${what}: timestamp in UTC`);
      assert.equal(s.context.registration, registration, `${what}: registration`);
      assert.deepEqual(
        s.context.contextActivities.grouping.map((a) => a.id),
        [COURSE],
        `${what}: the course as grouping`,
      );
      assert.ok(s.verb.id.startsWith("http://adlnet.gov/expapi/verbs/"), `${what}: an ADL verb`);
      assert.equal(typeof s.verb.display["en-US"], "string", `${what}: verb display`);
      assert.equal(s.actor.mbox, LEARNER.mbox, `${what}: actor`);
      if (s.result?.duration) assert.match(s.result.duration, DURATION, `${what}: duration`);
    }
  }

  scenario("answering right leaves two answered, one passed (scaled 1.0) and one completed in the LRS", async () => {
    const s = await newSession();
    const registration = randomUUID();
    const page = await s.page(launchUrl({ registration }));
    await started(page);
    await goToPage(page, "knowledge-check");
    await answer(page, "ops-liaison", "b");
    await page.locator('button[data-action="next-question"]').click();
    await answer(page, "platform-bottleneck", "b");
    await page.locator("[data-result]").waitFor({ state: "visible" });

    // The statements reach the LRS while the learner is still in the course.
    const statements = await eventually(async () => {
      const all = await statementsOf(registration);
      assert.equal(count(all, "completed"), 1, "completed statements");
      return all;
    });
    assert.equal(count(statements, "answered"), 2, "answered");
    assert.equal(count(statements, "passed"), 1, "passed");
    assert.equal(count(statements, "failed"), 0, "failed");
    assert.equal(count(statements, "initialized"), 1, "initialized");
    assert.equal(count(statements, "attempted"), 1, "attempted on a first launch");
    assertWellFormed(statements, registration);

    const experienced = statements.filter((x) => x.verb.id === VERB("experienced")).map((x) => x.object.id);
    assert.deepEqual(experienced.sort(), PAGES.map((p) => `${COURSE}/pages/${p}`).sort(), "one experienced per page");

    const answered = statements.filter((x) => x.verb.id === VERB("answered"));
    for (const a of answered) {
      const def = a.object.definition;
      assert.equal(def.type, "http://adlnet.gov/expapi/activities/cmi.interaction");
      assert.equal(def.interactionType, "choice");
      assert.deepEqual(def.correctResponsesPattern, ["b"]);
      assert.deepEqual(def.choices.map((c) => c.id), ["a", "b", "c", "d"]);
      assert.ok(def.choices.every((c) => c.description.en.length > 0), "each choice has its text");
      assert.equal(a.result.response, "b");
      assert.equal(a.result.success, true);
      assert.deepEqual(a.context.contextActivities.parent.map((p) => p.id), [COURSE]);
    }
    assert.deepEqual(
      answered.map((a) => a.object.id).sort(),
      [`${COURSE}/questions/ops-liaison`, `${COURSE}/questions/platform-bottleneck`],
    );

    const passed = statements.find((x) => x.verb.id === VERB("passed"));
    assert.deepEqual(passed.result.score, { scaled: 1, raw: 100, min: 0, max: 100 });
    assert.equal(passed.result.success, true);
    assert.equal(passed.object.id, COURSE);
    assert.equal(passed.object.definition.name.en, "Integrate Ops into the daily work of Development");
    const completed = statements.find((x) => x.verb.id === VERB("completed"));
    assert.equal(completed.result.completion, true);
    assert.match(completed.result.duration, DURATION);

    // Closing the window ends the session with `terminated`, sent with keepalive.
    await page.close({ runBeforeUnload: true });
    await eventually(async () => assert.equal(count(await statementsOf(registration), "terminated"), 1));
    assert.equal(count(await statementsOf(registration), "suspended"), 0);
    s.assertNoBrowserProblems();
  });

  scenario("a learner who passed keeps passed/100 after a failed retry: no failed statement, the state says so", async () => {
    const s = await newSession();
    const registration = randomUUID();
    const page = await s.page(launchUrl({ registration }));
    await started(page);
    await goToPage(page, "knowledge-check");
    await answer(page, "ops-liaison", "b");
    await page.locator('button[data-action="next-question"]').click();
    await answer(page, "platform-bottleneck", "b");
    await page.locator("[data-result]").waitFor({ state: "visible" });
    await page.locator('button[data-action="retry"]').click();
    await answer(page, "ops-liaison", "a");
    await page.locator('button[data-action="next-question"]').click();
    await answer(page, "platform-bottleneck", "a");
    assert.equal(await page.locator("[data-result]").getAttribute("data-status"), "failed", "this attempt failed");

    // Every answer is on record; the result is the best one.
    const statements = await eventually(async () => {
      const all = await statementsOf(registration);
      assert.equal(count(all, "answered"), 4, "answered statements");
      return all;
    });
    assert.equal(count(statements, "passed"), 1, "passed");
    assert.equal(count(statements, "failed"), 0, "failed");
    assert.equal(count(statements, "completed"), 1, "completed");
    await page.close({ runBeforeUnload: true });
    await eventually(async () => assert.equal(count(await statementsOf(registration), "terminated"), 1));
    const state = await rig.lrs.get("activities/state", {
      activityId: COURSE,
      agent: JSON.stringify({ mbox: LEARNER.mbox }),
      registration,
      stateId: "https://scormpack.dev/xapi/state/bookmark",
    });
    assert.deepEqual([state.status, state.score], ["passed", 100], "the status and score in the State API");
    s.assertNoBrowserProblems();
  });

  scenario("closing mid-quiz and relaunching resumes from the State API, in a fresh browser profile", async () => {
    const registration = randomUUID();
    let s = await newSession();
    let page = await s.page(launchUrl({ registration }));
    await started(page);
    await goToPage(page, "knowledge-check");
    await answer(page, "ops-liaison", "b");
    await page.close({ runBeforeUnload: true });
    await eventually(async () => assert.equal(count(await statementsOf(registration), "suspended"), 1));
    const state = await rig.lrs.get("activities/state", {
      activityId: COURSE,
      agent: JSON.stringify({ mbox: LEARNER.mbox }),
      registration,
      stateId: "https://scormpack.dev/xapi/state/bookmark",
    });
    assert.equal(state.location, "knowledge-check", "the bookmark in the State API");
    s.assertNoBrowserProblems();

    // A new context has no localStorage: what comes back, comes from the LRS.
    s = await newSession();
    page = await s.page(launchUrl({ registration }));
    await started(page);
    assert.equal(await shownPage(page), "knowledge-check", "resumed on the bookmarked page");
    assert.ok(
      await page.locator('fieldset[data-question="ops-liaison"] input[value="b"]').isChecked(),
      "the earlier answer is restored",
    );
    await page.locator('button[data-action="next-question"]').click();
    await answer(page, "platform-bottleneck", "b");
    await page.locator("[data-result]").waitFor({ state: "visible" });
    assert.equal(await page.locator("[data-result]").getAttribute("data-score"), "100");

    const statements = await eventually(async () => {
      const all = await statementsOf(registration);
      assert.equal(count(all, "passed"), 1);
      return all;
    });
    assert.equal(count(statements, "answered"), 2, "one answered per question over both launches");
    assert.equal(count(statements, "initialized"), 2, "one initialized per launch");
    assert.equal(count(statements, "attempted"), 1, "attempted on the first launch only");
    assertWellFormed(statements, registration);
    await page.close({ runBeforeUnload: true });
    s.assertNoBrowserProblems();
  });

  scenario("normalises a Tin Can 0.9 actor (arrays) to one xAPI 1.0.3 agent", async () => {
    const s = await newSession();
    const registration = randomUUID();
    const legacy = { name: ["Jane Doe"], mbox: ["mailto:jane.doe@example.com"], objectType: "Agent" };
    const page = await s.page(launchUrl({ registration, actor: legacy }));
    await started(page);
    await goToPage(page, "patterns");
    const statements = await eventually(async () => {
      const all = await statementsOf(registration);
      assert.equal(count(all, "experienced"), 2);
      return all;
    });
    for (const st of statements) {
      assert.deepEqual(st.actor, LEARNER);
    }
    await page.close({ runBeforeUnload: true });
    s.assertNoBrowserProblems();
  });

  scenario("keeps statements the LRS refused and resends them with the same ids on the next launch", async () => {
    const s = await newSession();
    const registration = randomUUID();
    const wrong = `Basic ${Buffer.from("learner-tests:wrong").toString("base64")}`;
    let page = await s.page(launchUrl({ registration, auth: wrong }));
    await started(page);
    await goToPage(page, "patterns");
    const queued = await eventually(async () => {
      const ids = await page.evaluate(() =>
        Object.keys(localStorage)
          .filter((k) => k.startsWith("scormpack.xapi.queue|"))
          .flatMap((k) => JSON.parse(localStorage.getItem(k)).map((st) => st.id)),
      );
      assert.ok(ids.length >= 3, `queued: ${ids}`);
      return ids;
    });
    await page.close({ runBeforeUnload: true });
    assert.deepEqual(await statementsOf(registration), [], "the LRS stored nothing with wrong credentials");
    // Every refusal was the LRS's 401, and only that.
    assert.ok(s.httpErrors.length > 0 && s.httpErrors.every((e) => e.startsWith(`401 ${rig.lrs.origin}/`)), s.httpErrors.join("\n"));
    s.httpErrors.length = 0;
    s.consoleErrors.length = 0;

    page = await s.page(launchUrl({ registration }));
    await started(page);
    const stored = await eventually(async () => {
      const all = await statementsOf(registration);
      const ids = all.map((st) => st.id);
      assert.ok(queued.every((id) => ids.includes(id)), "the queued statements arrive with their ids");
      return ids;
    });
    assert.equal(new Set(stored).size, stored.length, "no statement twice");
    await page.close({ runBeforeUnload: true });
    s.assertNoBrowserProblems();
  });

  scenario("a back-forward cache round trip keeps the session: later pages still reach the LRS", async () => {
    const s = await newSession();
    const registration = randomUUID();
    const page = await s.page(launchUrl({ registration }));
    await started(page);
    const transition = (type) =>
      page.evaluate((type) => window.dispatchEvent(new PageTransitionEvent(type, { persisted: true })), type);
    await transition("pagehide");
    await transition("pageshow");
    await goToPage(page, "patterns");
    await eventually(async () => assert.deepEqual(pagesSeen(await statementsOf(registration)), ["intro", "patterns"]));
    assert.equal(count(await statementsOf(registration), "suspended"), 0, "a page that may come back is not suspended");
    await page.close({ runBeforeUnload: true });
    await eventually(async () => assert.equal(count(await statementsOf(registration), "suspended"), 1));
    s.assertNoBrowserProblems();
  });

  // ---- faults between the course and the LRS (tests/lrs/fault-proxy.js) ----------------------

  /** Runs `fn(proxy)` with a fault proxy in front of the LRS, configured by `env`. */
  async function withProxy(env, fn) {
    const proxy = await startFaultProxy(rig.lrs, env);
    try {
      return await fn(proxy);
    } finally {
      await proxy.stop();
    }
  }

  /** The statements waiting in the course's localStorage queue, or kept aside as refused. */
  function stored(page, kind) {
    return page.evaluate(
      (prefix) =>
        Object.keys(localStorage)
          .filter((k) => k.startsWith(prefix))
          .flatMap((k) => JSON.parse(localStorage.getItem(k))),
      `scormpack.xapi.${kind}|`,
    );
  }

  /** The experienced pages in `statements`, sorted. */
  const pagesSeen = (statements) =>
    statements.filter((st) => st.verb.id === VERB("experienced")).map((st) => st.object.id.split("/").at(-1)).sort();

  /** Asserts that no statement id is stored twice. */
  function assertOnce(statements) {
    const ids = statements.map((st) => st.id);
    assert.equal(new Set(ids).size, ids.length, "a statement stored twice");
  }

  /**
   * The answers the faults were meant to cause are not problems of the course: drops them (and
   * the browser's console lines about them) from the session's records, failing on any other.
   */
  function expectHttpErrors(s, origin, statuses) {
    const expected = (line) => statuses.some((status) => line.startsWith(`${status} ${origin}/`));
    assert.deepEqual(s.httpErrors.filter((line) => !expected(line)), [], "unexpected HTTP errors");
    s.httpErrors.length = 0;
    s.consoleErrors = s.consoleErrors.filter(
      (line) => !/Failed to load resource: the server responded with a status of (\d+)/.test(line) &&
        !/net::ERR_(EMPTY_RESPONSE|CONNECTION_CLOSED|CONNECTION_RESET)/.test(line),
    );
  }

  scenario("a statement the LRS refuses (400 for its whole batch) is found, kept aside with the reason and never resent", async () => {
    const patterns = `${COURSE}/pages/patterns`;
    await withProxy({ POST_PLAN: "503,503", REFUSE_OBJECT: patterns }, async (proxy) => {
      const s = await newSession({ allowedOrigins: [rig.lrs.origin, proxy.origin] });
      const registration = randomUUID();
      const warnings = [];
      s.context.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
      const page = await s.page(launchUrl({ registration, endpoint: proxy.endpoint }));
      await started(page);
      // While the course waits to retry after the 503s, the statements pile up into one batch.
      await goToPage(page, "silos-vs-teams");
      const refused = await eventually(async () => {
        const list = await stored(page, "refused");
        assert.equal(list.length, 1, "statements kept aside");
        return list;
      });
      assert.equal(refused[0].statement.object.id, patterns);
      assert.equal(refused[0].status, 400);
      assert.match(refused[0].reason, /injected: statement .+ is invalid/);
      assert.ok(warnings.some((w) => w.includes(`refused statement ${refused[0].statement.id}`)), warnings.join("\n"));
      const faults = await proxy.faults();
      assert.ok(faults["400"] >= 2, `the refused statement was found by splitting a batch: ${JSON.stringify(faults)}`);

      // The rest arrive once each; later statements still flow; the refused one never again.
      await goToPage(page, "case-study");
      const statements = await eventually(async () => {
        const all = await statementsOf(registration);
        assert.deepEqual(pagesSeen(all), ["case-study", "intro", "silos-vs-teams"]);
        return all;
      });
      assert.equal(count(statements, "initialized"), 1);
      assert.equal(count(statements, "attempted"), 1);
      assertOnce(statements);
      // The LRS may hold the last batch a moment before the course has read its answer.
      await eventually(async () => assert.deepEqual(await stored(page, "queue"), [], "nothing left in the queue"));
      assert.equal((await proxy.faults())["400"], faults["400"], "the refused statement was sent again");
      await page.close({ runBeforeUnload: true });
      expectHttpErrors(s, proxy.origin, [400, 503]);
      s.assertNoBrowserProblems();
    });
  });

  scenario("a batch whose answer is lost after the LRS stored it is stored exactly once", async () => {
    // A fresh connection for each request: a browser silently retries a POST whose reused
    // connection was dropped, and then the course would never see the loss. The LRS refuses a
    // batch that repeats a statement it holds (409, storing none of it), so a plain resend of the
    // batch would not do.
    await withProxy({ POST_PLAN: "drop-after", NO_KEEPALIVE: "1", STRICT_409: "refuse" }, async (proxy) => {
      const s = await newSession({ allowedOrigins: [rig.lrs.origin, proxy.origin] });
      const registration = randomUUID();
      const page = await s.page(launchUrl({ registration, endpoint: proxy.endpoint }));
      await started(page);
      await goToPage(page, "patterns");
      const statements = await eventually(async () => {
        const all = await statementsOf(registration);
        assert.deepEqual(pagesSeen(all), ["intro", "patterns"]);
        assert.equal(count(all, "initialized"), 1);
        assert.equal(count(all, "attempted"), 1);
        return all;
      });
      assertOnce(statements);
      await eventually(async () => assert.deepEqual(await stored(page, "queue"), [], "nothing left in the queue"));
      assert.equal((await proxy.faults())["drop-after"], 1);
      await page.close({ runBeforeUnload: true });
      expectHttpErrors(s, proxy.origin, [404, 409]);
      s.assertNoBrowserProblems();
    });
  });

  scenario("a batch mixing a statement the LRS holds with new ones, refused with 409, loses none of the new", async () => {
    // An LRS that refuses a whole batch holding a statement it has, and stores none of it.
    await withProxy({ STRICT_409: "refuse" }, async (proxy) => {
      const s = await newSession({ allowedOrigins: [rig.lrs.origin, proxy.origin] });
      const registration = randomUUID();
      const url = launchUrl({ registration, endpoint: proxy.endpoint });
      let page = await s.page(url);
      await started(page);
      const first = await eventually(async () => {
        const all = await statementsOf(registration);
        assert.equal(count(all, "initialized"), 1);
        return all.find((st) => st.verb.id === VERB("initialized"));
      });
      await eventually(async () => assert.deepEqual(await stored(page, "queue"), []));
      await page.close({ runBeforeUnload: true });
      await eventually(async () => assert.equal(count(await statementsOf(registration), "suspended"), 1));
      // As if the answer to the first launch's `initialized` had been lost: it is queued again
      // (written from another page of the package's origin, the course being closed).
      const other = await s.page(`/pkg/tincan.xml`);
      await other.evaluate((st) => {
        const key = Object.keys(localStorage).find((k) => k.startsWith("scormpack.xapi.queue|"));
        localStorage.setItem(key, JSON.stringify([st]));
      }, { id: first.id, actor: first.actor, verb: first.verb, object: first.object, context: first.context, timestamp: first.timestamp });
      await other.close();

      // The next launch sends it together with its own `initialized`: 409 for the batch.
      page = await s.page(url);
      await started(page);
      await eventually(async () => {
        const all = await statementsOf(registration);
        assert.equal(count(all, "initialized"), 2, "the new statement of the refused batch arrived");
      });
      await eventually(async () => assert.deepEqual(await stored(page, "queue"), [], "nothing left in the queue"));
      assertOnce(await statementsOf(registration));
      assert.equal((await proxy.faults())["409"], 1);
      await page.close({ runBeforeUnload: true });
      expectHttpErrors(s, proxy.origin, [404, 409]);
      s.assertNoBrowserProblems();
    });
  });

  scenario("closing the window during a send loses nothing and stores nothing twice", async () => {
    // The LRS refuses a batch that repeats a statement it holds (409, storing none of it).
    await withProxy({ POST_PLAN: "stall", STALL_MS: "3000", STRICT_409: "refuse" }, async (proxy) => {
      const s = await newSession({ allowedOrigins: [rig.lrs.origin, proxy.origin] });
      const registration = randomUUID();
      const url = launchUrl({ registration, endpoint: proxy.endpoint });
      let page = await s.page(url);
      await started(page);
      // The first batch (initialized) is on its way: the LRS stores it, its answer is held.
      await goToPage(page, "patterns");
      await page.close({ runBeforeUnload: true });
      await eventually(async () => {
        const all = await statementsOf(registration);
        assert.equal(count(all, "suspended"), 1, "the close path sent what was queued");
        assert.deepEqual(pagesSeen(all), ["intro", "patterns"]);
      });

      // The next launch sends what the close left queued (the batch whose answer never came).
      page = await s.page(url);
      await started(page);
      await eventually(async () => assert.deepEqual(await stored(page, "queue"), [], "nothing left in the queue"));
      const statements = await statementsOf(registration);
      assert.equal(count(statements, "initialized"), 2, "one per launch");
      assert.equal(count(statements, "attempted"), 1);
      assert.equal(count(statements, "suspended"), 1);
      assertOnce(statements);
      await page.close({ runBeforeUnload: true });
      expectHttpErrors(s, proxy.origin, [404, 409]);
      s.assertNoBrowserProblems();
    });
  });

  scenario("on close, the queue goes out within the keepalive budget and the rest waits for the next launch", async () => {
    // The LRS is down for the first POST: 80 statements of about 1.3 kB each (left by an earlier
    // launch) are still queued when the window closes, more than one keepalive budget holds.
    await withProxy({ POST_PLAN: "503" }, async (proxy) => {
      const s = await newSession({ allowedOrigins: [rig.lrs.origin, proxy.origin] });
      const registration = randomUUID();
      const seeded = Array.from({ length: 80 }, (_, i) => ({
        id: randomUUID(),
        actor: LEARNER,
        verb: { id: VERB("answered"), display: { "en-US": "answered" } },
        object: { objectType: "Activity", id: `${COURSE}/questions/seed-${i}` },
        result: { response: "x".repeat(1000) },
        context: { registration, contextActivities: { grouping: [{ objectType: "Activity", id: COURSE }] } },
        timestamp: new Date().toISOString(),
      }));
      const other = await s.page("/pkg/tincan.xml");
      await other.evaluate(
        ([key, queue]) => localStorage.setItem(key, JSON.stringify(queue)),
        [`scormpack.xapi.queue|${COURSE}|${registration}|${JSON.stringify(LEARNER)}`, seeded],
      );
      const url = launchUrl({ registration, endpoint: proxy.endpoint });
      let page = await s.page(url);
      await started(page);
      await eventually(async () => assert.equal((await proxy.faults())["503"], 1));
      await page.waitForTimeout(200);
      await page.close({ runBeforeUnload: true });

      const sent = await eventually(async () => {
        const all = await statementsOf(registration);
        assert.ok(count(all, "answered") > 0, "the close path sent what fits");
        return all;
      });
      const { postBytes } = await proxy.faults();
      assert.equal(postBytes.length, 2, `the first POST (503) and the keepalive one: ${postBytes}`);
      assert.ok(postBytes[1] <= 60_000, `a keepalive POST of ${postBytes[1]} bytes`);
      assert.ok(count(sent, "answered") < seeded.length, "all of it fitted: the test proves nothing");
      assert.equal(count(sent, "suspended"), 0, "the statements after those that fit wait");
      const left = await other.evaluate(() =>
        Object.keys(localStorage)
          .filter((k) => k.startsWith("scormpack.xapi.queue|"))
          .flatMap((k) => JSON.parse(localStorage.getItem(k))),
      );
      // Each statement is stored or still queued (the sent ones too, if the page was gone before
      // the LRS answered; they are looked up or resent with their ids on the next launch).
      const sentIds = new Set(sent.map((st) => st.id));
      const unsent = left.filter((st) => !sentIds.has(st.id));
      assert.equal(sent.length + unsent.length, seeded.length + 4, "the 80, initialized, attempted, experienced, suspended");
      assert.equal(unsent.at(-1).verb.id, VERB("suspended"));
      await other.close();

      // The next launch sends the rest, each once.
      page = await s.page(url);
      await started(page);
      await eventually(async () => assert.deepEqual(await stored(page, "queue"), [], "nothing left in the queue"));
      const statements = await statementsOf(registration);
      assert.equal(count(statements, "answered"), seeded.length);
      assert.equal(count(statements, "suspended"), 1);
      assert.equal(count(statements, "initialized"), 2);
      assertOnce(statements);
      await page.close({ runBeforeUnload: true });
      expectHttpErrors(s, proxy.origin, [503]);
      s.assertNoBrowserProblems();
    });
  });

  scenario("runs standalone without launch parameters: says so and contacts no LRS", async () => {
    // The LRS is not an allowed origin here: any request to it would count as foreign.
    const s = await newSession({ allowedOrigins: [] });
    const page = await s.page(`/pkg/${rig.launchHref}`);
    await page.locator("[data-standalone-note]").waitFor({ state: "visible" });
    await goToPage(page, "knowledge-check");
    await answer(page, "ops-liaison", "b");
    await page.close({ runBeforeUnload: true });
    s.assertNoBrowserProblems();
  });
});
