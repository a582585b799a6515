// Every question type in the xAPI package, on the fixture course courses/every-type built here
// by the real binary: the `answered` statements the real LRS of ../lrs/ stores, with
// cmi.interaction definitions of each interactionType and responses in the xAPI formats.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { startLrs } from "../lrs/start.mjs";
import { Session, buildFixture, eventually, launchChromium, unpack } from "./lib/harness.mjs";
import { FINAL_RIGHT, RIGHT, nextPage, takeCheck } from "./lib/every-type.mjs";
import { startServer } from "./lib/server.mjs";

const COURSE = "https://courses.scormpack.invalid/every-type";
const LEARNER = { objectType: "Agent", name: "Ana Lima", mbox: "mailto:ana.lima@example.com" };
const ANSWERED = "http://adlnet.gov/expapi/verbs/answered";

describe("every question type in the xAPI package, stored by a real LRS", () => {
  let rig;
  let rigError;

  before(async () => {
    let zip;
    try {
      zip = buildFixture("every-type", "xapi");
      const dir = unpack(zip);
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
    } finally {
      if (zip) rmSync(path.dirname(zip), { recursive: true, force: true });
    }
  });
  after(async () => {
    await rig?.stop();
  });

  it("sends one answered statement per question with the definition and response of its type", { timeout: 120_000 }, async () => {
    if (rigError) throw rigError;
    const s = await new Session(rig).open();
    try {
      const registration = randomUUID();
      const q = new URLSearchParams({
        endpoint: rig.lrs.endpoint,
        auth: rig.lrs.auth,
        actor: JSON.stringify(LEARNER),
        registration,
        activity_id: COURSE,
      });
      const page = await s.page(`/pkg/${rig.launchHref}?${q}`);
      await page.locator("[data-pager]").waitFor({ state: "visible" });
      await nextPage(page);
      await takeCheck(page, RIGHT);
      await nextPage(page);
      await takeCheck(page, FINAL_RIGHT);

      const answered = await eventually(async () => {
        const all = await rig.lrs.statements({ registration });
        const found = all.filter((x) => x.verb.id === ANSWERED);
        assert.equal(found.length, 11, "answered statements stored");
        assert.equal(all.filter((x) => x.verb.id.endsWith("/passed")).length, 1, "passed");
        return found;
      }, 15_000, 100);
      const byId = Object.fromEntries(answered.map((a) => [a.object.id.split("/").at(-1), a]));
      const expected = {
        "pick-one": ["choice", ["b"], "b"],
        "pick-many": ["choice", ["a[,]c"], "a[,]c"],
        "sky-blue": ["true-false", ["true"], "true"],
        capital: ["fill-in", ["{case_matters=false}Paris", "{case_matters=false}Paris, France"], "paris"],
        boiling: ["numeric", ["95[:]105"], "100"],
        tools: ["matching", ["1[.]a[,]2[.]b[,]3[.]c"], "1[.]a[,]2[.]b[,]3[.]c"],
        release: ["sequencing", ["a[,]b[,]c"], "a[,]b[,]c"],
        warmup: ["true-false", ["false"], "false"],
      };
      for (const [id, [type, patterns, response]] of Object.entries(expected)) {
        const { definition } = byId[id].object;
        assert.equal(definition.interactionType, type, id);
        assert.deepEqual(definition.correctResponsesPattern, patterns, id);
        assert.equal(byId[id].result.response, response, id);
        assert.equal(byId[id].result.success, true, id);
      }
      // The question's name is its text, not its id.
      assert.equal(byId["pick-one"].object.definition.name.en, "The one right option?");
      assert.deepEqual(byId.tools.object.definition.source.map((c) => c.description.en), ["ping", "traceroute", "dig"]);
      assert.deepEqual(
        byId.tools.object.definition.target.map((c) => [c.id, c.description.en]),
        [["a", "checks reachability"], ["b", "shows the path"], ["c", "resolves names"]],
      );
      assert.deepEqual(byId.release.object.definition.choices.map((c) => c.description.en), ["Build", "Test", "Deploy"]);
      assert.equal(byId["sky-blue"].object.definition.choices, undefined, "true-false has no components");
      s.assertNoBrowserProblems();
    } catch (err) {
      err.message += s.diagnostics() + `\nLRS log:\n${rig.lrs.log()}`;
      throw err;
    } finally {
      await s.close();
    }
  });
});
