// A strict SCORM 2004 checker for the values a SCO sends with SetValue.
//
// scorm-again 3.x is lenient: its long identifier pattern accepts any text
// (`.{1,4000}`), its durations accept commas and weeks, its times accept six
// fraction digits, and it lets a SCO set an interaction's fields in any order.
// A strict LMS (ADL's test suite, SCORM Cloud in strict mode) answers those
// with error 406 or 408. The SCORM 2004 test LMS page runs every SetValue
// through the checker so that a package that only works on forgiving LMSs
// fails our tests. The rules follow SCORM 2004 4th edition RTE 4.1 (data
// types) and 4.2 (the data model); the 3rd edition's are the same for every
// element listed here.
//
// Plain ES module without dependencies: the LMS page imports it in the
// browser, and strict2004.test.mjs imports it in Node to test the rules.

// real(10,7): a decimal number.
const REAL = /^-?\d{1,10}(\.\d{1,7})?$/;
// time (second,10,0): YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]], 1970..2038,
// at most two fraction digits, a time zone only after the seconds.
const TIME =
  /^(19[7-9]\d|20[0-2]\d|203[0-8])(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3])(:[0-5]\d(:[0-5]\d(\.\d{1,2})?(Z|[+-]([01]\d|2[0-3])(:[0-5]\d)?)?)?)?)?)?)?$/;
