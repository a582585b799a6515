// The simulated LMS's SCORM 1.2 API (preview/api12.js, compiled into the binary) in Node: the
// error code of each kind of misuse, as RTE 3.3 defines them, and the strict rules of each value
// (RTE 3.4). It is the one strict LMS of the project: the browser tests check every LMSSetValue
// the package sends to scorm-again with its createChecker(), and preview.test.mjs runs the same
// file as the binary serves it, next to scorm-again. A checker that let everything through
// would make those tests pass for the wrong reason, so its rules are tested here.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { workspaceRoot } from "./lib/harness.mjs";

await import(path.join(workspaceRoot, "preview", "api12.js"));
const { createLms, createChecker } = globalThis.ScormpackLms12;

/** A fresh LMS; returns a function that makes a call and answers [result, error code]. */
function lms(options = {}) {
  const made = createLms({ cmi: { "cmi.core.student_id": "learner-1" }, ...options });
  const call = (name, ...args) => [made.api[name](...args), made.api.LMSGetLastError()];
  return { call, made };
}

describe("the simulated SCORM 1.2 LMS", () => {
  it("refuses calls before LMSInitialize and after LMSFinish", () => {
    const { call } = lms();
    assert.deepEqual(call("LMSGetValue", "cmi.core.student_id"), ["", "301"]);
    assert.deepEqual(call("LMSSetValue", "cmi.core.lesson_location", "x"), ["false", "301"]);
    assert.deepEqual(call("LMSInitialize", "x"), ["false", "201"]);
    assert.deepEqual(call("LMSInitialize", ""), ["true", "0"]);
    assert.deepEqual(call("LMSInitialize", ""), ["false", "101"]);
    assert.deepEqual(call("LMSFinish", ""), ["true", "0"]);
    assert.deepEqual(call("LMSCommit", ""), ["false", "101"]);
  });

  it("enforces read-only, write-only, keywords and unknown elements", () => {
    const { call } = lms();
    call("LMSInitialize", "");
    assert.deepEqual(call("LMSGetValue", "cmi.core.student_id"), ["learner-1", "0"]);
    assert.deepEqual(call("LMSSetValue", "cmi.core.student_id", "me"), ["false", "403"]);
    assert.deepEqual(call("LMSSetValue", "cmi.core.total_time", "0000:00:01.00"), ["false", "403"]);
    assert.deepEqual(call("LMSGetValue", "cmi.core.exit"), ["", "404"]);
    assert.deepEqual(call("LMSGetValue", "cmi.core.session_time"), ["", "404"]);
    assert.deepEqual(call("LMSSetValue", "cmi.core._children", "x"), ["false", "402"]);
    assert.deepEqual(call("LMSSetValue", "cmi.interactions._count", "1"), ["false", "402"]);
    assert.deepEqual(call("LMSGetValue", "cmi.core.nonsense"), ["", "201"]);
    assert.deepEqual(call("LMSGetValue", "cmi.core.student_id._children"), ["", "202"]);
    assert.deepEqual(call("LMSGetValue", "cmi.core._count"), ["", "203"]);
    assert.deepEqual(call("LMSGetValue", "cmi.core.score._children"), ["raw,min,max", "0"]);
  });

  it("adds array entries only at the end, and counts them", () => {
    const { call } = lms();
    call("LMSInitialize", "");
    assert.deepEqual(call("LMSSetValue", "cmi.interactions.1.id", "q1"), ["false", "201"]);
    assert.deepEqual(call("LMSSetValue", "cmi.interactions.0.id", "q0"), ["true", "0"]);
    assert.deepEqual(call("LMSSetValue", "cmi.interactions.1.id", "q1"), ["true", "0"]);
    assert.deepEqual(call("LMSGetValue", "cmi.interactions._count"), ["2", "0"]);
    assert.deepEqual(call("LMSSetValue", "cmi.interactions.0.correct_responses.1.pattern", "a"), ["false", "201"]);
  });

  it("rejects values of the wrong type with 405 and keeps the old value", () => {
    const { call } = lms();
    call("LMSInitialize", "");
    for (const [element, value] of [
      ["cmi.core.lesson_status", "Passed"],
      ["cmi.core.lesson_status", "not attempted"],
      ["cmi.core.score.raw", "101"],
      ["cmi.core.score.raw", "eighty"],
      ["cmi.core.session_time", "00:61:00"],
      ["cmi.core.lesson_location", "x".repeat(256)],
      ["cmi.interactions.0.time", "25:00:00"],
      ["cmi.interactions.0.type", "multiple-choice"],
      ["cmi.student_preference.text", "2"],
      ["cmi.core.lesson_location", 7],
    ]) {
      assert.deepEqual(call("LMSSetValue", element, value), ["false", "405"], `${element} = ${JSON.stringify(value)}`);
    }
    assert.deepEqual(call("LMSGetValue", "cmi.core.lesson_status"), ["not attempted", "0"]);
    assert.deepEqual(call("LMSSetValue", "cmi.interactions.0.student_response", "b"), ["false", "405"], "before the type");
    call("LMSSetValue", "cmi.interactions.0.id", "q0");
    call("LMSSetValue", "cmi.interactions.0.type", "choice");
    assert.deepEqual(call("LMSSetValue", "cmi.interactions.0.student_response", "a,c"), ["true", "0"]);
  });

  it("adds the session time to the total time at LMSFinish", () => {
    const { call, made } = lms({ cmi: { "cmi.core.total_time": "0001:00:00.00" } });
    call("LMSInitialize", "");
    call("LMSSetValue", "cmi.core.session_time", "00:30:15.5");
    call("LMSFinish", "");
    assert.equal(made.commits.at(-1).via, "LMSFinish");
    assert.equal(made.commits.at(-1).cmi["cmi.core.total_time"], "0001:30:15.50");
  });
});

