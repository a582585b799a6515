/* scormpack runtime: the SCORM 2004 adapter (3rd and 4th edition). Turns what the course
   reports (a bookmark, an answer, a result, the end of a session) into SCORM 2004 run-time API
   calls (API_1484_11) with values in the formats the SCORM 2004 data model defines. The runtime
   core (core.js) uses it through window.scormpackAdapter, like the SCORM 1.2 and xAPI
   adapters. */
(function () {
  "use strict";

  // The API lives in a parent frame or in the window that opened this one (LMSs that launch in
  // a popup). The walk is bounded, as in the ADL sample code, so a cross-origin or looping
  // frame tree cannot hang the course.
  function findIn(win) {
    for (var depth = 0; win && depth < 10; depth++) {
      try {
        if (win.API_1484_11 && typeof win.API_1484_11.Initialize === "function") return win.API_1484_11;
      } catch (e) {
        return null; // a cross-origin frame: nothing more to find up this chain
      }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  function discover() {
    var api = findIn(window);
    if (!api && window.opener) {
      try { api = findIn(window.opener); } catch (e) { api = null; }
    }
    return api;
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }

  // timeinterval (second,10,2): an ISO 8601 duration such as PT1H2M3.45S (RTE 4.1.1.7).
  function duration(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000);
    var m = Math.floor(cs / 6000) % 60;
    var s = Math.floor(cs / 100) % 60;
    var fraction = cs % 100 ? "." + pad(cs % 100, 2) : "";
    return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + s + fraction + "S";
  }

  // time (second,10,0): an ISO 8601 point in time in UTC, to the hundredth of a second
  // (YYYY-MM-DDThh:mm:ss.ssZ).
  function timestamp(date) {
    return date.toISOString().slice(0, 22) + "Z";
  }

  // An interaction id is a long_identifier_type, a URI (RTE 4.2.9.1): the course id keeps the
  // ids of two courses apart in an LMS's reports.
  var course = document.body.getAttribute("data-course") || "course";
  function interactionId(question) {
    return "urn:scormpack:" + course + ":" + question;
  }

  // core.js reports the score as a rounded percentage of equally weighted questions. The
  // scaled score comes from the exact ratio of right answers, recovered from that percentage
  // and the number of questions (exact for up to 100 questions), with real(10,7) precision.
  // cmi.score.scaled from the exact ratio core.js passes (2 of 3 right: 0.6666667, which a
  // minNormalizedMeasure of 0.67 does not reach); from the percentage when there is none.
  function scaled(ratio, raw) {
    var value = typeof ratio === "number" && isFinite(ratio) ? ratio : raw / 100;
    return String(Math.round(Math.max(-1, Math.min(1, value)) * 1e7) / 1e7);
  }

  // The core's status (from the course's statuses rule) as the two SCORM 2004 statuses:
  // completion and success are separate, so a failed attempt is still a completed one, and a
  // course that reports `completed`/`incomplete` leaves success unknown.
  var STATUSES = {
    passed: { completion: "completed", success: "passed" },
    failed: { completion: "completed", success: "failed" },
    completed: { completion: "completed", success: "unknown" },
    incomplete: { completion: "incomplete", success: "unknown" },
  };

  // The other way round, for a relaunch: the core only needs to know whether it is done.
  function coreStatus(completion, success) {
    if (success === "passed") return "passed";
    if (completion === "completed") return success === "failed" ? "failed" : "completed";
    return "incomplete";
  }

  // cmi.progress_measure (RTE 4.2.16): the share of the course's pages the learner has seen,
  // counted here from the pages' data-page attributes (the markup contract), so core.js needs
  // to know nothing of it. It never goes down within an attempt, and is 1 once the course is
  // completed. On a resumed attempt the pages up to the saved location count as seen (the
  // course is read in order), and the value stored before is the floor.
  var pageIds = [];
  [].forEach.call(document.querySelectorAll("[data-page]"), function (el) {
    var id = el.getAttribute("data-page");
    if (pageIds.indexOf(id) < 0) pageIds.push(id);
  });
  var seen = {};
  var progress = 0;

  function progressAfter(location) {
    if (pageIds.indexOf(location) >= 0) seen[location] = true;
    var share = pageIds.length ? Object.keys(seen).length / pageIds.length : 0;
    progress = Math.max(progress, Math.round(Math.min(1, share) * 1e7) / 1e7);
    return progress;
  }

  var api = null;
  var startedAt = 0;
  var finished = false;

  function get(name) {
    return String(api.GetValue(name));
  }

  function set(name, value) {
    api.SetValue(name, String(value));
  }

  function commit() {
    api.Commit("");
  }

  window.scormpackAdapter = {
    name: "scorm2004",
    // cmi.suspend_data is a characterstring (SPM 64000) in SCORM 2004.
    maxStateLength: 64000,

    // Finds the LMS and starts the session. Returns what the LMS saved from earlier sessions,
    // or null when there is no LMS (the course then runs standalone).
    connect: function () {
      api = discover();
      if (!api) return null;
      if (String(api.Initialize("")) !== "true") {
        api = null;
        return null;
      }
      startedAt = Date.now();
      var completion = get("cmi.completion_status");
      var saved = { status: coreStatus(completion, get("cmi.success_status")), location: "", state: "", score: null };
      // Only a suspended attempt has a location and suspend data; reading them otherwise
      // answers error 403 (value not initialized).
      if (get("cmi.entry") === "resume") {
        saved.location = get("cmi.location");
        saved.state = get("cmi.suspend_data");
        var before = Number(get("cmi.progress_measure"));
        if (isFinite(before) && before > 0 && before <= 1) progress = before;
        var reached = pageIds.indexOf(saved.location);
        for (var i = 0; i <= reached; i++) seen[pageIds[i]] = true;
        // The score of an earlier session, so that a later attempt never reports a lower one.
        // It exists only where a result was reported (reading it otherwise answers 403).
        if (saved.status === "passed" || saved.status === "failed") {
          var raw = get("cmi.score.raw");
          if (raw !== "" && isFinite(Number(raw))) saved.score = Number(raw);
        }
      }
      if (completion === "completed") progress = 1;
      if (completion !== "completed" && completion !== "incomplete") {
        set("cmi.completion_status", "incomplete");
      }
      // Until the learner is done, a closed window is a pause: the LMS keeps the attempt.
      if (saved.status !== "passed" && saved.status !== "completed") set("cmi.exit", "suspend");
      commit();
      return saved;
    },

    bookmark: function (location, state) {
      if (!api || finished) return;
      set("cmi.location", location);
      set("cmi.suspend_data", state);
      set("cmi.progress_measure", progressAfter(location));
      commit();
    },

    // One verified answer: a new cmi.interactions.n record; a retry adds records, as a journal.
    // The core gives the response and the correct patterns in SCORM 2004's own formats.
    answer: function (a) {
      if (!api || finished) return;
      var n = parseInt(get("cmi.interactions._count"), 10) || 0;
      var p = "cmi.interactions." + n + ".";
      // The id first and the type before the responses: an LMS checks responses by type.
      set(p + "id", interactionId(a.id));
      set(p + "type", a.type);
      set(p + "timestamp", timestamp(a.at));
      set(p + "weighting", String(a.weight));
      if (a.description) set(p + "description", a.description.slice(0, 250));
      // A fill-in answer is a characterstring of at most 250 characters (SPM); a comma in it
      // is escaped, as LMSs built on scorm-again read a bare one as a delimiter.
      var text = function (value) { return a.type === "fill-in" ? value.replace(/,/g, "\\,") : value; };
      set(p + "learner_response", a.type === "fill-in" ? text(a.response.slice(0, 250)) : a.response);
      (a.patterns || []).forEach(function (pattern, k) {
        set(p + "correct_responses." + k + ".pattern", text(pattern));
      });
      set(p + "result", a.correct ? "correct" : "incorrect");
      set(p + "latency", duration(a.latencyMs));
      commit();
    },

    // The result of the knowledge check: the score before the statuses, so an LMS that judges
    // success from the score (satisfiedByMeasure) has it when the status arrives.
    result: function (r) {
      if (!api || finished) return;
      if (r.score !== null) {
        set("cmi.score.scaled", scaled(r.ratio, r.score));
        set("cmi.score.raw", r.score);
        set("cmi.score.min", 0);
        set("cmi.score.max", 100);
      }
      var statuses = STATUSES[r.status] || STATUSES.incomplete;
      if (statuses.completion === "completed") {
        progress = 1;
        set("cmi.progress_measure", "1");
      }
      set("cmi.completion_status", statuses.completion);
      set("cmi.success_status", statuses.success);
      set("cmi.exit", r.done ? "normal" : "suspend");
      commit();
    },

    // Ends the session exactly once, also when the window closes. Terminate commits by itself;
    // a Commit right before it in the unload path is answered with error 391 by Cornerstone.
    finish: function (done) {
      if (!api || finished) return;
      finished = true;
      set("cmi.exit", done ? "normal" : "suspend");
      set("cmi.session_time", duration(Date.now() - startedAt));
      api.Terminate("");
    },

    // The page goes into the back-forward cache and may come back: everything is stored, but
    // the session stays open (SCORM 2004 refuses a second Initialize after Terminate).
    pause: function (done) {
      if (!api || finished) return;
      set("cmi.exit", done ? "normal" : "suspend");
      set("cmi.session_time", duration(Date.now() - startedAt));
      commit();
    },

    // The page came back from the back-forward cache: the session goes on if the LMS kept it
    // open, or a new one starts with a new API. Returns whether tracking goes on.
    resume: function () {
      var found = discover();
      if (!found) return false;
      if (found === api && !finished) {
        api.GetValue("cmi.completion_status");
        if (String(api.GetLastError()) === "0") return true;
      }
      api = found;
      finished = false;
      if (String(api.Initialize("")) !== "true") {
        api = null;
        return false;
      }
      startedAt = Date.now();
      return true;
    },
  };
})();
