// The SCORM 2004 player page of the test LMS: what lms.js does for SCORM 1.2,
// with scorm-again's Scorm2004API as `window.API_1484_11`. It preloads the
// learner's saved data, loads the SCO in a frame (which finds the API by
// walking `window.parent`), and records each API call with its result and the
// error code after it, the data the LMS would store at each Commit/Terminate,
// and every value that breaks the strict SCORM 2004 rules in strict2004.js.
//
// The launch record lives in the course page that opened this window
// (launcher.html; the test harness adds SCORM 2004 records to it), so it
// outlives this window.
import { createStrictChecker } from "./strict2004.js";

/* global Scorm2004API -- from /vendor/scorm2004.js */

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
      counts: { Initialize: 0, Terminate: 0, Commit: 0, SetValue: 0, GetValue: 0 },
    },
  ];
}
const record = home.launches[home === window ? 0 : launchId];
const config = record.config;

// Records must be plain data of the course page's own realm.
const keep = (value) => home.JSON.parse(JSON.stringify(value ?? null));

const api = new Scorm2004API({
  // Commits happen only when the SCO asks for them, as the tests expect.
  autocommit: false,
  // No commit URL: scorm-again keeps the data in memory and never POSTs.
  lmsCommitUrl: false,
  // The recorded commits below are flattened ("cmi.completion_status": ...).
  dataCommitFormat: "flattened",
  logLevel: 4, // ERROR
  onLogMessage: (level, message) => record.logs.push(keep({ level: String(level), message: String(message) })),
});

// What the LMS knows before launch: learner, mode, the pass mark from the
// manifest, and on a resumed attempt what the previous session left.
api.loadFromFlattenedJSON(config.cmi ?? {});

const known = Object.keys(config.cmi ?? {}).filter((k) => /^cmi\.interactions\.\d+\.id$/.test(k)).length;
const check = createStrictChecker(known);
const statusLine = document.getElementById("lms-status");

// The error-inquiry functions do not change the error state.
const INQUIRIES = new Set(["GetLastError", "GetErrorString", "GetDiagnostic"]);
const FUNCTIONS = ["Initialize", "Terminate", "GetValue", "SetValue", "Commit", ...INQUIRIES];

for (const name of FUNCTIONS) {
  const real = api[name].bind(api);
  api[name] = function (...args) {
    const seq = record.calls.length;
    // A strict LMS checks the value before storing it.
    if (name === "SetValue") {
      const violation = check(args[0], args[1]);
      if (violation !== null) record.violations.push(keep({ seq, violation }));
    }
    const result = real(...args);
    const call = { seq, name, args, result };
    if (!INQUIRIES.has(name)) {
      call.errorCode = String(api.lmsGetLastError());
      if (call.errorCode !== "0") {
        call.error = `${api.lmsGetErrorString(call.errorCode)}: ${api.lmsGetDiagnostic(call.errorCode)}`;
      }
    }
    record.calls.push(keep(call));
    if (name in record.counts) record.counts[name] += 1;
    if ((name === "Commit" || name === "Terminate") && result === "true") {
      // What the LMS would store now; Terminate is a terminating commit.
      record.commits.push(keep({ seq, via: name, cmi: api.renderCommitCMI(name === "Terminate") }));
    }
    showStatus();
    return result;
  };
}

/** A one-line summary in the header, for people looking at screenshots. */
function showStatus() {
  const cmi = api.cmi;
  statusLine.value =
    `completion: ${cmi.completion_status} · success: ${cmi.success_status} · scaled: ${cmi.score.scaled || "–"}` +
    ` · calls: ${record.calls.length} · commits: ${record.commits.length}` +
    (record.counts.Terminate ? " · terminated" : "");
}

window.API_1484_11 = api;
showStatus();
document.getElementById("sco").src = `/sco/${config.launchHref}`;