describe("blank scores (CMIBlank)", () => {
  // RTE 3.4.4: cmi.core.score.raw, .min and .max are "CMIDecimal or CMIBlank".
  it("accepts and stores an empty score, and still rejects a blank that is not empty", () => {
    const { call, made } = lms();
    call("LMSInitialize", "");
    for (const element of ["cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max"]) {
      assert.deepEqual(call("LMSSetValue", element, "80"), ["true", "0"], element);
      assert.deepEqual(call("LMSSetValue", element, ""), ["true", "0"], `${element} = ""`);
      assert.deepEqual(call("LMSGetValue", element), ["", "0"], element);
      assert.deepEqual(call("LMSSetValue", element, " "), ["false", "405"], `${element} = " "`);
    }
    call("LMSCommit", "");
    assert.equal(made.commits.at(-1).cmi["cmi.core.score.raw"], "");
  });

  it("is accepted by the checker the browser tests use, as by the LMS", () => {
    const check = createChecker();
    assert.equal(check("cmi.core.score.raw", ""), null);
    assert.equal(check("cmi.objectives.0.id", "obj-1"), null);
    assert.equal(check("cmi.objectives.0.score.raw", ""), null);
  });
});

/** Runs `calls` ([element, value] pairs) through one checker; returns the last verdict. */
function verdict(...calls) {
  const check = createChecker();
  return calls.map(([element, value]) => check(element, value)).at(-1);
}
const accepts = (...calls) => assert.equal(verdict(...calls), null, JSON.stringify(calls));
const rejects = (...calls) => assert.notEqual(verdict(...calls), null, JSON.stringify(calls));

