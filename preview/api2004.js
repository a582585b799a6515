/* scormpack preview: a strict SCORM 2004 run-time API (API_1484_11) and data model (4th edition
   RTE 3 and 4; the 3rd edition's rules are the same for every element here), with no page
   around it, so the preview page and the tests can use it alike. api12.js is its SCORM 1.2 twin.

   createLms({ cmi, profile, onCall, failing }) returns { api, data, commits, unloading, setFailing }:
   - cmi: what the LMS knows at launch, flattened ("cmi.learner_id": "…");
   - profile: "strict" rejects every value the specification forbids (406, 407), as the
     strictest LMSs do; "lenient" stores such a value anyway and only reports it, as
     scorm-again does;
   - onCall(entry): each API call as { name, args, result, errorCode, reason, warning }, and each
     error inquiry (GetLastError, …) as { …, inquiry: true }, whose errorCode is the one asked about;
   - failing: the LMS cannot reach its store, so Initialize (102), Commit (391) and Terminate
     (111) fail, to see how a SCO copes; setFailing(on) changes it during a session;
   - api: the object to put at window.API_1484_11 (Initialize, SetValue, …);
   - data(): the current data, flattened; commits: the data stored at each Commit/Terminate;
   - unloading(): the SCO's window is closing. From then on a Commit is answered with 391, as
     Cornerstone answers it: Terminate stores the data by itself.

   createChecker(cmi) returns check(element, value): the same rules for an LMS with a run-time of
   its own; `cmi` is what that LMS holds at launch (a resumed attempt's interactions). This
   file is the one strict SCORM 2004 LMS of `scormpack preview` (compiled into the binary). */