// timeinterval (second,10,2): P[yY][mM][dD][T[hH][nM][s[.s]S]], no weeks, at
// least one part, a T only before a time part.
const DURATION = /^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;
// long_identifier_type (RTE 4.1.1.3): a URI without white space, SPM 4000;
// a URN follows RFC 2141 (`urn:<NID>:<NSS>`).
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
const URN = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[A-Za-z0-9()+,\-.:=@;$_!*'%/?#]+$/i;
// short_identifier_type (RTE 4.1.1.2): URI characters, SPM 250.
const SHORT_IDENTIFIER = /^[A-Za-z0-9()+,\-.:=@;$_!*'%/?#]{1,250}$/;

const COMPLETION = ["completed", "incomplete", "not attempted", "unknown"];
const SUCCESS = ["passed", "failed", "unknown"];
const EXIT = ["time-out", "suspend", "logout", "normal", ""];
const INTERACTION_TYPES = [
  "true-false",
  "choice",
  "fill-in",
  "long-fill-in",
  "likert",
  "matching",
  "performance",
  "sequencing",
  "numeric",
  "other",
];
const RESULTS = ["correct", "incorrect", "unanticipated", "neutral"];
const NAV_REQUESTS = [
  "continue",
  "previous",
  "exit",
  "exitAll",
  "abandon",
  "abandonAll",
  "suspendAll",
  "_none_",
];

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

function real(min, max) {
  return (value) => {
    if (!REAL.test(value)) return "must be a real(10,7) number";
    const n = Number(value);
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
      return `must be within ${min ?? "-∞"}..${max ?? "∞"}`;
    }
    return null;
  };
}

function duration(value) {
  if (!DURATION.test(value) || value === "P" || value.endsWith("T")) {
    return "must be an ISO 8601 duration such as PT1H2M3.45S (timeinterval (second,10,2))";
  }
  return null;
}

function longIdentifier(value) {
  if (value.length > 4000) return "must be at most 4000 characters";
  if (!URI.test(value)) return "must be a URI (long_identifier_type), e.g. urn:example:course:q1";
  if (/^urn:/i.test(value) && !URN.test(value)) return "must be a URN as RFC 2141 writes it: urn:<NID>:<NSS>";
  return null;
}

/** A localized_string_type: an optional {lang=xx} delimiter, then text. */
function localized(max) {
  return (value) => {
    const text = value.replace(/^\{lang=[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*\}/, "");
    return text.length <= max ? null : `must be at most ${max} characters`;
  };
}

/**
 * Every element a SCO may write in SCORM 2004, with its rule. An element not
 * listed here is a violation too: either the SCO writes something it should
 * not (read-only or unknown, error 404/401), or this table must learn a new
 * rule first. Indexes (`.n.`) are replaced with `.n.` before the lookup.
 */
const RULES = new Map([
  ["cmi.completion_status", oneOf(COMPLETION)],
  ["cmi.success_status", oneOf(SUCCESS)],
  ["cmi.exit", oneOf(EXIT)],
  ["cmi.location", maxLength(1000)],
  ["cmi.suspend_data", maxLength(64000)],
  ["cmi.session_time", duration],
  ["cmi.progress_measure", real(0, 1)],
  ["cmi.score.scaled", real(-1, 1)],
  ["cmi.score.raw", real()],
  ["cmi.score.min", real()],
  ["cmi.score.max", real()],
  ["cmi.learner_preference.audio_level", real(0)],
  ["cmi.learner_preference.language", maxLength(250)],
  ["cmi.learner_preference.delivery_speed", real(0)],
  ["cmi.learner_preference.audio_captioning", oneOf(["-1", "0", "1"])],
  ["cmi.comments_from_learner.n.comment", localized(4000)],
  ["cmi.comments_from_learner.n.location", maxLength(250)],
  ["cmi.comments_from_learner.n.timestamp", matches(TIME, "a time (second,10,0)")],
  ["cmi.objectives.n.id", longIdentifier],
  ["cmi.objectives.n.score.scaled", real(-1, 1)],
  ["cmi.objectives.n.score.raw", real()],
  ["cmi.objectives.n.score.min", real()],
  ["cmi.objectives.n.score.max", real()],
  ["cmi.objectives.n.success_status", oneOf(SUCCESS)],
  ["cmi.objectives.n.completion_status", oneOf(COMPLETION)],
  ["cmi.objectives.n.progress_measure", real(0, 1)],
  ["cmi.objectives.n.description", localized(250)],
  ["cmi.interactions.n.id", longIdentifier],
  ["cmi.interactions.n.type", oneOf(INTERACTION_TYPES)],
  ["cmi.interactions.n.objectives.n.id", longIdentifier],
  ["cmi.interactions.n.timestamp", matches(TIME, "a time (second,10,0): YYYY-MM-DDThh:mm:ss[.ss][TZD]")],
  ["cmi.interactions.n.weighting", real()],
  [
    "cmi.interactions.n.result",
    (value) =>
      RESULTS.includes(value) || REAL.test(value) ? null : `must be one of ${RESULTS.join(", ")} or a real number`,
  ],
  ["cmi.interactions.n.latency", duration],
  ["cmi.interactions.n.description", localized(250)],
  // Responses depend on the interaction's type; see responseRule below.
  ["cmi.interactions.n.learner_response", null],
  ["cmi.interactions.n.correct_responses.n.pattern", null],
  ["adl.nav.request", oneOf(NAV_REQUESTS)],
]);

/**
 * The format of a response depends on the interaction type (RTE 4.2.9.1 for
 * learner_response, 4.2.9.2 for correct_responses.n.pattern), so the checker
 * needs the type first. `pattern` is true for a correct response pattern.
 */
function responseRule(type, pattern) {
  if (type === undefined) {
    return () => "is set before cmi.interactions.n.type, so no LMS can validate it (error 408)";
  }
  const list = (value, what) => {
    const ids = value.split("[,]");
    if (!ids.every((id) => SHORT_IDENTIFIER.test(id))) return `must be short identifiers separated by "[,]" (${what})`;
    return null;
  };
  if (type === "choice") {
    return (value) => {
      if (value === "") return null; // no choice at all
      const wrong = list(value, '"b" or "a[,]c"');
      if (wrong) return wrong;
      const ids = value.split("[,]");
      return new Set(ids).size === ids.length ? null : "must not name a choice twice";
    };
  }
  if (type === "sequencing") return (value) => list(value, '"c[,]a[,]b"');
  if (type === "true-false") return (value) => (value === "true" || value === "false" ? null : 'must be "true" or "false"');
  if (type === "fill-in") {
    return (value) => {
      // A pattern may open with {case_matters=…} and {order_matters=…}; each part at most 250 characters (SPM).
      const text = pattern ? value.replace(/^\{case_matters=(true|false)\}/, "").replace(/^\{order_matters=(true|false)\}/, "") : value;
      if (/^\{(case|order)_matters=/.test(text)) return "has a malformed {case_matters=…} or {order_matters=…} delimiter";
      return text.split("[,]").every((part) => part.length <= 250) ? null : "must be strings of at most 250 characters";
    };
  }
  if (type === "numeric") {
    return (value) => {
      if (!pattern) return REAL.test(value) ? null : "must be a real number (real(10,7))";
      const [min, max, more] = value.split("[:]");
      if (more !== undefined || max === undefined) return 'must be a range "min[:]max"';
      if ((min !== "" && !REAL.test(min)) || (max !== "" && !REAL.test(max))) return "must be a range of real numbers";
      return min !== "" && max !== "" && Number(min) > Number(max) ? "must not have its minimum above its maximum" : null;
    };
  }
  if (type === "matching") {
    return (value) => {
      const pairs = value.split("[,]");
      return pairs.every((pair) => {
        const [source, target, more] = pair.split("[.]");
        return more === undefined && SHORT_IDENTIFIER.test(source ?? "") && SHORT_IDENTIFIER.test(target ?? "");
      })
        ? null
        : 'must be source[.]target pairs separated by "[,]" ("1[.]a[,]2[.]c")';
    };
  }
  return () => `has no strict rule for interaction type ${JSON.stringify(type)} yet; add one to strict2004.js`;
}

/**
 * Creates a checker for one launch (one Initialize..Terminate session). It
 * remembers each interaction's id and type, because an LMS refuses any other
 * field before the id (error 408) and checks responses by type. `check(element,
 * value)` returns null when the value is valid, or a message naming the
 * element, the value and the rule it breaks. `known` is the number of
 * interactions the LMS already holds (a resumed attempt).
 */
export function createStrictChecker(known = 0) {
  const interactions = new Map();
  for (let n = 0; n < known; n++) interactions.set(String(n), { id: true, type: undefined });

  return function check(element, value) {
    const problem = describeProblem(element, value, interactions);
    return problem === null ? null : `${element} = ${JSON.stringify(value)}: ${problem}`;
  };
}

function describeProblem(element, value, interactions) {
  if (typeof element !== "string") return "the element name must be a string";
  if (typeof value !== "string") return `the value must be a string, not ${typeof value}`;

  const generic = element.replace(/\.\d+(?=\.|$)/g, ".n");
  if (!RULES.has(generic)) return "is not an element a SCO may set in SCORM 2004 (or the checker has no rule for it)";

  const m = element.match(/^cmi\.interactions\.(\d+)\./);
  const n = m?.[1];
  const record = n === undefined ? undefined : interactions.get(n);
  if (m && generic !== "cmi.interactions.n.id") {
    if (!record) return "is set before cmi.interactions.n.id (error 408: data model dependency not established)";
  }
  if (m && generic === "cmi.interactions.n.id" && !record && Number(n) > interactions.size) {
    return `skips an index: the next new interaction is ${interactions.size} (error 351)`;
  }

  let rule = RULES.get(generic);
  if (rule === null) rule = responseRule(record.type, generic.endsWith(".pattern"));
  const problem = rule(value);
  if (problem === null && m) {
    if (generic === "cmi.interactions.n.id") interactions.set(n, { id: true, type: record?.type });
    if (generic === "cmi.interactions.n.type") record.type = value;
  }
  return problem;
}
