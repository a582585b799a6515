// The simulated LMS's SCORM 2004 API (preview/api2004.js, compiled into the binary) in Node:
// each error code of RTE 3.1.7 from the misuse that causes it, the read-only and write-only
// elements, the vocabularies and formats of the data model (RTE 4.2), and the response formats
// of every interaction type. A checker that let everything through would make the preview
// pass a package for the wrong reason, so its rules are tested here.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { workspaceRoot } from "./lib/harness.mjs";

await import(path.join(workspaceRoot, "preview", "api2004.js"));
const { createLms, createChecker, ERRORS } = globalThis.ScormpackLms2004;

/** A fresh LMS; returns a function that makes a call and answers [result, error code]. */
function lms(options = {}) {
  const made = createLms({ cmi: { "cmi.learner_id": "learner-1" }, ...options });
  const call = (name, ...args) => [made.api[name](...args), made.api.GetLastError()];
  return { call, made };
}

/** An initialized LMS with interaction 0 of `type`. */
function withInteraction(type) {
  const { call, made } = lms();
  call("Initialize", "");
  assert.deepEqual(call("SetValue", "cmi.interactions.0.id", "urn:scormpack:c:q"), ["true", "0"]);
  assert.deepEqual(call("SetValue", "cmi.interactions.0.type", type), ["true", "0"]);
  return { call, made };
}

describe("the simulated SCORM 2004 LMS: session errors", () => {
  it("answers 122, 132, 142 and 112 before Initialize", () => {
    const { call } = lms();
    assert.deepEqual(call("GetValue", "cmi.learner_id"), ["", "122"]);
    assert.deepEqual(call("SetValue", "cmi.location", "x"), ["false", "132"]);
    assert.deepEqual(call("Commit", ""), ["false", "142"]);
    assert.deepEqual(call("Terminate", ""), ["false", "112"]);
  });

  it("answers 201 for an argument that is not \"\", and 103 for a second Initialize", () => {
    const { call } = lms();
    assert.deepEqual(call("Initialize", "x"), ["false", "201"]);
    assert.deepEqual(call("Initialize", ""), ["true", "0"]);
    assert.deepEqual(call("Initialize", ""), ["false", "103"]);
    assert.deepEqual(call("Commit", "x"), ["false", "201"]);
    assert.deepEqual(call("Terminate", "x"), ["false", "201"]);
  });

  it("answers 104, 113, 123, 133 and 143 after Terminate", () => {
    const { call } = lms();
    call("Initialize", "");
    assert.deepEqual(call("Terminate", ""), ["true", "0"]);
    assert.deepEqual(call("Initialize", ""), ["false", "104"]);
    assert.deepEqual(call("Terminate", ""), ["false", "113"]);
    assert.deepEqual(call("GetValue", "cmi.learner_id"), ["", "123"]);
    assert.deepEqual(call("SetValue", "cmi.location", "x"), ["false", "133"]);
    assert.deepEqual(call("Commit", ""), ["false", "143"]);
  });

  it("answers 102, 391 and 111 when its store fails", () => {
    const { call, made } = lms({ failing: true });
    assert.deepEqual(call("Initialize", ""), ["false", "102"]);
    made.setFailing(false);
    assert.deepEqual(call("Initialize", ""), ["true", "0"]);
    // The store goes down during the session.
    made.setFailing(true);
    assert.deepEqual(call("Commit", ""), ["false", "391"]);
    assert.deepEqual(call("Terminate", ""), ["false", "111"]);
    assert.equal(made.commits.length, 0);
  });

  it("answers 391 to a Commit while the SCO's window closes, and stores the data at Terminate", () => {
    const { call, made } = lms();
    call("Initialize", "");
    call("SetValue", "cmi.location", "p2");
    made.unloading();
    assert.deepEqual(call("Commit", ""), ["false", "391"]);
    assert.match(made.api.GetDiagnostic("391"), /Cornerstone/);
    assert.deepEqual(call("Terminate", ""), ["true", "0"]);
    assert.equal(made.commits.at(-1).via, "Terminate");
    assert.equal(made.commits.at(-1).cmi["cmi.location"], "p2");
  });

  it("answers 101 for an element name that is not a string", () => {
    const { call } = lms();
    call("Initialize", "");
    assert.deepEqual(call("GetValue", 7), ["", "101"]);
    assert.deepEqual(call("SetValue", undefined, "x"), ["false", "101"]);
  });

  it("names each code's meaning and keeps the error state through the inquiries", () => {
    const { call, made } = lms();
    call("Initialize", "");
    call("SetValue", "cmi.entry", "resume");
    assert.equal(made.api.GetLastError(), "404");
    assert.equal(made.api.GetErrorString("404"), "Data Model Element Is Read Only");
    assert.match(made.api.GetDiagnostic(""), /read-only/);
    assert.equal(made.api.GetLastError(), "404");
    assert.equal(Object.keys(ERRORS).length, 26);
  });
});

