/* scormpack preview: a strict SCORM 1.2 run-time API and data model (RTE 3.3 and 3.4), with no
   page around it, so the preview page and the tests can use it alike.

   createLms({ cmi, profile, onCall }) returns { api, data, commits }:
   - cmi: what the LMS knows at launch, flattened ("cmi.core.student_id": "…");
   - profile: "strict" rejects every value the specification forbids (error 405 and others),
     as the strictest LMSs do; "lenient" stores it anyway and only reports it, as scorm-again
     and Moodle do;
   - onCall(entry): each API call as { name, args, result, errorCode, reason, warning }, and each
     error inquiry (LMSGetLastError, …) as { …, inquiry: true }, whose errorCode is the one asked about;
   - api: the object to put at window.API (LMSInitialize, LMSSetValue, …);
   - data(): the current cmi, flattened; commits: the data stored at each LMSCommit/LMSFinish.

   createChecker() returns check(element, value): the same rules for an LMS with a run-time of its
   own. This file is the one strict SCORM 1.2 LMS of the project: `scormpack preview` serves it
   (compiled into the binary) and the browser tests load it from here. */
(function (global) {
  "use strict";

  var ERRORS = {
    "0": "No error",
    "101": "General exception",
    "201": "Invalid argument error",
    "202": "Element cannot have children",
    "203": "Element not an array - cannot have count",
    "301": "Not initialized",
    "401": "Not implemented error",
    "402": "Invalid set value, element is a keyword",
    "403": "Element is read only",
    "404": "Element is write only",
    "405": "Incorrect Data Type"
  };

  // RTE 3.4.2 data types. CMIIdentifier follows the strictest LMSs: letters, digits, _ and -.
  var DECIMAL = /^-?\d+(\.\d+)?$/;
  var IDENTIFIER = /^[A-Za-z0-9_-]{1,255}$/;
  var TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
  var TIMESPAN = /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
  var CHOICE_RESPONSE = /^[0-9a-z](,[0-9a-z])*$/;
  var MATCHING_RESPONSE = /^[0-9a-z]+\.[0-9a-z]+(,[0-9a-z]+\.[0-9a-z]+)*$/;
  var STATUS = ["passed", "completed", "failed", "incomplete", "browsed"];

  function oneOf(list) {
    return function (v) {
      return list.indexOf(v) >= 0 ? null : "must be one of " + list.map(function (x) { return JSON.stringify(x); }).join(", ");
    };
  }
  function matches(re, what) {
    return function (v) { return re.test(v) ? null : "must be " + what; };
  }
  function maxLength(n, what) {
    return function (v) { return v.length <= n ? null : "must be a " + what + " of at most " + n + " characters (is " + v.length + ")"; };
  }
  // RTE 3.4.4: cmi.core.score.raw, .min and .max are "CMIDecimal or CMIBlank": "" is how a SCO
  // says it has no score (yet), and an LMS must accept it.
  function score(v) {
    if (v === "") return null; // CMIBlank
    if (!DECIMAL.test(v)) return "must be a decimal number (CMIDecimal) or blank";
    var n = Number(v);
    return n >= 0 && n <= 100 ? null : "must be within 0..100";
  }
  function integerIn(min, max) {
    return function (v) {
      return /^-?\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? null : "must be an integer within " + min + ".." + max;
    };
  }
  var IDENT = matches(IDENTIFIER, "a CMIIdentifier: 1 to 255 of A-Z a-z 0-9 _ -");
  var SPAN = matches(TIMESPAN, "a CMITimespan HH[HH]:MM:SS[.SS]");

  // Every element of the SCORM 1.2 data model: r = read, w = write, and the rule for writes.
  // ".n." stands for an array index. Keywords (_children, _count) are read-only.
  var MODEL = {
    "cmi._children": { r: 1 },
    "cmi._version": { r: 1 },
    "cmi.core._children": { r: 1 },
    "cmi.core.student_id": { r: 1 },
    "cmi.core.student_name": { r: 1 },
    "cmi.core.lesson_location": { r: 1, w: maxLength(255, "CMIString255") },
    "cmi.core.credit": { r: 1 },
    "cmi.core.lesson_status": { r: 1, w: oneOf(STATUS) },
    "cmi.core.entry": { r: 1 },
    "cmi.core.score._children": { r: 1 },
    "cmi.core.score.raw": { r: 1, w: score },
    "cmi.core.score.min": { r: 1, w: score },
    "cmi.core.score.max": { r: 1, w: score },
    "cmi.core.total_time": { r: 1 },
    "cmi.core.lesson_mode": { r: 1 },
    "cmi.core.exit": { w: oneOf(["time-out", "suspend", "logout", ""]) },
    "cmi.core.session_time": { w: SPAN },
    "cmi.suspend_data": { r: 1, w: maxLength(4096, "CMIString4096") },
    "cmi.launch_data": { r: 1 },
    "cmi.comments": { r: 1, w: maxLength(4096, "CMIString4096") },
    "cmi.comments_from_lms": { r: 1 },
    "cmi.objectives._children": { r: 1 },
    "cmi.objectives._count": { r: 1 },
    "cmi.objectives.n.id": { r: 1, w: IDENT },
    "cmi.objectives.n.score._children": { r: 1 },
    "cmi.objectives.n.score.raw": { r: 1, w: score },
    "cmi.objectives.n.score.min": { r: 1, w: score },
    "cmi.objectives.n.score.max": { r: 1, w: score },
    "cmi.objectives.n.status": { r: 1, w: oneOf(STATUS.concat(["not attempted"])) },
    "cmi.student_data._children": { r: 1 },
    "cmi.student_data.mastery_score": { r: 1 },
    "cmi.student_data.max_time_allowed": { r: 1 },
    "cmi.student_data.time_limit_action": { r: 1 },
    "cmi.student_preference._children": { r: 1 },
    "cmi.student_preference.audio": { r: 1, w: integerIn(-1, 100) },
    "cmi.student_preference.language": { r: 1, w: maxLength(255, "CMIString255") },
    "cmi.student_preference.speed": { r: 1, w: integerIn(-100, 100) },
    "cmi.student_preference.text": { r: 1, w: integerIn(-1, 1) },
    "cmi.interactions._children": { r: 1 },
    "cmi.interactions._count": { r: 1 },
    "cmi.interactions.n.id": { w: IDENT },
    "cmi.interactions.n.objectives._count": { r: 1 },
    "cmi.interactions.n.objectives.n.id": { w: IDENT },
    "cmi.interactions.n.time": { w: matches(TIME, "a CMITime HH:MM:SS[.SS]") },
    "cmi.interactions.n.type": {
      w: oneOf(["true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"])
    },
    "cmi.interactions.n.correct_responses._count": { r: 1 },
    "cmi.interactions.n.correct_responses.n.pattern": { w: "response" },
    "cmi.interactions.n.weighting": { w: matches(DECIMAL, "a decimal number (CMIDecimal)") },
    "cmi.interactions.n.student_response": { w: "response" },
    "cmi.interactions.n.result": {
      w: function (v) {
        return ["correct", "wrong", "unanticipated", "neutral"].indexOf(v) >= 0 || DECIMAL.test(v)
          ? null : "must be one of \"correct\", \"wrong\", \"unanticipated\", \"neutral\" or a decimal";
      }
    },
    "cmi.interactions.n.latency": { w: SPAN }
  };

  var CHILDREN = {
    "cmi._children": "core,suspend_data,launch_data,comments,objectives,student_data,student_preference,interactions",
    "cmi.core._children": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
    "cmi.core.score._children": "raw,min,max",
    "cmi.objectives._children": "id,score,status",
    "cmi.objectives.n.score._children": "raw,min,max",
    "cmi.student_data._children": "mastery_score,max_time_allowed,time_limit_action",
    "cmi.student_preference._children": "audio,language,speed,text",
    "cmi.interactions._children": "id,objectives,time,type,correct_responses,weighting,student_response,result,latency"
  };

  // The response formats (RTE 3.4.4, cmi.interactions.n.student_response) depend on the type.
  function responseRule(type) {
    if (type === undefined) return function () { return "is set before cmi.interactions.n.type, so it cannot be checked"; };
    if (type === "choice") {
      return matches(CHOICE_RESPONSE, "a choice response: single characters 0-9 or a-z, comma-separated (\"b\" or \"a,c\")");
    }
    if (type === "true-false") return matches(/^[01tf]$/, "a true-false response: 0, 1, t or f");
    if (type === "numeric") return matches(DECIMAL, "a numeric response (CMIDecimal)");
    if (type === "matching") {
      return matches(MATCHING_RESPONSE, "a matching response: source.target pairs, comma-separated (\"1.a,2.c\")");
    }
    if (type === "sequencing") {
      return matches(CHOICE_RESPONSE, "a sequencing response: single characters 0-9 or a-z in order, comma-separated (\"c,a,b\")");
    }
    return maxLength(255, "CMIFeedback");
  }

  function timespanToCs(span) {
    var m = TIMESPAN.exec(span || "");
    if (!m) return 0;
    var p = span.split(":");
    return Math.round((Number(p[0]) * 3600 + Number(p[1]) * 60 + Number(p[2])) * 100);
  }
  function pad(n, w) { var s = String(n); while (s.length < w) s = "0" + s; return s; }
  function csToTimespan(cs) {
    return pad(Math.floor(cs / 360000), 4) + ":" + pad(Math.floor(cs / 6000) % 60, 2) + ":" +
      pad(Math.floor(cs / 100) % 60, 2) + "." + pad(cs % 100, 2);
  }

  function createLms(options) {
    var profile = options.profile === "lenient" ? "lenient" : "strict";
    var onCall = options.onCall || function () {};
    var values = {
      "cmi.core.student_id": "", "cmi.core.student_name": "", "cmi.core.lesson_location": "",
      "cmi.core.credit": "credit", "cmi.core.lesson_status": "not attempted", "cmi.core.entry": "ab-initio",
      "cmi.core.score.raw": "", "cmi.core.score.min": "", "cmi.core.score.max": "",
      "cmi.core.total_time": "0000:00:00.00", "cmi.core.lesson_mode": "normal", "cmi.core.exit": "",
      "cmi.core.session_time": "", "cmi.suspend_data": "", "cmi.launch_data": "", "cmi.comments": "",
      "cmi.comments_from_lms": "", "cmi.student_data.mastery_score": "", "cmi.student_data.max_time_allowed": "",
      "cmi.student_data.time_limit_action": "", "cmi.student_preference.audio": "0",
      "cmi.student_preference.language": "", "cmi.student_preference.speed": "0", "cmi.student_preference.text": "0"
    };
    Object.keys(options.cmi || {}).forEach(function (k) { values[k] = String(options.cmi[k]); });
    var state = "not initialized"; // → "running" → "finished"
    var lastError = "0";
    var lastDiagnostic = "";
    var commits = [];

    function count(prefix) {
      var n = 0;
      while (Object.keys(values).some(function (k) { return k.indexOf(prefix + n + ".") === 0; })) n++;
      return n;
    }

    // Resolves an element name to its model entry; checks the array indexes on the way.
    function resolve(element, forWrite) {
      if (typeof element !== "string" || element.indexOf("cmi.") !== 0 && element !== "cmi") {
        return { code: "201", reason: "is not a cmi element" };
      }
      var generic = element.replace(/\.\d+(?=\.|$)/g, ".n");
      var entry = MODEL[generic];
      if (!entry) {
        if (/\._children$/.test(generic)) return { code: "202", reason: "has no children" };
        if (/\._count$/.test(generic)) return { code: "203", reason: "is not an array" };
        return { code: "201", reason: "is not an element of the SCORM 1.2 data model" };
      }
      if (forWrite) {
        // A new array entry may only be added at the end: index n needs entries 0..n-1 (RTE 3.4.5).
        var re = /^(cmi\.(?:objectives|interactions))\.(\d+)\.(?:(objectives|correct_responses)\.(\d+)\.)?/;
        var m = re.exec(element);
        if (m) {
          var n = Number(m[2]);
          if (n > count(m[1] + ".")) return { code: "201", reason: "skips an index: " + m[1] + "._count is " + count(m[1] + ".") };
          if (m[3]) {
            var inner = m[1] + "." + m[2] + "." + m[3] + ".";
            if (Number(m[4]) > count(inner)) return { code: "201", reason: "skips an index: " + inner + "_count is " + count(inner) };
          }
        }
      }
      return { entry: entry, generic: generic };
    }

    function getValue(element) {
      var found = resolve(element, false);
      if (found.code) return { code: found.code, reason: found.reason, result: "" };
      if (!found.entry.r) return { code: "404", reason: "is write-only", result: "" };
      if (/\._children$/.test(found.generic)) return { code: "0", result: CHILDREN[found.generic] || "" };
      if (/\._count$/.test(found.generic)) return { code: "0", result: String(count(element.replace(/_count$/, ""))) };
      if (found.generic === "cmi._version") return { code: "0", result: "3.4" };
      return { code: "0", result: values[element] !== undefined ? values[element] : "" };
    }

    function setValue(element, value) {
      var found = resolve(element, true);
      if (found.code) return { code: found.code, reason: found.reason };
      if (/\.(_children|_count|_version)$/.test(element)) return { code: "402", reason: "is a keyword" };
      if (!found.entry.w) return { code: "403", reason: "is read-only" };
      if (typeof value !== "string") {
        return { code: "405", reason: "the value must be a string, not " + typeof value, store: String(value) };
      }
      var rule = found.entry.w;
      if (rule === "response") {
        var m = /^cmi\.interactions\.(\d+)\./.exec(element);
        rule = responseRule(values["cmi.interactions." + m[1] + ".type"]);
      }
      var problem = rule(value);
      if (problem) return { code: "405", reason: problem, store: value };
      return { code: "0", store: value };
    }

    function snapshot(terminate) {
      var out = {};
      Object.keys(values).forEach(function (k) { out[k] = values[k]; });
      if (terminate) {
        out["cmi.core.total_time"] = csToTimespan(timespanToCs(values["cmi.core.total_time"]) + timespanToCs(values["cmi.core.session_time"]));
      }
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

    function running(fn, failed) {
      return function () {
        if (state === "not initialized") return { code: "301", reason: "LMSInitialize has not been called", result: failed };
        if (state === "finished") return { code: "101", reason: "LMSFinish has been called; the session is over", result: failed };
        return fn();
      };
    }

    function emptyArg(arg) { return arg === "" || arg === undefined; }

    var api = {
      LMSInitialize: function (arg) {
        return call("LMSInitialize", [arg], function () {
          if (!emptyArg(arg)) return { code: "201", reason: "the argument must be \"\"", result: "false" };
          if (state !== "not initialized") return { code: "101", reason: "LMSInitialize was already called in this launch", result: "false" };
          state = "running";
          return { code: "0", result: "true" };
        });
      },
      LMSFinish: function (arg) {
        return call("LMSFinish", [arg], function () {
          if (!emptyArg(arg)) return { code: "201", reason: "the argument must be \"\"", result: "false" };
          return running(function () {
            commits.push({ via: "LMSFinish", cmi: snapshot(true) });
            state = "finished";
            return { code: "0", result: "true" };
          }, "false")();
        });
      },
      LMSCommit: function (arg) {
        return call("LMSCommit", [arg], function () {
          if (!emptyArg(arg)) return { code: "201", reason: "the argument must be \"\"", result: "false" };
          return running(function () {
            commits.push({ via: "LMSCommit", cmi: snapshot(false) });
            return { code: "0", result: "true" };
          }, "false")();
        });
      },
      LMSGetValue: function (element) {
        return call("LMSGetValue", [element], running(function () { return getValue(element); }, ""));
      },
      LMSSetValue: function (element, value) {
        return call("LMSSetValue", [element, value], running(function () {
          var outcome = setValue(element, value);
          if (outcome.code === "0") {
            values[element] = outcome.store;
            return { code: "0", result: "true" };
          }
          if (profile === "lenient" && outcome.code === "405") {
            // As scorm-again and Moodle do: keep the value; say what a strict LMS would do.
            values[element] = outcome.store;
            return { code: "0", result: "true", warning: "a strict LMS rejects this with 405: " + element + " " + outcome.reason };
          }
          return { code: outcome.code, reason: outcome.reason, result: "false" };
        }, "false"));
      },
      // The error inquiries leave the error state as it is (RTE 3.3.3); they are reported too,
      // so a log shows what the SCO learnt about a refused call.
      LMSGetLastError: function () { return inquiry("LMSGetLastError", [], lastError); },
      LMSGetErrorString: function (code) { return inquiry("LMSGetErrorString", [code], ERRORS[String(code)] || ""); },
      LMSGetDiagnostic: function (code) {
        var text = code === undefined || code === "" || String(code) === lastError ? lastDiagnostic : ERRORS[String(code)] || "";
        return inquiry("LMSGetDiagnostic", [code], text);
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
      profile: profile
    };
  }

  // The strict rules alone, for an LMS that has its own run-time (the browser tests run
  // scorm-again and check every LMSSetValue with this): check(element, value) answers null for a
  // value a strict LMS stores, otherwise what is wrong with it. One checker follows one launch;
  // it remembers what was set before (interaction types decide how responses are checked, and
  // array entries must be added in order).
  function createChecker() {
    var strict = createLms({ profile: "strict" });
    strict.api.LMSInitialize("");
    return function check(element, value) {
      if (strict.api.LMSSetValue(element, value) === "true") return null;
      var code = strict.api.LMSGetLastError();
      return element + " = " + JSON.stringify(value) + ": error " + code + " (" + ERRORS[code] + "): " +
        strict.api.LMSGetDiagnostic(code);
    };
  }

  global.ScormpackLms12 = { createLms: createLms, createChecker: createChecker, ERRORS: ERRORS };
})(typeof window !== "undefined" ? window : globalThis);
