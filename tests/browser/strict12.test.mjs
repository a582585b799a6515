// The strict SCORM 1.2 checker that the test LMS applies to every
// LMSSetValue. A checker that let everything through would make the browser
// tests pass for the wrong reason, so its rules are tested here, in Node.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createStrictChecker } from "./lms/strict12.js";

/** Runs `calls` ([element, value] pairs) through one checker; returns the last verdict. */
function verdict(...calls) {
  const check = createStrictChecker();
  return calls.map(([element, value]) => check(element, value)).at(-1);
}

const accepts = (...calls) => assert.equal(verdict(...calls), null, JSON.stringify(calls));
const rejects = (...calls) => assert.notEqual(verdict(...calls), null, JSON.stringify(calls));

describe("the strict SCORM 1.2 checker", () => {
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
    accepts(["cmi.interactions.3.type", "choice"], ["cmi.interactions.3.student_response", "b"]);
    accepts(["cmi.interactions.3.type", "choice"], ["cmi.interactions.3.correct_responses.0.pattern", "a,c"]);
  });

  it("rejects values that scorm-again lets through but the specification forbids", () => {
    rejects(["cmi.core.exit", "normal"]); // SCORM 2004 vocabulary
    rejects(["cmi.core.lesson_status", "not attempted"]); // only the LMS sets it
    rejects(["cmi.core.lesson_status", "complete"]);
    rejects(["cmi.core.score.raw", "101"]);
    rejects(["cmi.core.score.raw", "-1"]);
    rejects(["cmi.core.score.raw", "80%"]);
    rejects(["cmi.core.score.raw", ""]);
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
    rejects(["cmi.interactions.0.type", "choice"], ["cmi.interactions.1.student_response", "b"]);
  });

  it("rejects elements a SCO may not set", () => {
    rejects(["cmi.core.student_id", "learner-1"]); // read-only
    rejects(["cmi.core.entry", "resume"]);
    rejects(["cmi.core.total_time", "00:10:00"]);
    rejects(["cmi.interactions._count", "2"]);
    rejects(["cmi.completion_status", "completed"]); // SCORM 2004
  });

  it("names the element and the value in its message", () => {
    assert.match(verdict(["cmi.core.exit", "normal"]), /^cmi\.core\.exit = "normal": /);
  });
});
