/* scormpack preview: the rules a cmi5 LMS holds an AU's statements to (cmi5 9, 10), as
   ScormpackCmi5.check(statements, launch). `statements` are those of one registration, oldest
   first (the LMS's own `launched` among them); `launch` is what the LMS gave the session being
   judged and every earlier one: { au, sessions: { <session id>: { launchMode, masteryScore } } }.
   Returns one { id, reason } per broken rule, for the preview page to flag, and runs in Node for
   its tests. */
(function (global) {
  "use strict";

  var ADL = "http://adlnet.gov/expapi/verbs/";
  var CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  var SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
  var DEFINED = ["initialized", "passed", "failed", "completed", "terminated"];
  var JUDGED = ["passed", "failed", "completed"];
  var NEEDS_DURATION = ["passed", "failed", "completed", "terminated"];

  function verbOf(s) {
    var id = (s.verb && s.verb.id) || "";
    return id.indexOf(ADL) === 0 ? id.slice(ADL.length) : id;
  }

  function categories(s) {
    var list = (s.context && s.context.contextActivities && s.context.contextActivities.category) || [];
    return list.map(function (c) { return c.id; });
  }

  function check(statements, launch) {
    var found = [];
    var seen = {}; // per session: { initialized, terminated }
    var passed = false;
    var completed = false;
    function flag(s, reason) { found.push({ id: s.id, reason: reason }); }

    statements.forEach(function (s) {
      var verb = verbOf(s);
      if (verb === "launched") return;
      var session = (s.context && s.context.extensions && s.context.extensions[SESSION]) || "";
      var known = launch.sessions[session];
      if (!known) {
        flag(s, "no session id of a launch (context.extensions sessionid, from the contextTemplate)");
        return;
      }
      var state = seen[session] || (seen[session] = {});
      if (state.terminated) flag(s, "sent after terminated: terminated must be the AU's last statement of a session");
      if (!state.initialized && verb !== "initialized") flag(s, "sent before initialized: initialized must come first");
      var defined = DEFINED.indexOf(verb) >= 0;
      var cats = categories(s);
      if (defined) {
        if (!s.object || s.object.id !== launch.au) flag(s, verb + " is not about the AU " + launch.au);
        if (cats.indexOf(CMI5) < 0) flag(s, verb + " has no cmi5 category");
        if ((cats.indexOf(MOVEON) >= 0) !== (JUDGED.indexOf(verb) >= 0)) {
          flag(s, JUDGED.indexOf(verb) >= 0 ? verb + " has no moveon category" : verb + " must not carry the moveon category");
        }
      } else if (cats.indexOf(CMI5) >= 0) {
        flag(s, verb + " is not a cmi5 defined statement and must not carry the cmi5 category");
      }
      var result = s.result || {};
      if (NEEDS_DURATION.indexOf(verb) >= 0 && !result.duration) flag(s, verb + " has no result.duration");
      if (JUDGED.indexOf(verb) >= 0 && known.launchMode !== "Normal") {
        flag(s, verb + " in " + known.launchMode + " mode, where the AU judges nothing");
      }
      var mastery = known.masteryScore;
      var scaled = result.score && result.score.scaled;
      if (verb === "initialized") {
        if (state.initialized) flag(s, "a second initialized in one session");
        state.initialized = true;
      } else if (verb === "terminated") {
        state.terminated = true;
      } else if (verb === "passed") {
        if (result.success !== true) flag(s, "passed without success: true");
        if (typeof mastery === "number" && typeof scaled === "number" && scaled < mastery) {
          flag(s, "passed with a scaled score of " + scaled + ", below the masteryScore " + mastery);
        }
        if (passed) flag(s, "a second passed in the registration");
        passed = true;
      } else if (verb === "failed") {
        if (result.success !== false) flag(s, "failed without success: false");
        if (typeof mastery === "number" && typeof scaled === "number" && scaled >= mastery) {
          flag(s, "failed with a scaled score of " + scaled + ", at or above the masteryScore " + mastery);
        }
        if (passed) flag(s, "failed after passed");
      } else if (verb === "completed") {
        if (result.completion !== true) flag(s, "completed without completion: true");
        if (completed) flag(s, "a second completed in the registration");
        completed = true;
      }
    });
    return found;
  }

  global.ScormpackCmi5 = { check: check, verbOf: verbOf };
})(typeof window !== "undefined" ? window : globalThis);
