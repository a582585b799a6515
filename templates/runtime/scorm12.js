/* scormpack runtime: the SCORM 1.2 adapter. Turns what the course reports (a bookmark, an
   answer, a result, the end of a session) into SCORM 1.2 run-time API calls with values in the
   formats the SCORM 1.2 data model allows. The runtime core (core.js) uses it through
   window.scormpackAdapter; an xAPI or SCORM 2004 adapter offers the same methods. */
(function () {
  "use strict";

  // API discovery as ADL's sample code does it (SCORM 1.2 RTE 3.3.6.1): up this window's parents
  // (Moodle, Cornerstone: the SCO in a frame of the LMS page), then from the window that opened
  // the top window and up its parents (LMSs that launch a popup whose frame holds the SCO). The
  // walk is bounded, so a looping frame tree cannot hang the course; a cross-origin window on
  // the way is stepped over (its `parent` is readable, its API is not).
  var MAX_PARENTS = 7;

  function findIn(win) {
    for (var tries = 0; win; tries++) {
      try {
        if (win.API && typeof win.API.LMSInitialize === "function") return win.API;
      } catch (e) {
        // Another origin: nothing usable here; its parent may still be ours.
      }
      if (tries >= MAX_PARENTS || !win.parent || win.parent === win) return null;
      win = win.parent;
    }
    return null;
  }

  function discover() {
    var api = findIn(window);
    if (!api) {
      try { api = window.top.opener ? findIn(window.top.opener) : null; } catch (e) { api = null; }
    }
    return api;
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }

  // CMITimespan: HHHH:MM:SS.SS with two to four hour digits (SCORM 1.2 RTE 3.4.2).
  function timespan(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.min(9999, Math.floor(cs / 360000));
    var m = Math.floor(cs / 6000) % 60;
    var s = Math.floor(cs / 100) % 60;
    return pad(h, 2) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(cs % 100, 2);
  }

  // CMITime: the time of day, HH:MM:SS.
  function timeOfDay(date) {
    return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
  }

  // A response in SCORM 1.2's formats (CMIFeedback, at most 255 characters): `a,c`, `t`,
  // `1.a,2.c`, `c,a,b`, the text of a fill-in without its `{case_matters=…}`.
  function plain(type, value) {
    var text = String(value);
    if (type === "true-false") return text === "true" ? "t" : "f";
    if (type === "fill-in") text = text.replace(/^\{case_matters=(true|false)\}/, "");
    else text = text.split("[,]").join(",").split("[.]").join(".");
    return text.slice(0, 255);
  }

  var api = null;
  var startedAt = 0;
  var finished = false;

  function get(name) {
    return String(api.LMSGetValue(name));
  }

  // A call the LMS refused goes to the console with the LMS's own words for it, so a designer
  // (and `scormpack preview`, whose log shows these inquiries) sees why.
  function complain(call) {
    var code = "";
    var text = "";
    try {
      code = String(api.LMSGetLastError());
      text = String(api.LMSGetErrorString(code));
    } catch (e) {
      text = String(e);
    }
    console.warn("scormpack: " + call + " failed: error " + code + " (" + text + ")");
  }

  function shown(value) {
    var text = JSON.stringify(value);
    return text.length > 80 ? text.slice(0, 77) + "…\"" : text;
  }

  function set(name, value) {
    value = String(value);
    if (String(api.LMSSetValue(name, value)) !== "true") complain("LMSSetValue(" + shown(name) + ", " + shown(value) + ")");
  }

  function commit() {
    if (String(api.LMSCommit("")) === "true") return true;
    complain('LMSCommit("")');
    return false;
  }

  function initialize() {
    if (String(api.LMSInitialize("")) === "true") return true;
    complain('LMSInitialize("")');
    return false;
  }

  window.scormpackAdapter = {
    name: "scorm12",
    // Per SCORM 1.2 suspend_data is a CMIString4096.
    maxStateLength: 4096,

    // Finds the LMS and starts the session. Returns what the LMS saved from earlier sessions,
    // or null when there is no LMS (the course then runs standalone).
    connect: function () {
      api = discover();
      if (!api) return null;
      if (!initialize()) {
        api = null;
        return null;
      }
      startedAt = Date.now();
      var saved = {
        status: get("cmi.core.lesson_status"),
        location: get("cmi.core.lesson_location"),
        state: get("cmi.suspend_data"),
        score: null,
      };
      // The score of an earlier session, so that a later attempt never reports a lower one.
      var raw = get("cmi.core.score.raw");
      if (raw !== "" && isFinite(Number(raw))) saved.score = Number(raw);
      if (saved.status === "not attempted" || saved.status === "") {
        set("cmi.core.lesson_status", "incomplete");
        saved.status = "incomplete";
      }
      // Until the learner is done, a closed window is a pause: the LMS keeps the bookmark.
      if (saved.status === "incomplete" || saved.status === "failed" || saved.status === "browsed") {
        set("cmi.core.exit", "suspend");
      }
      commit();
      return saved;
    },

    bookmark: function (location, state) {
      if (!api || finished) return;
      set("cmi.core.lesson_location", location);
      set("cmi.suspend_data", state);
      commit();
    },

    // One verified answer: a new cmi.interactions.n record (SCORM 1.2 interactions are a journal).
    // The core gives responses in the SCORM 2004 / xAPI format; SCORM 1.2 writes them plainer.
    answer: function (a) {
      if (!api || finished) return;
      var n = parseInt(get("cmi.interactions._count"), 10) || 0;
      var p = "cmi.interactions." + n + ".";
      set(p + "id", a.id);
      set(p + "type", a.type);
      set(p + "time", timeOfDay(a.at));
      set(p + "weighting", String(a.weight));
      set(p + "student_response", plain(a.type, a.response));
      var k = 0;
      (a.patterns || []).forEach(function (pattern) {
        // A numeric range has no SCORM 1.2 form (CMIDecimal is one number): only an exact
        // number is written as the correct response.
        var range = a.type === "numeric" ? pattern.split("[:]") : null;
        if (range && range[0] !== range[1]) return;
        set(p + "correct_responses." + k++ + ".pattern", plain(a.type, range ? range[0] : pattern));
      });
      set(p + "result", a.correct ? "correct" : "wrong");
      set(p + "latency", timespan(a.latencyMs));
      commit();
    },

    // The result of the knowledge check. The score goes in before the status: an LMS that
    // derives the status from a mastery score reads the score when the status arrives.
    result: function (r) {
      if (!api || finished) return;
      if (r.score !== null) {
        set("cmi.core.score.raw", r.score);
        set("cmi.core.score.min", 0);
        set("cmi.core.score.max", 100);
      }
      set("cmi.core.lesson_status", r.status);
      set("cmi.core.exit", r.done ? "" : "suspend");
      commit();
    },

    // Ends the session exactly once, when the page goes away for good.
    finish: function (done) {
      if (!api || finished) return;
      finished = true;
      set("cmi.core.exit", done ? "" : "suspend");
      set("cmi.core.session_time", timespan(Date.now() - startedAt));
      commit();
      if (String(api.LMSFinish("")) !== "true") complain('LMSFinish("")');
    },

    // The page goes into the back-forward cache and may come back: everything is stored as on
    // close, but the session stays open, since a strict LMS (and SCORM 2004's rule) refuses a
    // second LMSInitialize after LMSFinish. If the page never comes back, the LMS holds it all.
    pause: function (done) {
      if (!api || finished) return;
      set("cmi.core.exit", done ? "" : "suspend");
      set("cmi.core.session_time", timespan(Date.now() - startedAt));
      commit();
    },

    // The page came back from the back-forward cache. The session goes on where the LMS kept
    // it open; where it did not (a new API object, or one that answers "not initialized"), a new
    // session starts, and core.js saves the bookmark into it. Returns whether tracking goes on.
    resume: function (done) {
      var found = discover();
      if (!found) return false;
      if (found === api && !finished) {
        api.LMSGetValue("cmi.core.lesson_status");
        var code = String(api.LMSGetLastError());
        if (code === "0") return true;
      }
      api = found;
      finished = false;
      if (!initialize()) {
        api = null;
        return false;
      }
      startedAt = Date.now();
      if (!done) set("cmi.core.exit", "suspend");
      return true;
    },
  };
})();
