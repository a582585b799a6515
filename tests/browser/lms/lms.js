// The player page of the test LMS. It does what Moodle's SCORM player does
// for a SCORM 1.2 SCO: create the run-time API as `window.API` (here the real
// scorm-again), preload the learner's saved data, then load the SCO in a
// frame, which finds the API by walking `window.parent`.
//
// On top of that it records everything the SCO does, for the tests to read:
// each API call with its result and the error code after it, the data the LMS
// would store at each LMSCommit/LMSFinish, and every value that breaks the
// strict SCORM 1.2 rules of the simulated LMS of `scormpack preview`
// (preview/api12.js, served as /strict/api12.js).

/* global Scorm12API -- from /vendor/scorm12.js */
/* global ScormpackLms12 -- from /strict/api12.js */

// The course page that opened this window holds the records (see
// launcher.html), so they outlive this window. Opened by hand, without a
// course page, the page records into itself, which is handy for debugging.
const launchId = Number(new URLSearchParams(location.search).get("launch") ?? 0);
const home = window.opener?.launches?.[launchId] ? window.opener : window;
if (home === window) {
  window.launches = [
    {
      id: 0,
      config: { launchHref: "index.html", cmi: {} },
      calls: [],
      commits: [],
      violations: [],
      logs: [],
      counts: { LMSInitialize: 0, LMSFinish: 0, LMSCommit: 0, LMSSetValue: 0, LMSGetValue: 0 },
    },
  ];
}
const record = home.launches[home === window ? 0 : launchId];
const config = record.config;

// Records must be plain data of the course page's own realm: objects created
// in this window may become unusable once the window is closed.
const keep = (value) => home.JSON.parse(JSON.stringify(value ?? null));

/**
 * A run-time API for one session (LMSInitialize..LMSFinish), preloaded with
 * `cmi` (flattened) and recording every call into the launch's record.
 */
function createApi(cmi) {
  const api = new Scorm12API({
    // scorm-again switches mastery_override on whenever a settings object is
    // given; an LMS like Moodle keeps the SCO's own lesson_status.
    mastery_override: false,
    // Commits happen only when the SCO asks for them, as the tests expect.
    autocommit: false,
    // No commit URL: scorm-again keeps the data in memory and never POSTs.
    lmsCommitUrl: false,
    // The recorded commits below are flattened ("cmi.core.lesson_status": ...).
    dataCommitFormat: "flattened",
    logLevel: 4, // ERROR
    // scorm-again's own log goes into the record, not the console, so that the
    // tests can tell the LMS's complaints from console errors of the SCO.
    onLogMessage: (level, message) => record.logs.push(keep({ level: String(level), message: String(message) })),
  });

  // What the LMS knows before launch: learner, mode, and on a resumed attempt
  // the data saved by the previous session (entry "resume", location, ...).
  api.loadFromFlattenedJSON(cmi);

  // Every LMSSetValue is checked against the strict rules of one session.
  const check = ScormpackLms12.createChecker();

  for (const name of FUNCTIONS) {
    const real = api[name].bind(api);
    api[name] = function (...args) {
      const seq = record.calls.length;
      // A strict LMS checks the value before storing it; check it before
      // scorm-again sees (and maybe normalises) it.
      if (name === "LMSSetValue") {
        const violation = check(args[0], args[1]);
        if (violation !== null) record.violations.push(keep({ seq, violation }));
      }
      const result = real(...args);
      const call = { seq, name, args, result };
      if (!INQUIRIES.has(name)) {
        // Straight to scorm-again's methods: these lookups are not SCO calls.
        call.errorCode = String(api.lmsGetLastError());
        if (call.errorCode !== "0") {
          call.error = `${api.lmsGetErrorString(call.errorCode)}: ${api.lmsGetDiagnostic(call.errorCode)}`;
        }
      }
      record.calls.push(keep(call));
      if (name in record.counts) record.counts[name] += 1;
      if ((name === "LMSCommit" || name === "LMSFinish") && result === "true") {
        // What the LMS would store now. LMSFinish is a terminating commit: it
        // also adds the session to total_time.
        record.commits.push(keep({ seq, via: name, cmi: api.renderCommitCMI(name === "LMSFinish") }));
      }
      showStatus(api);
      return result;
    };
  }
  return api;
}

const statusLine = document.getElementById("lms-status");

// The error-inquiry functions do not change the error state, so the error
// code after them says nothing about them.
const INQUIRIES = new Set(["LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"]);
const FUNCTIONS = [
  "LMSInitialize",
  "LMSFinish",
  "LMSGetValue",
  "LMSSetValue",
  "LMSCommit",
  ...INQUIRIES,
];

/** A one-line summary in the header, for people looking at screenshots. */
function showStatus(api) {
  const core = api.cmi.core;
  statusLine.value =
    `lesson_status: ${core.lesson_status} · score: ${core.score.raw || "–"}` +
    ` · calls: ${record.calls.length} · commits: ${record.commits.length}` +
    (record.counts.LMSFinish ? " · finished" : "");
}

// Where the SCO finds the API: this window (the SCO's parent frame), or, with
// `apiIn: "opener"`, the course page that opened this window, as LMSs do that
// keep the API in their main window and launch the SCO in a popup's frame.
const apiHolder = config.apiIn === "opener" ? home : window;

/**
 * Replaces the API with a new one holding the data of the last commit, as an
 * LMS does whose page reloads while the SCO's page sits in the back-forward
 * cache. The SCO must initialise a new session to be tracked again.
 */
window.replaceApi = () => {
  const last = record.commits.at(-1)?.cmi ?? {};
  const cmi = { ...(config.cmi ?? {}), "cmi.core.entry": last["cmi.core.exit"] === "suspend" ? "resume" : "" };
  for (const key of [
    "cmi.core.lesson_location",
    "cmi.core.lesson_status",
    "cmi.core.score.raw",
    "cmi.core.score.min",
    "cmi.core.score.max",
    "cmi.core.total_time",
    "cmi.suspend_data",
  ]) {
    if (last[key] !== undefined) cmi[key] = last[key];
  }
  apiHolder.API = createApi(cmi);
};

apiHolder.API = createApi(config.cmi ?? {});
showStatus(apiHolder.API);
document.getElementById("sco").src = `/sco/${config.launchHref}`;