describe("the simulated SCORM 2004 LMS: the data model", () => {
  it("answers 301 and 351 for empty names, missing entries and skipped indexes", () => {
    const { call } = lms();
    call("Initialize", "");
    assert.deepEqual(call("GetValue", ""), ["", "301"]);
    assert.deepEqual(call("SetValue", "", "x"), ["false", "351"]);
    assert.deepEqual(call("GetValue", "cmi.interactions.0.id"), ["", "301"]);
    assert.deepEqual(call("GetValue", "cmi.location._children"), ["", "301"]);
    assert.deepEqual(call("GetValue", "cmi.score._count"), ["", "301"]);
    assert.deepEqual(call("SetValue", "cmi.interactions.1.id", "urn:x:q1"), ["false", "351"]);
    assert.deepEqual(call("SetValue", "cmi.interactions.0.id", "urn:x:q0"), ["true", "0"]);
    assert.deepEqual(call("SetValue", "cmi.interactions.1.id", "urn:x:q1"), ["true", "0"]);
    assert.deepEqual(call("GetValue", "cmi.interactions._count"), ["2", "0"]);
    assert.deepEqual(call("SetValue", "cmi.interactions.0.objectives.1.id", "urn:x:o"), ["false", "351"]);
    assert.deepEqual(call("SetValue", "cmi.interactions.0.objectives.0.id", "urn:x:o"), ["true", "0"]);
    assert.deepEqual(call("SetValue", "cmi.interactions.0.objectives.1.id", "urn:x:o"), ["false", "351"], "unique ids");
    assert.deepEqual(call("SetValue", "cmi.objectives.0.id", "urn:x:a"), ["true", "0"]);
    assert.deepEqual(call("SetValue", "cmi.objectives.0.id", "urn:x:b"), ["false", "351"], "an objective keeps its id");
  });

  it("answers 401 for unknown elements and 402 for shared data stores it does not implement", () => {
    const { call } = lms();
    call("Initialize", "");
    assert.deepEqual(call("GetValue", "cmi.core.lesson_status"), ["", "401"]);
    assert.deepEqual(call("SetValue", "cmi.nonsense", "x"), ["false", "401"]);
    assert.deepEqual(call("GetValue", "adl.data._count"), ["", "402"]);
    assert.deepEqual(call("SetValue", "adl.data.0.store", "x"), ["false", "402"]);
  });

  it("answers 403 for elements with no value yet", () => {
    const { call } = lms();
    call("Initialize", "");
    for (const element of ["cmi.location", "cmi.suspend_data", "cmi.score.scaled", "cmi.progress_measure", "cmi.scaled_passing_score"]) {
      assert.deepEqual(call("GetValue", element), ["", "403"], element);
    }
    call("SetValue", "cmi.location", "p1");
    assert.deepEqual(call("GetValue", "cmi.location"), ["p1", "0"]);
    assert.deepEqual(call("GetValue", "cmi.completion_status"), ["unknown", "0"]);
    assert.deepEqual(call("GetValue", "cmi.entry"), ["ab-initio", "0"]);
    assert.deepEqual(call("GetValue", "cmi._version"), ["1.0", "0"]);
    assert.deepEqual(call("GetValue", "cmi.score._children"), ["scaled,raw,min,max", "0"]);
  });

  it("answers 404 for read-only elements and keywords, 405 for write-only ones", () => {
    const { call } = lms();
    call("Initialize", "");
    for (const element of ["cmi.learner_id", "cmi.entry", "cmi.mode", "cmi.credit", "cmi.total_time", "cmi.launch_data",
      "cmi.scaled_passing_score", "cmi.completion_threshold", "cmi._version", "cmi.interactions._count",
      "cmi.score._children", "adl.nav.request_valid.continue"]) {
      assert.deepEqual(call("SetValue", element, "x"), ["false", "404"], element);
    }
    assert.deepEqual(call("GetValue", "cmi.exit"), ["", "405"]);
    assert.deepEqual(call("GetValue", "cmi.session_time"), ["", "405"]);
  });

  it("answers 406 for values of the wrong format and keeps the old value", () => {
    const { call } = lms();
    call("Initialize", "");
    for (const [element, value] of [
      ["cmi.completion_status", "passed"],
      ["cmi.success_status", "completed"],
      ["cmi.exit", "finish"],
      ["cmi.score.scaled", "50%"],
      ["cmi.score.raw", "1e3"],
      ["cmi.session_time", "00:01:02"],
      ["cmi.session_time", "PT"],
      ["cmi.session_time", "P1W"],
      ["cmi.session_time", "PT1.234S"],
      ["cmi.location", "x".repeat(1001)],
      ["cmi.suspend_data", "x".repeat(64001)],
      ["cmi.learner_preference.language", "english please"],
      ["cmi.learner_preference.audio_captioning", "2"],
      ["adl.nav.request", "next"],
      ["cmi.interactions.0.id", "ops liaison"],
      ["cmi.interactions.0.id", "ops-liaison"],
      ["cmi.interactions.0.id", "urn:scorm pack:x"],
      ["cmi.objectives.0.id", ""],
      ["cmi.success_status", 1],
    ]) {
      assert.deepEqual(call("SetValue", element, value), ["false", "406"], `${element} = ${JSON.stringify(value).slice(0, 30)}`);
    }
    assert.deepEqual(call("GetValue", "cmi.completion_status"), ["unknown", "0"]);
    for (const [element, value] of [
      ["cmi.exit", "suspend"],
      ["cmi.session_time", "PT1H2M3.45S"],
      ["cmi.suspend_data", "x".repeat(64000)],
      ["adl.nav.request", "exitAll"],
      ["adl.nav.request", "{target=intro}choice"],
      ["cmi.learner_preference.language", "en-GB"],
    ]) {
      assert.deepEqual(call("SetValue", element, value), ["true", "0"], element);
    }
  });

  it("answers 407 for numbers out of range", () => {
    const { call } = lms();
    call("Initialize", "");
    for (const [element, value] of [
      ["cmi.score.scaled", "1.5"],
      ["cmi.score.scaled", "-1.0000001"],
      ["cmi.progress_measure", "1.01"],
      ["cmi.progress_measure", "-0.1"],
      ["cmi.learner_preference.audio_level", "-1"],
    ]) {
      assert.deepEqual(call("SetValue", element, value), ["false", "407"], `${element} = ${value}`);
    }
    assert.deepEqual(call("SetValue", "cmi.progress_measure", "0.4285714"), ["true", "0"]);
    assert.deepEqual(call("SetValue", "cmi.score.scaled", "-1"), ["true", "0"]);
  });

  it("answers 408 for an interaction's fields before its id, and responses before its type", () => {
    const { call } = lms();
    call("Initialize", "");
    assert.deepEqual(call("SetValue", "cmi.interactions.0.type", "choice"), ["false", "408"]);
    assert.deepEqual(call("SetValue", "cmi.interactions.0.id", "urn:scormpack:c:q"), ["true", "0"]);
    assert.deepEqual(call("SetValue", "cmi.interactions.0.learner_response", "a"), ["false", "408"]);
    assert.deepEqual(call("SetValue", "cmi.interactions.0.correct_responses.0.pattern", "a"), ["false", "408"]);
    assert.deepEqual(call("SetValue", "cmi.objectives.0.score.scaled", "1"), ["false", "408"], "an objective's score before its id");
    assert.deepEqual(call("SetValue", "cmi.interactions.0.type", "choice"), ["true", "0"]);
    assert.deepEqual(call("SetValue", "cmi.interactions.0.learner_response", "a"), ["true", "0"]);
    assert.deepEqual(call("GetValue", "cmi.interactions.0.learner_response"), ["a", "0"], "readable in SCORM 2004");
    assert.deepEqual(call("GetValue", "cmi.interactions.0.result"), ["", "403"]);
  });

  it("adds the session time to the total time at Terminate", () => {
    const { call, made } = lms({ cmi: { "cmi.total_time": "PT1H" } });
    call("Initialize", "");
    call("SetValue", "cmi.session_time", "PT30M15.5S");
    call("Terminate", "");
    assert.equal(made.commits.at(-1).cmi["cmi.total_time"], "PT1H30M15.5S");
  });

  it("stores a wrong value with a warning in the lenient profile", () => {
    const calls = [];
    const made = createLms({ profile: "lenient", onCall: (entry) => calls.push(entry) });
    made.api.Initialize("");
    assert.equal(made.api.SetValue("cmi.exit", "finish"), "true");
    assert.match(calls.at(-1).warning, /a strict LMS rejects this with 406: cmi\.exit must be one of/);
    assert.equal(made.api.SetValue("cmi.entry", "resume"), "false", "read-only stays an error");
    assert.equal(made.data()["cmi.exit"], "finish");
  });
});

