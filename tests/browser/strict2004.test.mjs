// The strict SCORM 2004 rules of lms/strict2004.js, in Node: each rule
// refuses what a strict LMS refuses and accepts what scormpack sends.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createStrictChecker } from "./lms/strict2004.js";

describe("strict SCORM 2004 SetValue rules", () => {
  it("accepts the values scormpack's adapter sends", () => {
    const check = createStrictChecker();
    const values = [
      ["cmi.completion_status", "incomplete"],
      ["cmi.success_status", "unknown"],
      ["cmi.exit", "suspend"],
      ["cmi.exit", "normal"],
      ["cmi.location", "knowledge-check"],
      ["cmi.suspend_data", '{"v":1}'],
      ["cmi.score.scaled", "0.5"],
      ["cmi.score.scaled", "0.3333333"],
      ["cmi.score.raw", "50"],
      ["cmi.interactions.0.id", "urn:scormpack:ops-integration:ops-liaison"],
      ["cmi.interactions.0.type", "choice"],
      ["cmi.interactions.0.timestamp", "2026-12-03T18:37:49.12Z"],
      ["cmi.interactions.0.weighting", "1"],
      ["cmi.interactions.0.learner_response", "a"],
      ["cmi.interactions.0.correct_responses.0.pattern", "b"],
      ["cmi.interactions.0.result", "incorrect"],
      ["cmi.interactions.0.latency", "PT4.05S"],
      ["cmi.session_time", "PT1H2M3.45S"],
      ["cmi.session_time", "PT0S"],
    ];
    for (const [element, value] of values) assert.equal(check(element, value), null, `${element} = ${value}`);
  });

  it("refuses what a strict LMS refuses", () => {
    const refused = [
      ["cmi.completion_status", "passed"],
      ["cmi.success_status", "completed"],
      ["cmi.exit", "finish"],
      ["cmi.score.scaled", "1.5"],
      ["cmi.score.scaled", "50%"],
      ["cmi.session_time", "00:01:02"],
      ["cmi.session_time", "PT"],
      ["cmi.session_time", "P1W"],
      ["cmi.session_time", "PT1.234S"],
      ["cmi.entry", "resume"], // read-only
      ["cmi.core.lesson_status", "passed"], // SCORM 1.2
      ["cmi.suspend_data", "x".repeat(64001)],
      ["cmi.success_status", 1],
    ];
    for (const [element, value] of refused) {
      assert.notEqual(createStrictChecker()(element, value), null, `${element} = ${value}`);
    }
  });

  it("refuses interaction ids that are not URIs and fields set before the id or type", () => {
    const check = createStrictChecker();
    assert.match(check("cmi.interactions.0.type", "choice"), /before cmi\.interactions\.n\.id/);
    assert.match(check("cmi.interactions.0.id", "ops liaison"), /URI/);
    assert.match(check("cmi.interactions.0.id", "ops-liaison"), /URI/);
    assert.match(check("cmi.interactions.0.id", "urn:scorm pack:x"), /URI|URN/);
    assert.equal(check("cmi.interactions.0.id", "urn:scormpack:c:q"), null);
    assert.match(check("cmi.interactions.0.learner_response", "a"), /before cmi\.interactions\.n\.type/);
    assert.match(check("cmi.interactions.2.id", "urn:scormpack:c:r"), /skips an index/);
    assert.equal(check("cmi.interactions.0.type", "choice"), null);
    assert.match(check("cmi.interactions.0.result", "wrong"), /must be one of/);
    assert.match(check("cmi.interactions.0.learner_response", "a c"), /\[,\]/);
    assert.match(check("cmi.interactions.0.learner_response", "a[,]a"), /twice/);
    assert.equal(check("cmi.interactions.0.learner_response", "a[,]c"), null);
    assert.match(check("cmi.interactions.0.timestamp", "18:37:49"), /time/);
    assert.match(check("cmi.interactions.0.timestamp", "2026-12-03T18:37:49.123Z"), /time/);
    assert.match(check("cmi.interactions.0.latency", "00:00:04"), /duration/);
  });

  it("checks the responses and patterns of every interaction type in their SCORM 2004 formats", () => {
    const check = createStrictChecker();
    const accepted = [
      ["true-false", "true", "false"],
      ["fill-in", "paris", "{case_matters=false}Paris"],
      ["numeric", "4.5", "40[:]45"],
      ["matching", "1[.]b[,]2[.]a", "1[.]a[,]2[.]b"],
      ["sequencing", "c[,]a[,]b", "a[,]b[,]c"],
    ];
    const refused = [
      ["true-false", "t", "yes"],
      ["fill-in", "x".repeat(251), "{case_matters=maybe}Paris"],
      ["numeric", "4,5", "45[:]40"],
      ["matching", "1.b,2.a", "1[.]a[.]b"],
      ["sequencing", "c a b", "a[,]"],
    ];
    [...accepted, ...refused].forEach(([type], n) => {
      assert.equal(check(`cmi.interactions.${n}.id`, `urn:scormpack:c:q${n}`), null);
      assert.equal(check(`cmi.interactions.${n}.type`, type), null);
    });
    accepted.forEach(([type, response, pattern], n) => {
      assert.equal(check(`cmi.interactions.${n}.learner_response`, response), null, `${type} ${response}`);
      assert.equal(check(`cmi.interactions.${n}.correct_responses.0.pattern`, pattern), null, `${type} ${pattern}`);
    });
    refused.forEach(([type, response, pattern], i) => {
      const n = accepted.length + i;
      assert.notEqual(check(`cmi.interactions.${n}.learner_response`, response), null, `${type} ${response}`);
      assert.notEqual(check(`cmi.interactions.${n}.correct_responses.0.pattern`, pattern), null, `${type} ${pattern}`);
    });
  });

  it("lets a resumed attempt add to the interactions the LMS holds", () => {
    const check = createStrictChecker(2);
    assert.equal(check("cmi.interactions.2.id", "urn:scormpack:c:q"), null);
    assert.match(check("cmi.interactions.4.id", "urn:scormpack:c:q"), /skips an index/);
  });
});
