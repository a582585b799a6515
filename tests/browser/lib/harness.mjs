// Test harness: unpacks the package, serves it next to the test LMS, drives
// Debian's Chromium with playwright-core and reads back what the LMS saw.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "./server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const browserTestsDir = path.resolve(here, "..");
export const workspaceRoot = path.resolve(browserTestsDir, "../..");
/** Screenshots for people to look at; target/ is not committed. */
export const screenshotDir = path.join(workspaceRoot, "target", "browser");

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
// The flags this machine needs: no sandbox as root, and no background
// connections, which the closed network would refuse (and which are not the
// package's requests anyway).
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The package under test, from SCORMPACK_ZIP; never optional. */
export function packageZip() {
  const zip = process.env.SCORMPACK_ZIP;
  if (!zip) {
    throw new Error(
      "SCORMPACK_ZIP is not set: it must name the SCORM package to test. " +
        "Run the browser tests with `cargo xtask browser`, which builds the default course and sets it.",
    );
  }
  const abs = path.resolve(zip);
  if (!existsSync(abs) || !statSync(abs).isFile()) {
    throw new Error(`SCORMPACK_ZIP=${zip}: no such file (build it with \`cargo run -- build\`)`);
  }
  return abs;
}

/** Unzips the package into a new temporary folder; returns the folder. */
export function unpack(zip) {
  const dir = mkdtempSync(path.join(tmpdir(), "scormpack-browser-"));
  try {
    execFileSync("unzip", ["-q", zip, "-d", dir], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    if (err.code === "ENOENT") {
      throw new Error("`unzip` is not installed (Debian package unzip; `cargo xtask deps` installs it)");
    }
    throw new Error(`could not unzip ${zip}: ${err.stderr || err.message}`);
  }
  return dir;
}

/**
 * What an LMS reads from imsmanifest.xml to launch a single-SCO package: the
 * launch file of the first item's resource, its mastery score and launch
 * data. A light regex reading is enough here; the manifest's validity is
 * checked by the Rust tests against the XSDs.
 */
export function readManifest(dir) {
  const file = path.join(dir, "imsmanifest.xml");
  if (!existsSync(file)) throw new Error("the package has no imsmanifest.xml at its root");
  const xml = readFileSync(file, "utf8");
  const attr = (tag, name) => tag.match(new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, "i"))?.[1];

  const item = xml.match(/<item\b[^>]*\bidentifierref\s*=\s*"[^"]*"[^>]*>[\s\S]*?<\/item>/i)?.[0];
  assert.ok(item, "imsmanifest.xml: no <item> with an identifierref");
  const ref = attr(item.match(/<item\b[^>]*>/i)[0], "identifierref");
  const resource = [...xml.matchAll(/<resource\b[^>]*>/gi)]
    .map((m) => m[0])
    .find((tag) => attr(tag, "identifier") === ref);
  assert.ok(resource, `imsmanifest.xml: no <resource identifier="${ref}">`);
  assert.equal(attr(resource, "adlcp:scormtype")?.toLowerCase(), "sco", `resource ${ref} is not a SCO`);
  const launchHref = attr(resource, "href");
  assert.ok(launchHref, `imsmanifest.xml: resource ${ref} has no href`);

  const text = (name) => item.match(new RegExp(`<adlcp:${name}>([^<]*)</adlcp:${name}>`, "i"))?.[1]?.trim();
  return { launchHref, masteryScore: text("masteryscore") ?? "", launchData: text("datafromlms") ?? "" };
}