describe("the simulated SCORM 2004 LMS: responses of every interaction type", () => {
  const CASES = {
    "true-false": { good: ["true", "false"], bad: ["t", "1", "True"], patterns: ["true"], badPatterns: ["yes"] },
    choice: { good: ["b", "a[,]c", ""], bad: ["a c", "a[,]", "a[,]a"], patterns: ["a[,]c"], badPatterns: ["a[,]b c"] },
    "fill-in": {
      good: ["Conway", "{lang=en}Conway", "two words"],
      bad: ["x".repeat(251)],
      patterns: ["{case_matters=false}conway", "{case_matters=true}{lang=en}Conway"],
      badPatterns: ["{case_matters=false}" + "x".repeat(251)],
    },
    "long-fill-in": { good: ["x".repeat(4000)], bad: ["x".repeat(4001)], patterns: ["{case_matters=false}text"], badPatterns: ["x".repeat(4001)] },
    likert: { good: ["agree"], bad: ["strongly agree"], patterns: ["agree"], badPatterns: [""] },
    numeric: { good: ["42", "-3.5"], bad: ["forty", "4e1", "40[:]45"], patterns: ["40[:]45", "[:]45", "40[:]", "42[:]42"], badPatterns: ["45[:]40", "40-45", "40"] },
    matching: { good: ["1[.]a[,]2[.]c"], bad: ["1.a,2.c", "1[.]a[.]b", "1[.]"], patterns: ["1[.]a[,]2[.]c"], badPatterns: ["1-a"] },
    sequencing: { good: ["c[,]a[,]b"], bad: ["c[,]", "c a"], patterns: ["c[,]a[,]b"], badPatterns: ["c[,][,]b"] },
    performance: { good: ["step1[.]done[,]step2[.]42"], bad: ["step1"], patterns: ["{order_matters=false}step1[.]done"], badPatterns: ["[.]"] },
    other: { good: ["anything at all"], bad: ["x".repeat(4001)], patterns: ["anything"], badPatterns: ["x".repeat(4001)] },
  };

  for (const [type, { good, bad, patterns, badPatterns }] of Object.entries(CASES)) {
    it(`${type}: accepts the formats RTE 4.2.9 defines and refuses others with 406`, () => {
      const { call } = withInteraction(type);
      for (const value of good) assert.deepEqual(call("SetValue", "cmi.interactions.0.learner_response", value), ["true", "0"], `response ${value.slice(0, 30)}`);
      for (const value of bad) assert.deepEqual(call("SetValue", "cmi.interactions.0.learner_response", value), ["false", "406"], `response ${value.slice(0, 30)}`);
      for (const value of patterns) assert.deepEqual(call("SetValue", "cmi.interactions.0.correct_responses.0.pattern", value), ["true", "0"], `pattern ${value.slice(0, 30)}`);
      for (const value of badPatterns) assert.deepEqual(call("SetValue", "cmi.interactions.0.correct_responses.0.pattern", value), ["false", "406"], `pattern ${value.slice(0, 30)}`);
    });
  }

  it("allows one correct response for true-false and numeric, more for choice (351 beyond)", () => {
    const tf = withInteraction("true-false");
    tf.call("SetValue", "cmi.interactions.0.correct_responses.0.pattern", "true");
    assert.deepEqual(tf.call("SetValue", "cmi.interactions.0.correct_responses.1.pattern", "false"), ["false", "351"]);
    const choice = withInteraction("choice");
    choice.call("SetValue", "cmi.interactions.0.correct_responses.0.pattern", "a");
    assert.deepEqual(choice.call("SetValue", "cmi.interactions.0.correct_responses.1.pattern", "b"), ["true", "0"]);
  });
});

