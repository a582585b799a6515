// A phone never scrolls sideways, whatever the author wrote: a fixture course (courses/wide,
// built here by the real binary) with a 1,200 px image named with %20, a six-column table, a
// 200-character code line, a long URL and a long word, at 360 and 320 px in Chromium. A table
// wider than the screen scrolls in its own box, which a keyboard can reach and scroll, with a
// visible hint above it in the course's language; where the table fits, there is no hint.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Session, assertCleanLaunch, buildFixture, eventually, firstLaunchCmi, screenshotDir, startRig, withSession } from "./lib/harness.mjs";

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

  /** What the page's table box, its hint and the code block say now. */
  async function boxes(page) {
    return page.evaluate(() => {
      const box = document.querySelector(".sp-table");
      const hint = box.previousElementSibling?.classList.contains("sp-scroll-hint") ? box.previousElementSibling : null;
      const pre = document.querySelector(".sp-main pre");
      return {
        overflows: box.scrollWidth > box.clientWidth,
        tabindex: box.getAttribute("tabindex"),
        role: box.getAttribute("role"),
        label: box.getAttribute("aria-label"),
        hint: hint && !hint.hidden && hint.getBoundingClientRect().height > 0 ? hint.textContent : null,
        preTabindex: pre.getAttribute("tabindex"),
        pageWidth: document.scrollingElement.scrollWidth,
        innerWidth: window.innerWidth,
      };
    });
  }

  const HINT = "Scroll sideways to see the whole table";

  for (const scheme of ["dark", "light"]) {
    it(`a table that fits has no hint at 1280 px; at 360 px it scrolls in its box with a visible hint (${scheme})`, { timeout: 90_000 }, async () => {
      const fixture = scheme === "dark" ? zip : buildFixture("wide", "scorm12", { toml: (t) => `${t}\n[theme]\nscheme = "light"\n` });
      const own = fixture === zip ? null : await startRig(fixture);
      const s = await new Session(own ?? rig, { viewport: { width: 1280, height: 800 } }).open();
      try {
        const page = await s.page("/sco/index.html");
        await page.locator("[data-pager]").waitFor({ state: "visible" });
        const wide = await boxes(page);
        assert.deepEqual(
          { ...wide, pageWidth: undefined, innerWidth: undefined },
          { overflows: false, tabindex: null, role: null, label: null, hint: null, preTabindex: "0", pageWidth: undefined, innerWidth: undefined },
          "at 1280 px the table fits; the 200-character code line does not",
        );

        // The window narrows to a phone's: the box is judged again.
        await page.setViewportSize({ width: 360, height: 740 });
        await eventually(async () => assert.equal((await boxes(page)).hint, HINT));
        const narrow = await boxes(page);
        assert.deepEqual(narrow, {
          overflows: true,
          tabindex: "0",
          role: "region",
          label: HINT,
          hint: HINT,
          preTabindex: "0",
          pageWidth: narrow.pageWidth,
          innerWidth: 360,
        });
        assert.ok(narrow.pageWidth <= 360, `document.scrollingElement.scrollWidth is ${narrow.pageWidth} at 360 px`);
        assert.ok(await page.locator(".sp-scroll-hint").isVisible());
        await page.locator("section[data-page]").screenshot({ path: path.join(screenshotDir, `phone-wide-table-${scheme}.png`) });

        // A keyboard reaches the box and scrolls it.
        const box = page.locator(".sp-table");
        await box.focus();
        await page.keyboard.press("ArrowRight");
        await eventually(async () => assert.ok((await box.evaluate((el) => el.scrollLeft)) > 0, "the arrow key scrolled the table"));

        // And back to a wide window: the hint goes.
        await page.setViewportSize({ width: 1280, height: 800 });
        await eventually(async () => assert.equal((await boxes(page)).hint, null));
        assert.equal((await boxes(page)).tabindex, null);
        s.assertNoBrowserProblems();
      } finally {
        await s.close();
        if (own) {
          await own.stop();
          rmSync(path.dirname(fixture), { recursive: true, force: true });
        }
      }
    });
  }
});