/** Starts Chromium; fails with a clear message when it is not installed. */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM} (Debian package chromium; run \`cargo xtask deps\`, ` +
        "or set CHROMIUM_PATH)",
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** The `scormpack` binary under test (SCORMPACK_BIN, built by `cargo xtask browser`). */
export const scormpackBin = process.env.SCORMPACK_BIN || path.join(workspaceRoot, "target", "debug", "scormpack");

/**
 * Builds the fixture course `tests/browser/courses/<name>` with the real binary into a new
 * temporary folder; resolves to the zip's path. `format` is scorm12 or xapi; `options.toml`, a
 * function of course.toml's text, builds a copy of the course with course.toml rewritten (the
 * light scheme, another accent).
 */
export function buildFixture(name, format = "scorm12", options = {}) {
  return buildCourse(path.join(browserTestsDir, "courses", name), name, format, options);
}

/**
 * Builds the course folder `dir` as buildFixture does, the zip named `<name>-<format>.zip`
 * (the repo's default course: `buildCourse(path.join(workspaceRoot, "content"), "default")`).
 * The zip's folder is the caller's to delete.
 */
export function buildCourse(dir, name, format = "scorm12", { toml } = {}) {
  if (!existsSync(scormpackBin)) {
    throw new Error(`${scormpackBin} does not exist: build it with \`cargo build\` (or set SCORMPACK_BIN)`);
  }
  const tmp = mkdtempSync(path.join(tmpdir(), "scormpack-fixture-"));
  let course = dir;
  if (toml) {
    course = path.join(tmp, name);
    cpSync(dir, course, { recursive: true });
    const file = path.join(course, "course.toml");
    writeFileSync(file, toml(readFileSync(file, "utf8")));
  }
  const out = path.join(tmp, `${name}-${format}.zip`);
  try {
    execFileSync(scormpackBin, ["build", course, "--quiet", "--format", format, "-o", out], {
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    throw new Error(`scormpack build ${course} failed: ${err.stderr || err.message}`);
  }
  return out;
}

/**
 * Runs `fn(session)` in a fresh browser context of `rig` and closes it; a failure carries the
 * session's diagnostics (page errors, foreign requests, the LMS record).
 */
export async function withSession(rig, contextOptions, fn) {
  const s = await new Session(rig, contextOptions).open();
  try {
    return await fn(s);
  } catch (err) {
    err.message += s.diagnostics();
    throw err;
  } finally {
    await s.close();
  }
}

/** The unpacked package (SCORMPACK_ZIP unless `zip` is given), its server and the browser. */
export async function startRig(zip = packageZip()) {
  const scormAgain = path.join(browserTestsDir, "node_modules", "scorm-again", "dist", "scorm12.js");
  if (!existsSync(scormAgain)) {
    throw new Error(`${scormAgain} is missing: run \`cargo xtask deps\` (npm ci in tests/browser)`);
  }
  const dir = unpack(zip);
  let server;
  try {
    const manifest = readManifest(dir);
    server = await startServer({
      "/sco/": dir,
      "/vendor/scorm12.js": scormAgain,
      // The one strict SCORM 1.2 LMS of the project, as `scormpack preview` compiles it in.
      "/strict/api12.js": path.join(workspaceRoot, "preview", "api12.js"),
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

/** The learner and settings every launch starts from, as flattened cmi. */
export function firstLaunchCmi(manifest) {
  return {
    "cmi.core.student_id": "learner-1",
    "cmi.core.student_name": "Doe, Jane",
    "cmi.core.credit": "credit",
    "cmi.core.lesson_mode": "normal",
    "cmi.core.entry": "ab-initio",
    "cmi.student_data.mastery_score": manifest.masteryScore,
    "cmi.launch_data": manifest.launchData,
  };
}

/**
 * The cmi an LMS hands to the next launch, from the data it stored at the
 * last commit of the previous one (as Moodle does): the learner's location,
 * suspend data, status, score and total time; entry "resume" when the SCO
 * left with exit "suspend". Interactions are write-only in SCORM 1.2 and are
 * not given back.
 */
export function resumeCmi(manifest, saved) {
  const carried = [
    "cmi.core.lesson_location",
    "cmi.core.lesson_status",
    "cmi.core.score.raw",
    "cmi.core.score.min",
    "cmi.core.score.max",
    "cmi.core.total_time",
    "cmi.suspend_data",
  ];
  const cmi = firstLaunchCmi(manifest);
  for (const key of carried) cmi[key] = saved[key] ?? "";
  cmi["cmi.core.entry"] = saved["cmi.core.exit"] === "suspend" ? "resume" : "";
  return cmi;
}

/**
 * One browser context for one test, with the guards every test needs: all
 * requests not for the local server are blocked and recorded, and page
 * errors and console errors of every page and frame are collected.
 */
export class Session {
  constructor(rig, contextOptions = {}) {
    this.rig = rig;
    this.contextOptions = contextOptions;
    this.foreignRequests = [];
    this.pageErrors = [];
    this.consoleErrors = [];
    this.httpErrors = [];
    this.dialogs = [];
    this.beforeUnloadPrompts = [];
  }

  async open() {
    // The package's server, and whatever else the rig runs on purpose (the xAPI tests' LRS).
    const allowed = [this.rig.server.origin, ...(this.rig.allowedOrigins ?? [])];
    this.context = await this.rig.browser.newContext({
      viewport: { width: 1024, height: 768 },
      ...this.contextOptions,
    });
    await this.context.route("**/*", (route) => {
      const url = route.request().url();
      if (allowed.some((origin) => url.startsWith(`${origin}/`))) return route.continue();
      this.foreignRequests.push(url);
      return route.abort("blockedbyclient");
    });
    // route() does not see WebSockets; a course has no business opening one.
    await this.context.routeWebSocket(/.*/, (ws) => {
      this.foreignRequests.push(ws.url());
      ws.close();
    });
    this.context.on("page", (page) => this.watch(page));
    return this;
  }

  watch(page) {
    page.on("pageerror", (err) => this.pageErrors.push(`${page.url()}: ${err.stack || err}`));
    page.on("console", (msg) => {
      if (msg.type() === "error") {
        const { url, lineNumber } = msg.location();
        this.consoleErrors.push(`${url}:${lineNumber}: ${msg.text()}`);
      }
    });
    page.on("response", (res) => {
      if (res.status() >= 400) this.httpErrors.push(`${res.status()} ${res.url()}`);
    });
    page.on("dialog", (dialog) => {
      // A SCO that asks "leave this page?" must not keep the test's window
      // open; tests that care look at beforeUnloadPrompts.
      if (dialog.type() === "beforeunload") {
        this.beforeUnloadPrompts.push(dialog.message());
        return dialog.accept();
      }
      // alert()/confirm()/prompt() block the learner inside an LMS frame.
      this.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      return dialog.dismiss();
    });
  }

  /** A new tab at `urlPath` of the local server. */
  async page(urlPath) {
    const page = await this.context.newPage();
    await page.goto(`${this.rig.server.origin}${urlPath}`);
    return page;
  }

  /** The course page of the test LMS (see lms/launcher.html); opened once. */
  async launcher() {
    this.launcherPage ??= await this.page("/launcher.html");
    return this.launcherPage;
  }

  /**
   * Launches the SCO in a new LMS window preloaded with `cmi` (flattened);
   * `options.apiIn: "opener"` puts the API in the course page that opens
   * the LMS window instead of in the LMS window itself (see lms/lms.js).
   * Resolves to `{ id, lms, sco }`: the launch id, the LMS page, and a frame
   * locator for the SCO, once the SCO has called LMSInitialize.
   */
  async launch(cmi, options = {}) {
    const launcher = await this.launcher();
    const config = { launchHref: this.rig.manifest.launchHref, cmi, ...options };
    const [lms, id] = await Promise.all([
      this.context.waitForEvent("page"),
      launcher.evaluate((config) => window.launch(config), config),
    ]);
    await lms.waitForLoadState();
    await this.waitFor(id, (r) => r.counts.LMSInitialize > 0, "the SCO to call LMSInitialize");
    return { id, lms, sco: lms.frameLocator("#sco") };
  }

  /** The record of launch `id`, as plain data (see lms/lms.js). */
  async record(id) {
    const launcher = await this.launcher();
    return launcher.evaluate((id) => window.launches[id], id);
  }

  /** Waits until `predicate(record)` holds; fails naming `what` otherwise. */
  async waitFor(id, predicate, what, timeout = 10_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const record = await this.record(id);
      if (predicate(record)) return record;
      if (Date.now() > deadline) {
        assert.fail(`timed out waiting for ${what}; calls so far:\n${formatCalls(record.calls)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Closes the LMS window as a learner closing the tab does: unload
   * handlers run. Resolves to the launch's record once the window is gone.
   */
  async closeLms(launch) {
    await launch.lms.close({ runBeforeUnload: true });
    if (!launch.lms.isClosed()) await launch.lms.waitForEvent("close");
    return this.record(launch.id);
  }

  /** Fails when anything in this context broke the rules of a clean run. */
  assertNoBrowserProblems() {
    assert.deepEqual(this.foreignRequests, [], "requests left the local server");
    assert.deepEqual(this.httpErrors, [], "HTTP errors (a file the package references is missing?)");
    assert.deepEqual(this.pageErrors, [], "uncaught errors in the page");
    assert.deepEqual(this.consoleErrors, [], "console errors");
    assert.deepEqual(this.dialogs, [], "dialogs (alert, confirm, prompt)");
  }

  /** What went wrong in the browser, to append to a failure's message; "" when nothing did. */
  diagnostics() {
    const parts = [
      ["page errors", this.pageErrors],
      ["console errors", this.consoleErrors],
      ["HTTP errors", this.httpErrors],
      ["requests that left the local server", this.foreignRequests],
      ["dialogs", this.dialogs],
    ].filter(([, list]) => list.length > 0);
    return parts.map(([what, list]) => `\n${what} in the browser:\n  ${list.join("\n  ")}`).join("");
  }

  async close() {
    await this.context?.close();
  }
}

/**
 * The checks every launch must pass: one LMSInitialize, at most one
 * LMSFinish, no value that breaks the strict SCORM 1.2 rules, no error from
 * scorm-again after any call nor in its log, and "true" from every call that
 * returns a boolean.
 */
export function assertCleanLaunch(record) {
  const calls = formatCalls(record.calls);
  assert.equal(record.counts.LMSInitialize, 1, `LMSInitialize must be called once per launch:\n${calls}`);
  assert.ok(record.counts.LMSFinish <= 1, `LMSFinish must be called at most once:\n${calls}`);
  assert.deepEqual(
    record.violations.map((v) => `call #${v.seq}: ${v.violation}`),
    [],
    "LMSSetValue values that a strict SCORM 1.2 LMS rejects",
  );
  const failed = record.calls.filter((c) => c.errorCode !== undefined && c.errorCode !== "0");
  assert.deepEqual(
    failed.map((c) => `${formatCall(c)}: ${c.error}`),
    [],
    "scorm-again reported errors",
  );
  const falsy = record.calls.filter(
    (c) => ["LMSInitialize", "LMSFinish", "LMSSetValue", "LMSCommit"].includes(c.name) && c.result !== "true",
  );
  assert.deepEqual(falsy.map(formatCall), [], "API calls that did not return \"true\"");
  // scorm-again's LogLevelEnum: 4 is ERROR.
  assert.deepEqual(record.logs.filter((l) => Number(l.level) >= 4), [], "scorm-again logged errors");
}

/** One recorded API call as a line: `#3 LMSSetValue("cmi.core.exit", "suspend") -> "true"`. */
export function formatCall(c) {
  const args = c.args.map((a) => JSON.stringify(a)).join(", ");
  const error = c.errorCode && c.errorCode !== "0" ? ` [error ${c.errorCode}]` : "";
  return `#${c.seq} ${c.name}(${args}) -> ${JSON.stringify(c.result)}${error}`;
}

/** The calls of a launch, one a line, for failure messages. */
export function formatCalls(calls) {
  return calls.map((c) => `  ${formatCall(c)}`).join("\n");
}

/** The values the SCO set for `element`, in order. */
export function setValues(record, element) {
  return record.calls.filter((c) => c.name === "LMSSetValue" && c.args[0] === element).map((c) => c.args[1]);
}

/** The data the LMS stored last for a launch (its last commit). */
export function lastCommit(record) {
  assert.ok(record.commits.length > 0, `the SCO never committed; calls:\n${formatCalls(record.calls)}`);
  return record.commits.at(-1).cmi;
}

/** The interactions in stored data, as objects keyed by field ("id", "correct_responses.0.pattern", ...). */
export function interactions(cmi) {
  const list = [];
  for (const [key, value] of Object.entries(cmi)) {
    const m = key.match(/^cmi\.interactions\.(\d+)\.(.+)$/);
    if (m) (list[Number(m[1])] ??= {})[m[2]] = value;
  }
  return list;
}

/** Polls `fn` until it stops throwing, then returns its value; rethrows at the deadline. */
export async function eventually(fn, timeout = 5_000, interval = 50) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}