describe("the strict SCORM 2004 checker for an LMS with its own run-time", () => {
  it("accepts what scormpack's adapter sends, and names the error code of what it refuses", () => {
    const check = createChecker();
    for (const [element, value] of [
      ["cmi.completion_status", "incomplete"],
      ["cmi.exit", "suspend"],
      ["cmi.location", "knowledge-check"],
      ["cmi.progress_measure", "0.5"],
      ["cmi.interactions.0.id", "urn:scormpack:ops:q1"],
      ["cmi.interactions.0.type", "choice"],
      ["cmi.interactions.0.timestamp", "2026-12-03T18:37:49.12Z"],
      ["cmi.interactions.0.learner_response", "b"],
      ["cmi.interactions.0.result", "correct"],
      ["cmi.interactions.0.latency", "PT4.05S"],
    ]) {
      assert.equal(check(element, value), null, element);
    }
    assert.equal(
      check("cmi.interactions.0.result", "wrong"),
      'cmi.interactions.0.result = "wrong": error 406 (Data Model Element Type Mismatch): must be one of "correct", "incorrect", "unanticipated", "neutral" or a real number',
    );
  });

  it("lets a resumed attempt add to the interactions the LMS holds", () => {
    const check = createChecker({ "cmi.interactions.0.id": "urn:x:a", "cmi.interactions.0.type": "choice" });
    assert.equal(check("cmi.interactions.1.id", "urn:x:b"), null);
    assert.match(check("cmi.interactions.3.id", "urn:x:d"), /error 351/);
  });
});
