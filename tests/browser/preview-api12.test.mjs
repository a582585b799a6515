// The simulated LMS's SCORM 1.2 API (preview/api12.js, compiled into the binary) in Node: the
// error code of each kind of misuse, as RTE 3.3 defines them. The browser test
// (preview.test.mjs) runs the same file as the binary serves it, next to scorm-again.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { workspaceRoot } from "./lib/harness.mjs";

await import(path.join(workspaceRoot, "preview", "api12.js"));
const { createLms } = globalThis.ScormpackLms12;

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
