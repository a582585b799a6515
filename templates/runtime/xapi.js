/* scormpack runtime: the xAPI adapter. Turns what the course reports (a bookmark, an answer, a
   result, the end of a session) into xAPI 1.0.3 statements for the LRS named by the Tin Can
   launch parameters, and keeps the bookmark in the LRS's State API. The runtime core (core.js)
   uses it through window.scormpackAdapter, like the SCORM 1.2 adapter; the queue, its delivery
   and the State API are the LRS client of lrs.js, which the cmi5 adapter shares.

   No credentials are compiled in: the LMS hands `endpoint`, `auth`, `actor`, `registration`
   and `activity_id` to each launch in the query string. Without them the course runs
   standalone. */
(function () {
  "use strict";

  var lrs = window.scormpackLrs;
  var STATE_ID = "https://scormpack.dev/xapi/state/bookmark";
  var VERBS = {
    initialized: "http://adlnet.gov/expapi/verbs/initialized",
    attempted: "http://adlnet.gov/expapi/verbs/attempted",
    experienced: "http://adlnet.gov/expapi/verbs/experienced",
    answered: "http://adlnet.gov/expapi/verbs/answered",
    passed: "http://adlnet.gov/expapi/verbs/passed",
    failed: "http://adlnet.gov/expapi/verbs/failed",
    completed: "http://adlnet.gov/expapi/verbs/completed",
    suspended: "http://adlnet.gov/expapi/verbs/suspended",
    terminated: "http://adlnet.gov/expapi/verbs/terminated",
  };
  var duration = lrs.duration;

  function readLaunch() {
    var query = new URLSearchParams(window.location.search);
    var endpoint = query.get("endpoint");
    var actor = query.get("actor") && lrs.normaliseActor(query.get("actor"));
    if (!endpoint || !actor) return null;
    return {
      endpoint: lrs.endpointOf(endpoint),
      auth: query.get("auth") || "",
      actor: actor,
      registration: query.get("registration") || "",
      activityId: query.get("activity_id") || "",
    };
  }

  // ---- the adapter -------------------------------------------------------------------------

  var launch = null;
  var client = null;
  var courseId = "";
  var baseId = "";
  var defs = {};
  var startedAt = 0;
  var finished = false;
  var lastLocation = null;
  var saved = { location: "", state: "", status: "incomplete", score: null };

  function activity(id) {
    var object = { objectType: "Activity", id: id };
    if (defs[id]) object.definition = defs[id];
    return object;
  }

  function statement(verb, object, result, isChild) {
    var context = { contextActivities: { grouping: [{ objectType: "Activity", id: courseId }] } };
    if (isChild) context.contextActivities.parent = [{ objectType: "Activity", id: courseId }];
    if (launch.registration) context.registration = launch.registration;
    var s = {
      id: lrs.uuid(),
      actor: launch.actor,
      verb: { id: VERBS[verb], display: { "en-US": verb } },
      object: object,
      context: context,
      timestamp: new Date().toISOString(),
    };
    if (result) s.result = result;
    return s;
  }

  function enqueue(s) {
    client.enqueue(s);
  }

  function saveState(keepalive) {
    client.saveState(keepalive);
  }

  function sessionResult() {
    return { duration: duration(Date.now() - startedAt) };
  }

  window.scormpackAdapter = {
    name: "xapi",
    // The State API takes documents of any size, but the bookmark must go out with keepalive on
    // close, within the keepalive budget together with the last statements (escaped, the
    // answers may take twice their length).
    maxStateLength: 16000,

    // Reads the launch parameters and the saved state, and opens the session with `initialized`
    // (and `attempted` on a first launch). Returns null without launch parameters, otherwise a
    // promise of what earlier sessions saved.
    connect: function () {
      launch = readLaunch();
      if (!launch) return null;
      startedAt = Date.now();
      return lrs.loadDefinitions("tincan.xml").then(function (tincan) {
        defs = tincan.defs;
        baseId = tincan.courseId || launch.activityId;
        courseId = launch.activityId || baseId;
        if (!courseId) {
          launch = null;
          return null;
        }
        client = lrs.client({
          endpoint: launch.endpoint,
          auth: launch.auth,
          actor: launch.actor,
          registration: launch.registration,
          activityId: courseId,
          stateId: STATE_ID,
          prefix: "scormpack.xapi",
          document: function () { return saved; },
        });
        return client.loadState();
      }).then(function (state) {
        if (!launch) return null;
        var firstLaunch = !state;
        if (state && typeof state === "object") {
          saved.location = String(state.location || "");
          saved.state = String(state.state || "");
          saved.status = String(state.status || "incomplete");
          saved.score = typeof state.score === "number" ? state.score : null;
        }
        enqueue(statement("initialized", activity(courseId)));
        if (firstLaunch) enqueue(statement("attempted", activity(courseId)));
        return { status: saved.status, location: saved.location, state: saved.state, score: saved.score };
      });
    },

    // A page shown (`experienced`, once per page change) and the bookmark saved.
    bookmark: function (location, state) {
      if (!launch || finished) return;
      if (location !== lastLocation) {
        lastLocation = location;
        enqueue(statement("experienced", activity(baseId + "/pages/" + location), null, true));
      }
      saved.location = location;
      saved.state = state;
      saveState(false);
    },

    // One verified answer: `answered` with the question as a cmi.interaction activity.
    answer: function (a) {
      if (!launch || finished) return;
      enqueue(statement("answered", activity(baseId + "/questions/" + a.id), {
        response: a.response,
        success: !!a.correct,
        duration: duration(a.latencyMs),
      }, true));
    },

    // The knowledge check's outcome: `passed` or `failed` with the score, then `completed` once
    // the learner is done. A course without questions reports `completed` alone.
    result: function (r) {
      if (!launch || finished) return;
      var score = null;
      if (r.score !== null) {
        // scaled from the exact ratio (2 of 3: 0.6667), so an LRS judging a mastery score sees
        // what the learner really scored; raw is the whole percentage the course shows.
        var exact = typeof r.ratio === "number" && isFinite(r.ratio) ? r.ratio : r.score / 100;
        score = { scaled: Math.round(exact * 1e4) / 1e4, raw: r.score, min: 0, max: 100 };
        enqueue(statement(r.done ? "passed" : "failed", activity(courseId), {
          score: score,
          success: r.done,
          duration: duration(Date.now() - startedAt),
        }));
      }
      if (r.done) {
        var result = { completion: true, duration: duration(Date.now() - startedAt) };
        if (score) {
          result.score = score;
          result.success = true;
        }
        enqueue(statement("completed", activity(courseId), result));
      }
      saved.status = r.status;
      if (r.score !== null) saved.score = r.score;
      saveState(false);
    },

    // Ends the session once: `terminated` when the learner is done, `suspended` otherwise.
    finish: function (done) {
      if (!launch || finished) return;
      client.enqueueQuietly(statement(done ? "terminated" : "suspended", activity(courseId), sessionResult()));
      finished = true;
      client.stop();
      client.sendOnClose();
    },

    // The page goes into the back-forward cache and may come back: what is queued goes out as on
    // close, and the session goes on if the page returns (resume).
    pause: function () {
      if (!launch || finished) return;
      client.cancelRetry();
      client.sendOnClose();
    },

    resume: function () {
      if (!launch || finished) return false;
      client.flush();
      return true;
    },
  };
})();