describe("the strict checker for an LMS with its own run-time (scorm-again in the browser tests)", () => {
  it("accepts the values a well-behaved SCO sends", () => {
    accepts(["cmi.core.lesson_status", "incomplete"]);
    accepts(["cmi.core.lesson_status", "passed"]);
    accepts(["cmi.core.lesson_location", "silos-vs-teams"]);
    accepts(["cmi.core.score.raw", "100"]);
    accepts(["cmi.core.score.raw", "62.5"]);
    accepts(["cmi.core.score.min", "0"]);
    accepts(["cmi.core.exit", "suspend"]);
    accepts(["cmi.core.exit", ""]);
    accepts(["cmi.core.session_time", "00:03:07"]);
    accepts(["cmi.core.session_time", "0001:03:07.25"]);
    accepts(["cmi.suspend_data", "x".repeat(4096)]);
    accepts(["cmi.interactions.0.id", "ops-liaison"]);
    accepts(["cmi.interactions.0.type", "choice"]);
    accepts(["cmi.interactions.0.time", "23:59:59"]);
    accepts(["cmi.interactions.0.weighting", "1"]);
    accepts(["cmi.interactions.0.latency", "00:00:12.5"]);
    accepts(["cmi.interactions.0.result", "wrong"]);
    accepts(["cmi.interactions.0.result", "0.5"]);
    accepts(["cmi.interactions.0.type", "choice"], ["cmi.interactions.0.student_response", "b"]);
    accepts(["cmi.interactions.0.type", "choice"], ["cmi.interactions.0.correct_responses.0.pattern", "a,c"]);
  });

  it("rejects values that scorm-again lets through but the specification forbids", () => {
    rejects(["cmi.core.exit", "normal"]); // SCORM 2004 vocabulary
    rejects(["cmi.core.lesson_status", "not attempted"]); // only the LMS sets it
    rejects(["cmi.core.lesson_status", "complete"]);
    rejects(["cmi.core.score.raw", "101"]);
    rejects(["cmi.core.score.raw", "-1"]);
    rejects(["cmi.core.score.raw", "80%"]);
    rejects(["cmi.core.score.raw", 100]); // not a string
    rejects(["cmi.core.session_time", "PT3M7S"]); // SCORM 2004 duration
    rejects(["cmi.core.session_time", "0:03:07"]);
    rejects(["cmi.core.session_time", "00:75:00"]);
    rejects(["cmi.core.lesson_location", "x".repeat(256)]);
    rejects(["cmi.suspend_data", "x".repeat(4097)]);
    rejects(["cmi.interactions.0.id", "ops liaison"]);
    rejects(["cmi.interactions.0.id", ""]);
    rejects(["cmi.interactions.0.type", "multiple-choice"]);
    rejects(["cmi.interactions.0.time", "2026-01-01T10:00:00"]);
    rejects(["cmi.interactions.0.time", "24:00:00"]);
    rejects(["cmi.interactions.0.latency", "PT12S"]);
    rejects(["cmi.interactions.0.result", "incorrect"]);
    rejects(["cmi.interactions.0.weighting", "one"]);
  });

  it("checks choice responses against the interaction's type, which must come first", () => {
    rejects(["cmi.interactions.0.student_response", "b"]); // no type yet
    rejects(["cmi.interactions.0.type", "choice"], ["cmi.interactions.0.student_response", "B"]);
    rejects(["cmi.interactions.0.type", "choice"], ["cmi.interactions.0.student_response", "ab"]);
    rejects(["cmi.interactions.0.type", "choice"], ["cmi.interactions.0.student_response", "b "]);
    rejects(["cmi.interactions.0.type", "choice"], ["cmi.interactions.0.correct_responses.0.pattern", "a,,b"]);
    // The type of interaction 0 says nothing about interaction 1.
    rejects(
      ["cmi.interactions.0.id", "q0"],
      ["cmi.interactions.0.type", "choice"],
      ["cmi.interactions.1.student_response", "b"],
    );
  });

  it("rejects elements a SCO may not set", () => {
    rejects(["cmi.core.student_id", "learner-1"]); // read-only
    rejects(["cmi.core.entry", "resume"]);
    rejects(["cmi.core.total_time", "00:10:00"]);
    rejects(["cmi.interactions._count", "2"]);
    rejects(["cmi.completion_status", "completed"]); // SCORM 2004
  });

  it("names the element, the value, the error code and the rule in its message", () => {
    assert.equal(
      verdict(["cmi.core.exit", "normal"]),
      'cmi.core.exit = "normal": error 405 (Incorrect Data Type): must be one of "time-out", "suspend", "logout", ""',
    );
  });
});