(function (global) {
  "use strict";

  var ERRORS = {
    "0": "No Error",
    "101": "General Exception",
    "102": "General Initialization Failure",
    "103": "Already Initialized",
    "104": "Content Instance Terminated",
    "111": "General Termination Failure",
    "112": "Termination Before Initialization",
    "113": "Termination After Termination",
    "122": "Retrieve Data Before Initialization",
    "123": "Retrieve Data After Termination",
    "132": "Store Data Before Initialization",
    "133": "Store Data After Termination",
    "142": "Commit Before Initialization",
    "143": "Commit After Termination",
    "201": "General Argument Error",
    "301": "General Get Failure",
    "351": "General Set Failure",
    "391": "General Commit Failure",
    "401": "Undefined Data Model Element",
    "402": "Unimplemented Data Model Element",
    "403": "Data Model Element Value Not Initialized",
    "404": "Data Model Element Is Read Only",
    "405": "Data Model Element Is Write Only",
    "406": "Data Model Element Type Mismatch",
    "407": "Data Model Element Value Out Of Range",
    "408": "Data Model Dependency Not Established"
  };

  // RTE 4.1.1 data types.
  // real(10,7): a decimal number.
  var REAL = /^-?\d{1,10}(\.\d{1,7})?$/;
  // time (second,10,0): YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]], 1970..2038, at most two
  // fraction digits, a time zone only after the seconds.
  var TIME = /^(19[7-9]\d|20[0-2]\d|203[0-8])(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3])(:[0-5]\d(:[0-5]\d(\.\d{1,2})?(Z|[+-]([01]\d|2[0-3])(:[0-5]\d)?)?)?)?)?)?)?$/;
  // timeinterval (second,10,2): P[yY][mM][dD][T[hH][nM][s[.s]S]], no weeks, at least one part.
  var DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$/;
  // long_identifier_type: a URI without white space (SPM 4000); a URN as RFC 2141 writes it.
  var URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
  var URN = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[A-Za-z0-9()+,\-.:=@;$_!*'%/?#]+$/i;
  // short_identifier_type: URI characters (SPM 250).
  var SHORT_ID = /^[A-Za-z0-9()+,\-.:=@;$_!*'%/?#]{1,250}$/;
  var LANG = /^\{lang=([A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)?\}/;

  var COMPLETION = ["completed", "incomplete", "not attempted", "unknown"];
  var SUCCESS = ["passed", "failed", "unknown"];
  var TYPES = ["true-false", "choice", "fill-in", "long-fill-in", "likert", "matching", "performance",
    "sequencing", "numeric", "other"];
  var RESULTS = ["correct", "incorrect", "unanticipated", "neutral"];

  // A rule answers null, or { code: "406" | "407", reason }.
  function mismatch(reason) { return { code: "406", reason: reason }; }
  function range(reason) { return { code: "407", reason: reason }; }

  function oneOf(list) {
    return function (v) {
      return list.indexOf(v) >= 0 ? null
        : mismatch("must be one of " + list.map(function (x) { return JSON.stringify(x); }).join(", "));
    };
  }
  function matches(re, what) {
    return function (v) { return re.test(v) ? null : mismatch("must be " + what); };
  }
  // characterstring (SPM n): an LMS keeps at least n characters; a strict one refuses more.
  function characters(n) {
    return function (v) { return v.length <= n ? null : mismatch("must be at most " + n + " characters (is " + v.length + ")"); };
  }
  function real(min, max) {
    return function (v) {
      if (!REAL.test(v)) return mismatch("must be a real(10,7) number such as 0.75");
      var n = Number(v);
      if (min !== undefined && n < min || max !== undefined && n > max) {
        return range("must be within " + (min === undefined ? "-\u221e" : min) + ".." + (max === undefined ? "\u221e" : max));
      }
      return null;
    };
  }
  function duration(v) {
    return DURATION.test(v) && v !== "P" && !/T$/.test(v) ? null
      : mismatch("must be a timeinterval (second,10,2): an ISO 8601 duration such as PT1H2M3.45S");
  }
  var time = matches(TIME, "a time (second,10,0): YYYY-MM-DDThh:mm:ss[.ss][TZD]");
  function longId(v) {
    if (v.length > 4000) return mismatch("must be at most 4000 characters");
    if (!URI.test(v)) return mismatch("must be a long_identifier_type: a URI such as urn:example:course:q1");
    if (/^urn:/i.test(v) && !URN.test(v)) return mismatch("must be a URN as RFC 2141 writes it: urn:<NID>:<NSS>");
    return null;
  }
  // localized_string_type (SPM n): an optional {lang=xx} delimiter, then the text.
  function localized(n) {
    return function (v) { return characters(n)(v.replace(LANG, "")); };
  }
  function language(v) {
    return v === "" || /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(v) && v.length <= 250 ? null
      : mismatch("must be a language_type such as en or en-GB");
  }
  function navRequest(v) {
    var plain = ["continue", "previous", "exit", "exitAll", "abandon", "abandonAll", "suspendAll", "_none_"];
    if (plain.indexOf(v) >= 0 || /^\{target=[^{}\s]+\}(choice|jump)$/.test(v)) return null;
    return mismatch("must be one of " + plain.join(", ") + ", {target=<id>}choice or {target=<id>}jump");
  }
  function result(v) {
    return RESULTS.indexOf(v) >= 0 || REAL.test(v) ? null
      : mismatch("must be one of " + RESULTS.map(function (x) { return JSON.stringify(x); }).join(", ") + " or a real number");
  }

  // ---- responses (RTE 4.2.9.1 learner_response, 4.2.9.2 correct_responses.n.pattern) ----

  // The {case_matters=…} and {order_matters=…} delimiters a pattern may start with.
  function stripDelimiters(v, names) {
    var re = new RegExp("^\\{(" + names.join("|") + ")=(true|false)\\}");
    var m;
    var seen = {};
    while ((m = re.exec(v))) {
      if (seen[m[1]]) break;
      seen[m[1]] = true;
      v = v.slice(m[0].length);
    }
    return v;
  }
  function each(v, separator, itemRule) {
    var items = v.split(separator);
    for (var i = 0; i < items.length; i++) {
      var problem = itemRule(items[i]);
      if (problem) return problem;
    }
    return null;
  }
  function shortIds(what, example, unique) {
    return function (v) {
      if (v === "") return null; // no choice at all (4.2.9.1: "an empty set")
      var ids = v.split("[,]");
      if (!ids.every(function (id) { return SHORT_ID.test(id); })) {
        return mismatch("must be " + what + ": short identifiers separated by \"[,]\" (" + example + ")");
      }
      if (unique && ids.some(function (id, i) { return ids.indexOf(id) !== i; })) {
        return mismatch("must not name a choice twice");
      }
      return null;
    };
  }
  function pairs(v) {
    return each(v, "[,]", function (pair) {
      var parts = pair.split("[.]");
      return parts.length === 2 && SHORT_ID.test(parts[0]) && SHORT_ID.test(parts[1]) ? null
        : mismatch("must be a matching response: source[.]target pairs separated by \"[,]\" (\"1[.]a[,]2[.]c\")");
    });
  }
  function steps(v) {
    return each(v, "[,]", function (step) {
      var parts = step.split("[.]");
      var ok = parts.length === 2 && (parts[0] !== "" || parts[1] !== "") &&
        (parts[0] === "" || SHORT_ID.test(parts[0])) && parts[1].length <= 250;
      return ok ? null : mismatch("must be a performance response: step[.]answer pairs separated by \"[,]\"");
    });
  }
  function localizedList(n, what) {
    return function (v) {
      return each(v, "[,]", function (item) {
        return item.replace(LANG, "").length <= n ? null
          : mismatch("must be " + what + ": texts of at most " + n + " characters separated by \"[,]\"");
      });
    };
  }
  function numericRange(v) {
    var parts = v.split("[:]");
    if (parts.length !== 2 || !parts.every(function (p) { return p === "" || REAL.test(p); })) {
      return mismatch("must be a numeric range min[:]max of real numbers, either may be empty (\"40[:]45\")");
    }
    if (parts[0] !== "" && parts[1] !== "" && Number(parts[0]) > Number(parts[1])) {
      return mismatch("must not have its minimum above its maximum");
    }
    return null;
  }

  var RESPONSES = {
    "true-false": { limit: 1, learner: oneOf(["true", "false"]), pattern: oneOf(["true", "false"]) },
    choice: {
      limit: 10,
      learner: shortIds("a choice response", "\"b\" or \"a[,]c\"", true),
      pattern: shortIds("a choice pattern", "\"b\" or \"a[,]c\"", true)
    },
    "fill-in": {
      limit: 5,
      learner: localizedList(250, "a fill-in response"),
      pattern: function (v) {
        return localizedList(250, "a fill-in pattern")(stripDelimiters(v, ["case_matters", "order_matters"]));
      }
    },
    "long-fill-in": {
      limit: 5,
      learner: localized(4000),
      pattern: function (v) { return localized(4000)(stripDelimiters(v, ["case_matters"])); }
    },
    likert: { limit: 1, learner: matches(SHORT_ID, "a short identifier"), pattern: matches(SHORT_ID, "a short identifier") },
    matching: { limit: 5, learner: pairs, pattern: pairs },
    performance: {
      limit: 5,
      learner: steps,
      pattern: function (v) { return steps(stripDelimiters(v, ["order_matters"])); }
    },
    sequencing: {
      limit: 5,
      learner: shortIds("a sequencing response", "\"c[,]a[,]b\"", false),
      pattern: shortIds("a sequencing pattern", "\"c[,]a[,]b\"", false)
    },
    numeric: { limit: 1, learner: real(), pattern: numericRange },
    other: { limit: 1, learner: characters(4000), pattern: characters(4000) }
  };

  // ---- the data model (RTE 4.2) ----

  // r = read, w = the rule for writes; ".n." stands for an array index. `needs` names the
  // element of the same record that must be set first (408). Keywords are read-only.
  var MODEL = {
    "cmi._version": { r: 1 },
    "cmi.comments_from_learner._children": { r: 1 },
    "cmi.comments_from_learner._count": { r: 1 },
    "cmi.comments_from_learner.n.comment": { r: 1, w: localized(4000) },
    "cmi.comments_from_learner.n.location": { r: 1, w: characters(250) },
    "cmi.comments_from_learner.n.timestamp": { r: 1, w: time },
    "cmi.comments_from_lms._children": { r: 1 },
    "cmi.comments_from_lms._count": { r: 1 },
    "cmi.comments_from_lms.n.comment": { r: 1 },
    "cmi.comments_from_lms.n.location": { r: 1 },
    "cmi.comments_from_lms.n.timestamp": { r: 1 },
    "cmi.completion_status": { r: 1, w: oneOf(COMPLETION) },
    "cmi.completion_threshold": { r: 1 },
    "cmi.credit": { r: 1 },
    "cmi.entry": { r: 1 },
    "cmi.exit": { w: oneOf(["time-out", "suspend", "logout", "normal", ""]) },
    "cmi.interactions._children": { r: 1 },
    "cmi.interactions._count": { r: 1 },
    "cmi.interactions.n.id": { r: 1, w: longId },
    "cmi.interactions.n.type": { r: 1, w: oneOf(TYPES), needs: "id" },
    "cmi.interactions.n.objectives._count": { r: 1 },
    "cmi.interactions.n.objectives.n.id": { r: 1, w: longId, needs: "id" },
    "cmi.interactions.n.timestamp": { r: 1, w: time, needs: "id" },
    "cmi.interactions.n.correct_responses._count": { r: 1 },
    "cmi.interactions.n.correct_responses.n.pattern": { r: 1, w: "pattern", needs: "type" },
    "cmi.interactions.n.weighting": { r: 1, w: real(), needs: "id" },
    "cmi.interactions.n.learner_response": { r: 1, w: "learner", needs: "type" },
    "cmi.interactions.n.result": { r: 1, w: result, needs: "id" },
    "cmi.interactions.n.latency": { r: 1, w: duration, needs: "id" },
    "cmi.interactions.n.description": { r: 1, w: localized(250), needs: "id" },
    "cmi.launch_data": { r: 1 },
    "cmi.learner_id": { r: 1 },
    "cmi.learner_name": { r: 1 },
    "cmi.learner_preference._children": { r: 1 },
    "cmi.learner_preference.audio_level": { r: 1, w: real(0) },
    "cmi.learner_preference.language": { r: 1, w: language },
    "cmi.learner_preference.delivery_speed": { r: 1, w: real(0) },
    "cmi.learner_preference.audio_captioning": { r: 1, w: oneOf(["-1", "0", "1"]) },
    "cmi.location": { r: 1, w: characters(1000) },
    "cmi.max_time_allowed": { r: 1 },
    "cmi.mode": { r: 1 },
    "cmi.objectives._children": { r: 1 },
    "cmi.objectives._count": { r: 1 },
    "cmi.objectives.n.id": { r: 1, w: longId },
    "cmi.objectives.n.score._children": { r: 1 },
    "cmi.objectives.n.score.scaled": { r: 1, w: real(-1, 1), needs: "id" },
    "cmi.objectives.n.score.raw": { r: 1, w: real(), needs: "id" },
    "cmi.objectives.n.score.min": { r: 1, w: real(), needs: "id" },
    "cmi.objectives.n.score.max": { r: 1, w: real(), needs: "id" },
    "cmi.objectives.n.success_status": { r: 1, w: oneOf(SUCCESS), needs: "id" },
    "cmi.objectives.n.completion_status": { r: 1, w: oneOf(COMPLETION), needs: "id" },
    "cmi.objectives.n.progress_measure": { r: 1, w: real(0, 1), needs: "id" },
    "cmi.objectives.n.description": { r: 1, w: localized(250), needs: "id" },
    "cmi.progress_measure": { r: 1, w: real(0, 1) },
    "cmi.scaled_passing_score": { r: 1 },
    "cmi.score._children": { r: 1 },
    "cmi.score.scaled": { r: 1, w: real(-1, 1) },
    "cmi.score.raw": { r: 1, w: real() },
    "cmi.score.min": { r: 1, w: real() },
    "cmi.score.max": { r: 1, w: real() },
    "cmi.session_time": { w: duration },
    "cmi.success_status": { r: 1, w: oneOf(SUCCESS) },
    "cmi.suspend_data": { r: 1, w: characters(64000) },
    "cmi.time_limit_action": { r: 1 },
    "cmi.total_time": { r: 1 },
    "adl.nav.request": { r: 1, w: navRequest },
    "adl.nav.request_valid.continue": { r: 1 },
    "adl.nav.request_valid.previous": { r: 1 }
  };

  var CHILDREN = {
    "cmi.comments_from_learner._children": "comment,location,timestamp",
    "cmi.comments_from_lms._children": "comment,location,timestamp",
    "cmi.interactions._children": "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description",
    "cmi.learner_preference._children": "audio_level,language,delivery_speed,audio_captioning",
    "cmi.objectives._children": "id,score,success_status,completion_status,progress_measure,description",
    "cmi.objectives.n.score._children": "scaled,raw,min,max",
    "cmi.score._children": "scaled,raw,min,max"
  };

  // Values every launch starts with; any other element is "not initialized" (403) until set.
  var DEFAULTS = {
    "cmi.completion_status": "unknown",
    "cmi.success_status": "unknown",
    "cmi.credit": "credit",
    "cmi.entry": "ab-initio",
    "cmi.mode": "normal",
    "cmi.learner_id": "",
    "cmi.learner_name": "",
    "cmi.total_time": "PT0S",
    "cmi.time_limit_action": "continue,no message",
    "cmi.learner_preference.audio_level": "1",
    "cmi.learner_preference.language": "",
    "cmi.learner_preference.delivery_speed": "1",
    "cmi.learner_preference.audio_captioning": "0",
    "adl.nav.request": "_none_",
    "adl.nav.request_valid.continue": "unknown",
    "adl.nav.request_valid.previous": "unknown"
  };

  function durationToCs(v) {
    var m = DURATION.exec(v || "");
    if (!m) return 0;
    var n = function (i) { return Number(m[i] || 0); };
    // A year and a month have no fixed length; an LMS that adds them counts 365 and 30 days.
    return Math.round((((n(1) * 365 + n(2) * 30 + n(3)) * 24 + n(4)) * 3600 + n(5) * 60 + n(6)) * 100);
  }
  function csToDuration(cs) {
    var h = Math.floor(cs / 360000);
    var m = Math.floor(cs / 6000) % 60;
    var s = (cs % 6000) / 100;
    return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + s + "S";
  }

  function createLms(options) {
    options = options || {};
    var profile = options.profile === "lenient" ? "lenient" : "strict";
    var onCall = options.onCall || function () {};
    var failing = !!options.failing;
    var values = {};
    Object.keys(DEFAULTS).forEach(function (k) { values[k] = DEFAULTS[k]; });
    Object.keys(options.cmi || {}).forEach(function (k) { values[k] = String(options.cmi[k]); });
    var state = "not initialized"; // → "running" → "terminated"
    var closing = false;
    var lastError = "0";
    var lastDiagnostic = "";
    var commits = [];

    function count(prefix) {
      var n = 0;
      var keys = Object.keys(values);
      while (keys.some(function (k) { return k.indexOf(prefix + n + ".") === 0; })) n++;
      return n;
    }

    // Resolves an element to its model entry and checks the array indexes on the way.
    function resolve(element, forWrite) {
      if (typeof element !== "string") return { code: "101", reason: "the element name is not a character string" };
      if (element === "") {
        return forWrite ? { code: "351", reason: "the element name is empty" } : { code: "301", reason: "the element name is empty" };
      }
      if (/^adl\.data(\.|$)/.test(element)) {
        return { code: "402", reason: "the preview LMS has no shared data stores (adl.data, 4th edition)" };
      }
      if (/^adl\.nav\.request_valid\.(choice|jump)\.\{target=[^{}]+\}$/.test(element)) {
        return { entry: { r: 1 }, generic: element, valid: true };
      }
      var generic = element.replace(/\.\d+(?=\.|$)/g, ".n");
      var entry = MODEL[generic];
      if (!entry) {
        var parent = generic.replace(/\.(_children|_count|_version)$/, "");
        if (parent !== generic && Object.keys(MODEL).some(function (k) { return k.indexOf(parent + ".") === 0 || k === parent; })) {
          // A keyword of an element that has no children or is not an array (RTE 3.1.7.6).
          return forWrite ? { code: "404", reason: "is a keyword, read-only" }
            : { code: "301", reason: /_count$/.test(generic) ? "is not an array, so it has no _count" : "has no children" };
        }
        return { code: "401", reason: "is not an element of the SCORM 2004 data model" };
      }
      // Array entries: n must exist to be read; a new one may only be added at the end.
      var re = /^(cmi\.(?:objectives|interactions|comments_from_learner|comments_from_lms))\.(\d+)\.(?:(objectives|correct_responses)\.(\d+)\.)?/;
      var m = re.exec(element);
      if (m) {
        var outer = count(m[1] + ".");
        var n = Number(m[2]);
        var limit = forWrite ? outer : outer - 1;
        if (n > limit) {
          return forWrite ? { code: "351", reason: "skips an index: " + m[1] + "._count is " + outer }
            : { code: "301", reason: "no such entry: " + m[1] + "._count is " + outer };
        }
        if (m[3]) {
          var inner = m[1] + "." + m[2] + "." + m[3] + ".";
          var k = Number(m[4]);
          var innerCount = count(inner);
          if (k > (forWrite ? innerCount : innerCount - 1)) {
            return forWrite ? { code: "351", reason: "skips an index: " + inner + "_count is " + innerCount }
              : { code: "301", reason: "no such entry: " + inner + "_count is " + innerCount };
          }
        }
      }
      return { entry: entry, generic: generic, array: m };
    }

    function getValue(element) {
      var found = resolve(element, false);
      if (found.code) return { code: found.code, reason: found.reason, result: "" };
      if (!found.entry.r) return { code: "405", reason: "is write-only", result: "" };
      if (found.valid) return { code: "0", result: "unknown" };
      if (/\._children$/.test(found.generic)) return { code: "0", result: CHILDREN[found.generic] };
      if (/\._count$/.test(found.generic)) return { code: "0", result: String(count(element.replace(/_count$/, ""))) };
      if (found.generic === "cmi._version") return { code: "0", result: "1.0" };
      if (values[element] === undefined) return { code: "403", reason: "has no value yet", result: "" };
      return { code: "0", result: values[element] };
    }

    function setValue(element, value) {
      var found = resolve(element, true);
      if (found.code) return { code: found.code, reason: found.reason };
      if (/\.(_children|_count|_version)$/.test(element)) return { code: "404", reason: "is a keyword, read-only" };
      if (!found.entry.w) return { code: "404", reason: "is read-only" };
      if (typeof value !== "string") {
        return { code: "406", reason: "the value must be a character string, not " + typeof value, store: String(value) };
      }
      var m = found.array;
      var record = m ? m[1] + "." + m[2] + "." : "";
      // RTE 4.2.9: the id first, the type before the responses.
      if (found.entry.needs && values[record + found.entry.needs] === undefined) {
        return { code: "408", reason: "is set before " + record + found.entry.needs };
      }
      var rule = found.entry.w;
      if (rule === "learner" || rule === "pattern") {
        var type = values[record + "type"];
        var formats = RESPONSES[type];
        if (rule === "pattern" && Number(m[4]) >= formats.limit) {
          return { code: "351", reason: "a " + type + " interaction has at most " + formats.limit + " correct response" + (formats.limit > 1 ? "s" : "") };
        }
        rule = formats[rule];
      }
      if (/\.id$/.test(found.generic) && m) {
        // An id names its record for good, and is unique among its siblings (RTE 4.2.9, 4.2.17).
        var siblings = m[3] ? m[1] + "." + m[2] + "." + m[3] + "." : m[1] + ".";
        var index = m[3] ? m[4] : m[2];
        var duplicate = Object.keys(values).some(function (k) {
          var mm = k.indexOf(siblings) === 0 && /^(\d+)\.id$/.exec(k.slice(siblings.length));
          return mm && mm[1] !== index && values[k] === value;
        });
        if (duplicate) return { code: "351", reason: "the id " + JSON.stringify(value) + " is already used by another entry" };
        if (found.generic === "cmi.objectives.n.id" && values[element] !== undefined && values[element] !== value) {
          return { code: "351", reason: "an objective's id cannot change once set" };
        }
      }
      var problem = rule(value);
      if (problem) return { code: problem.code, reason: problem.reason, store: value };
      return { code: "0", store: value };
    }

    function snapshot(terminate) {
      var out = {};
      Object.keys(values).forEach(function (k) { out[k] = values[k]; });
      if (terminate) out["cmi.total_time"] = csToDuration(durationToCs(values["cmi.total_time"]) + durationToCs(values["cmi.session_time"]));
      return out;
    }

    function call(name, args, body) {
      var outcome = body();
      lastError = outcome.code;
      lastDiagnostic = outcome.reason || "";
      var entry = { name: name, args: args, result: outcome.result, errorCode: outcome.code, reason: outcome.reason || "" };
      if (outcome.warning) entry.warning = outcome.warning;
      onCall(entry);
      return outcome.result;
    }

    // The codes of a call before Initialize and after Terminate differ per function (RTE 3.1.7).
    function running(codes, fn, failed) {
      return function () {
        if (state === "not initialized") return { code: codes[0], reason: "Initialize has not been called", result: failed };
        if (state === "terminated") return { code: codes[1], reason: "Terminate has been called; the session is over", result: failed };
        return fn();
      };
    }

    function emptyArg(arg) { return arg === "" || arg === undefined; }

    var api = {
      Initialize: function (arg) {
        return call("Initialize", [arg], function () {
          if (!emptyArg(arg)) return { code: "201", reason: "the argument must be \"\"", result: "false" };
          if (state === "running") return { code: "103", reason: "Initialize was already called in this launch", result: "false" };
          if (state === "terminated") return { code: "104", reason: "the session was terminated; a SCO initializes once a launch", result: "false" };
          if (failing) return { code: "102", reason: "the LMS cannot reach its store (simulated failure)", result: "false" };
          state = "running";
          return { code: "0", result: "true" };
        });
      },
      Terminate: function (arg) {
        return call("Terminate", [arg], function () {
          if (!emptyArg(arg)) return { code: "201", reason: "the argument must be \"\"", result: "false" };
          return running(["112", "113"], function () {
            if (failing) return { code: "111", reason: "the LMS cannot reach its store (simulated failure)", result: "false" };
            commits.push({ via: "Terminate", cmi: snapshot(true) });
            state = "terminated";
            return { code: "0", result: "true" };
          }, "false")();
        });
      },
      Commit: function (arg) {
        return call("Commit", [arg], function () {
          if (!emptyArg(arg)) return { code: "201", reason: "the argument must be \"\"", result: "false" };
          return running(["142", "143"], function () {
            if (failing) return { code: "391", reason: "the LMS cannot reach its store (simulated failure)", result: "false" };
            if (closing) {
              return {
                code: "391",
                reason: "a Commit while the SCO's window closes, which Cornerstone refuses: Terminate stores the data by itself",
                result: "false"
              };
            }
            commits.push({ via: "Commit", cmi: snapshot(false) });
            return { code: "0", result: "true" };
          }, "false")();
        });
      },
      GetValue: function (element) {
        return call("GetValue", [element], running(["122", "123"], function () { return getValue(element); }, ""));
      },
      SetValue: function (element, value) {
        return call("SetValue", [element, value], running(["132", "133"], function () {
          var outcome = setValue(element, value);
          if (outcome.code === "0") {
            values[element] = outcome.store;
            return { code: "0", result: "true" };
          }
          if (profile === "lenient" && (outcome.code === "406" || outcome.code === "407")) {
            // As scorm-again does: keep the value; say what a strict LMS would do.
            values[element] = outcome.store;
            return { code: "0", result: "true", warning: "a strict LMS rejects this with " + outcome.code + ": " + element + " " + outcome.reason };
          }
          return { code: outcome.code, reason: outcome.reason, result: "false" };
        }, "false"));
      },
      // The error inquiries leave the error state as it is (RTE 3.1.4.2); they are reported too,
      // so a log shows what the SCO learnt about a refused call.
      GetLastError: function () { return inquiry("GetLastError", [], lastError); },
      GetErrorString: function (code) { return inquiry("GetErrorString", [code], ERRORS[String(code)] || ""); },
      GetDiagnostic: function (code) {
        var text = code === undefined || code === "" || String(code) === lastError ? lastDiagnostic : ERRORS[String(code)] || "";
        return inquiry("GetDiagnostic", [code], text);
      }
    };

    function inquiry(name, args, result) {
      onCall({ name: name, args: args, result: result, errorCode: lastError, reason: "", inquiry: true });
      return result;
    }
    return {
      api: api,
      data: function () { return snapshot(false); },
      commits: commits,
      profile: profile,
      unloading: function () { closing = true; },
      setFailing: function (on) { failing = !!on; }
    };
  }

  // The strict rules alone, for an LMS that has its own run-time: check(element, value) answers
  // null for a value a strict LMS stores, otherwise what is wrong with it, with the error code.
  // One checker follows one launch; it remembers what was set before (ids and types decide
  // what may follow, and array entries must be added in order).
  function createChecker(cmi) {
    var strict = createLms({ profile: "strict", cmi: cmi || {} });
    strict.api.Initialize("");
    return function check(element, value) {
      if (strict.api.SetValue(element, value) === "true") return null;
      var code = strict.api.GetLastError();
      return element + " = " + JSON.stringify(value) + ": error " + code + " (" + ERRORS[code] + "): " +
        strict.api.GetDiagnostic(code);
    };
  }

  global.ScormpackLms2004 = { createLms: createLms, createChecker: createChecker, ERRORS: ERRORS };
})(typeof window !== "undefined" ? window : globalThis);
