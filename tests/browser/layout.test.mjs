// A phone never scrolls sideways, whatever the author wrote: a fixture course (courses/wide,
// built here by the real binary) with a 1,200 px image named with %20, a six-column table, a
// 200-character code line, a long URL and a long word, at 360 and 320 px in Chromium.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { assertCleanLaunch, buildFixture, firstLaunchCmi, screenshotDir, startRig, withSession } from "./lib/harness.mjs";

describe("layout on a phone", () => {
  let zip;
  let rig;
  let rigError;

  before(async () => {
    try {
      zip = buildFixture("wide");
      rig = await startRig(zip);
    } catch (err) {
      rigError = err;
    }
  });
  after(async () => {
    await rig?.stop();
    if (zip) rmSync(path.dirname(zip), { recursive: true, force: true });
  });

  for (const width of [360, 320]) {
    it(`at ${width} px nothing an author wrote makes the page wider than the screen`, { timeout: 90_000 }, async () => {
      if (rigError) throw rigError;
      await withSession(rig, { viewport: { width, height: 740 } }, async (s) => {
        const launch = await s.launch(firstLaunchCmi(rig.manifest));
        const img = launch.sco.locator("section[data-page] img");
        await img.waitFor({ state: "visible" });
        // The image named with %20 loaded (a broken image has no natural width).
        assert.equal(await img.evaluate((el) => el.naturalWidth), 1200);
        const frameWidth = await launch.sco.locator("html").evaluate(() => window.innerWidth);
        const scrollWidth = await launch.sco.locator("html").evaluate(() => document.scrollingElement.scrollWidth);
        assert.ok(scrollWidth <= frameWidth, `the page is ${scrollWidth} px wide in a ${frameWidth} px frame`);
        assert.ok((await img.boundingBox()).width <= frameWidth);
        if (width === 360) await launch.sco.locator("body").screenshot({ path: path.join(screenshotDir, "phone-wide.png") });
        const record = await s.closeLms(launch);
        assertCleanLaunch(record);
        s.assertNoBrowserProblems();
      });
    });
  }
});
