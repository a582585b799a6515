// A strict SCORM 1.2 checker for the values a SCO sends with LMSSetValue.
//
// scorm-again 3.x is lenient: it accepts values that the SCORM 1.2 run-time
// specification (RTE 3.4) forbids and that stricter LMSs reject or silently
// drop (for example `cmi.core.exit = "normal"`, which it rewrites to "").
// The LMS test page runs every LMSSetValue through `checkSetValue` so that a
// package that only works on forgiving LMSs fails our tests.
//
// Plain ES module without dependencies: the LMS page imports it in the
// browser, and strict12.test.mjs imports it in Node to test the rules.

// RTE 3.4.2 data types, as regular expressions.
const DECIMAL = /^-?\d+(\.\d+)?$/; // CMIDecimal
const IDENTIFIER = /^[A-Za-z0-9_-]{1,255}$/; // CMIIdentifier (no spaces)
// CMITime: a time of day, HH:MM:SS with optional hundredths.
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
// CMITimespan: HHHH:MM:SS.SS, hours 2 to 4 digits.
const TIMESPAN = /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
// The response format of a `choice` interaction: one single character
// (0-9, a-z) or a comma-separated set of them.
const CHOICE_RESPONSE = /^[0-9a-z](,[0-9a-z])*$/;

const STATUS_BY_SCO = ["passed", "completed", "failed", "incomplete", "browsed"];
const EXIT = ["time-out", "suspend", "logout", ""];
const INTERACTION_TYPES = [
  "true-false",
  "choice",
  "fill-in",
  "matching",
  "performance",
  "sequence",
  "likert",
  "numeric",
];
const RESULTS = ["correct", "wrong", "unanticipated", "neutral"];

/** A score (raw, min, max) is a CMIDecimal and, in this project, a percentage. */
function score(value) {
  if (!DECIMAL.test(value)) return "must be a decimal number (CMIDecimal)";
  const n = Number(value);
  if (n < 0 || n > 100) return "must be within 0..100";
  return null;
}

function oneOf(list) {
  return (value) =>
    list.includes(value) ? null : `must be one of ${list.map((v) => JSON.stringify(v)).join(", ")}`;
}

function matches(re, what) {
  return (value) => (re.test(value) ? null : `must be ${what}`);
}

function maxLength(n) {
  return (value) => (value.length <= n ? null : `must be at most ${n} characters (is ${value.length})`);
}

function integerIn(min, max) {
  return (value) =>
    /^-?\d+$/.test(value) && Number(value) >= min && Number(value) <= max
      ? null
      : `must be an integer within ${min}..${max}`;
}

/**
 * Every element a SCO may write in SCORM 1.2, with its rule. An element not
 * listed here is a violation too: either the SCO writes something it should
 * not (read-only or unknown), or this table must learn a new rule first.
 * Indexes (`.n.`) are replaced with `.n.` before the lookup.
 */
const RULES = new Map([
  ["cmi.core.lesson_location", maxLength(255)],
  ["cmi.core.lesson_status", oneOf(STATUS_BY_SCO)],
  ["cmi.core.score.raw", score],
  ["cmi.core.score.min", score],
  ["cmi.core.score.max", score],
  ["cmi.core.exit", oneOf(EXIT)],
  ["cmi.core.session_time", matches(TIMESPAN, "a CMITimespan HH[HH]:MM:SS[.SS]")],
  ["cmi.suspend_data", maxLength(4096)],
  ["cmi.comments", maxLength(4096)],
  ["cmi.objectives.n.id", matches(IDENTIFIER, "a CMIIdentifier [A-Za-z0-9_-]{1,255}")],
  ["cmi.objectives.n.score.raw", score],
  ["cmi.objectives.n.score.min", score],
  ["cmi.objectives.n.score.max", score],
  ["cmi.objectives.n.status", oneOf([...STATUS_BY_SCO, "not attempted"])],
  ["cmi.student_preference.audio", integerIn(-1, 100)],
  ["cmi.student_preference.language", maxLength(255)],
  ["cmi.student_preference.speed", integerIn(-100, 100)],
  ["cmi.student_preference.text", integerIn(-1, 1)],
  ["cmi.interactions.n.id", matches(IDENTIFIER, "a CMIIdentifier [A-Za-z0-9_-]{1,255}")],
  ["cmi.interactions.n.objectives.n.id", matches(IDENTIFIER, "a CMIIdentifier [A-Za-z0-9_-]{1,255}")],
  ["cmi.interactions.n.time", matches(TIME, "a CMITime HH:MM:SS[.SS]")],
  ["cmi.interactions.n.type", oneOf(INTERACTION_TYPES)],
  ["cmi.interactions.n.weighting", matches(DECIMAL, "a decimal number (CMIDecimal)")],
  [
    "cmi.interactions.n.result",
    (value) =>
      RESULTS.includes(value) || DECIMAL.test(value) ? null : `must be one of ${RESULTS.join(", ")} or a decimal`,
  ],
  ["cmi.interactions.n.latency", matches(TIMESPAN, "a CMITimespan HH[HH]:MM:SS[.SS]")],
  // Responses depend on the interaction's type; see responseRule below.
  ["cmi.interactions.n.student_response", null],
  ["cmi.interactions.n.correct_responses.n.pattern", null],
]);

/**
 * The format of a response depends on the interaction type, so the checker
 * needs the type first. Only `choice` is used by scormpack today; other types
 * get a rule when a course needs them, rather than passing unchecked.
 */
function responseRule(type) {
  if (type === undefined) {
    return () => "is set before cmi.interactions.n.type, so no LMS can validate it";
  }
  if (type === "choice") {
    return (value) =>
      CHOICE_RESPONSE.test(value)
        ? null
        : 'must be a choice response: single characters 0-9 or a-z, comma-separated ("b" or "a,c")';
  }
  return () => `has no strict rule for interaction type ${JSON.stringify(type)} yet; add one to strict12.js`;
}

/**
 * Creates a checker for one launch (one LMSInitialize..LMSFinish session).
 * It remembers interaction types, because they decide how responses are
 * checked. `check(element, value)` returns null when the value is valid, or
 * a message naming the element, the value and the rule it breaks.
 */
export function createStrictChecker() {
  const interactionTypes = new Map();

  return function check(element, value) {
    const problem = describeProblem(element, value, interactionTypes);
    return problem === null ? null : `${element} = ${JSON.stringify(value)}: ${problem}`;
  };
}

function describeProblem(element, value, interactionTypes) {
  if (typeof element !== "string") return "the element name must be a string";
  // The API is specified with CMIString arguments; an LMS written against the
  // spec may not coerce numbers or booleans.
  if (typeof value !== "string") return `the value must be a string, not ${typeof value}`;

  const generic = element.replace(/\.\d+(?=\.|$)/g, ".n");
  if (!RULES.has(generic)) return "is not an element a SCO may set in SCORM 1.2 (or the checker has no rule for it)";

  const interaction = element.match(/^cmi\.interactions\.(\d+)\./);
  let rule = RULES.get(generic);
  if (rule === null) rule = responseRule(interactionTypes.get(interaction[1]));

  const problem = rule(value);
  if (problem === null && generic === "cmi.interactions.n.type") {
    interactionTypes.set(interaction[1], value);
  }
  return problem;
}
