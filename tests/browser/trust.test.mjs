// What an author writes, in Chromium with scorm-again as the LMS, on a fixture course built here by
// the real binary (courses/author-text): a <script> written about HTML reads as text and opens no
// dialog, a typed <img> keeps no onerror (its file does not decode, so a handler would run),
// allowed tags render, comments stay out, a link to another page of the course turns the
// page inside the SCO, which the LMS bookmark follows, and a footnote's number leads to its
// note on the same page.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { assertCleanLaunch, buildFixture, eventually, firstLaunchCmi, lastCommit, startRig, withSession } from "./lib/harness.mjs";

describe("author text in Chromium with scorm-again as the LMS", () => {
  let zip;
  let rig;
  let rigError;

  before(async () => {
    try {
      zip = buildFixture("author-text");
      rig = await startRig(zip);
    } catch (err) {
      rigError = err;
    }
  });
  after(async () => {
    await rig?.stop();
    if (zip) rmSync(path.dirname(zip), { recursive: true, force: true });
  });

  it("shows tags as text, runs none of them, and follows a link to another page", { timeout: 90_000 }, async () => {
    if (rigError) throw rigError;
    await withSession(rig, {}, async (s) => {
      const launch = await s.launch(firstLaunchCmi(rig.manifest));
      const intro = launch.sco.locator('section[data-page="intro"]');
      await intro.waitFor({ state: "visible" });
      const text = await intro.innerText();
      assert.match(text, /Never paste <script>alert\(1\)<\/script> into a page\./);
      assert.doesNotMatch(text, /note for the team/);
      assert.equal(await intro.locator("kbd").count(), 2, "allowed tags render");
      assert.equal(await launch.sco.locator("section[data-page] script").count(), 0);
      // The typed image passes as an image, without its handler, and its file failed to load.
      const img = intro.locator("img");
      assert.equal(await img.count(), 1);
      assert.equal(await img.getAttribute("onerror"), null);
      await eventually(async () => assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth === 0)));

      await intro.getByRole("link", { name: "take the check" }).click();
      const check = launch.sco.locator('section[data-page="check"]');
      await check.waitFor({ state: "visible" });
      assert.equal(await intro.isVisible(), false, "the link turned the page");
      assert.match(await check.innerText(), /Which of these runs in a page: <script>\?/);

      // A footnote written before the question block, defined after it: its number jumps to
      // the note on the same page, and the page stays.
      const note = check.locator("ol.sp-footnotes li");
      assert.equal(await note.innerText(), "One question shows that every tag stays text.");
      await check.locator("sup a").click();
      await eventually(async () => assert.ok(await note.evaluate((el) => el.matches(":target")), "the link leads to the note"));
      assert.equal(await check.isVisible(), true, "the footnote did not turn the page");

      const record = await s.closeLms(launch);
      assertCleanLaunch(record);
      assert.equal(lastCommit(record)["cmi.core.lesson_location"], "check");
      assert.deepEqual(s.dialogs, [], "no alert() ran");
      s.assertNoBrowserProblems();
    });
  });
});
