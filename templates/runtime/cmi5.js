/* scormpack runtime: the cmi5 adapter. The course is one assignable unit (AU) that a cmi5 LMS
   launches with `endpoint`, `fetch`, `actor`, `registration` and `activityId` in the query
   string (cmi5 8.1). The adapter fetches the session's auth token once, reads LMS.LaunchData
   (contextTemplate, launchMode, masteryScore, returnURL) from the State API and the learner's
   preferences from the Agent Profile, then reports what the course reports as cmi5 statements:
   `initialized`, `answered` per answer (a cmi5 allowed statement), `passed`/`failed`,
   `completed`, and `terminated` last. The runtime core (core.js) uses it through
   window.scormpackAdapter; the queue, its delivery and the State API are the LRS client of
   lrs.js, shared with the xAPI adapter, so statements survive as they do there. */
(function () {
  "use strict";

  var lrs = window.scormpackLrs;
  var STATE_ID = "https://scormpack.dev/cmi5/state/bookmark";
  var VERBS = {
    initialized: "http://adlnet.gov/expapi/verbs/initialized",
    answered: "http://adlnet.gov/expapi/verbs/answered",
    passed: "http://adlnet.gov/expapi/verbs/passed",
    failed: "http://adlnet.gov/expapi/verbs/failed",
    completed: "http://adlnet.gov/expapi/verbs/completed",
    terminated: "http://adlnet.gov/expapi/verbs/terminated",
  };
  var CATEGORY_CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var CATEGORY_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  var EXT_SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
  var EXT_MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
  var TYPE_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction";
  var duration = lrs.duration;

  function readLaunch() {
    var query = new URLSearchParams(window.location.search);
    var launch = {
      endpoint: query.get("endpoint") || "",
      fetchUrl: query.get("fetch") || "",
      actor: query.get("actor") ? lrs.normaliseActor(query.get("actor")) : null,
      registration: query.get("registration") || "",
      activityId: query.get("activityId") || "",
    };
    if (!launch.endpoint || !launch.fetchUrl || !launch.actor || !launch.registration || !launch.activityId) {
      return null;
    }
    launch.endpoint = lrs.endpointOf(launch.endpoint);
    return launch;
  }

  // What the learner sees when the LMS's launch cannot be used: the course still runs, but
  // nothing is recorded, and they should know before they start.
  function showError(text) {
    var box = document.createElement("p");
    box.setAttribute("role", "alert");
    box.setAttribute("data-cmi5-error", "");
    box.className = "sp-launch-error";
    box.textContent = text;
    document.body.insertBefore(box, document.body.firstChild);
  }

  // The auth token, fetched with one POST to the fetch URL (cmi5 8.2): the LMS answers a
  // second POST with an error, so the token is kept for the session (a reload of the page
  // is the same session and reuses it).
  function fetchToken(url) {
    var key = "scormpack.cmi5.token|" + url;
    var kept = null;
    try { kept = window.sessionStorage.getItem(key); } catch (e) { kept = null; }
    if (kept) return Promise.resolve(kept);
    return window.fetch(url, { method: "POST", cache: "no-store" }).then(function (res) {
      return res.json().then(function (body) {
        if (res.ok && body && typeof body["auth-token"] === "string") {
          try { window.sessionStorage.setItem(key, body["auth-token"]); } catch (e) { /* one load only */ }
          return body["auth-token"];
        }
        var reason = body && body["error-text"] ? body["error-text"] : "HTTP " + res.status;
        throw new Error(reason);
      }, function () {
        throw new Error("HTTP " + res.status);
      });
    });
  }

  function copy(value) {
    return JSON.parse(JSON.stringify(value));
  }

  // ---- the adapter -------------------------------------------------------------------------

  var launch = null;
  var client = null;
  var launchData = null;
  var baseId = "";
  var defs = {};
  var startedAt = 0;
  var finished = false;
  var saved = { location: "", state: "", status: "incomplete", score: null, passed: false, completed: false };
  var failedThisSession = false;

  // The course's own pass mark as a fraction, when it reports `passed` for reaching it.
  function packageMastery() {
    if ((document.body.getAttribute("data-pass-status") || "passed") !== "passed") return null;
    var score = Number(document.body.getAttribute("data-passing-score"));
    return isFinite(score) ? score / 100 : null;
  }

  // LMS.LaunchData's masteryScore overrides the package's (cmi5 10.2.4).
  function masteryScore() {
    if (launchData && typeof launchData.masteryScore === "number") return launchData.masteryScore;
    return packageMastery();
  }

  function judging() {
    return launchData.launchMode === "Normal";
  }

  // A statement with the contextTemplate merged in (cmi5 10.2.1: every statement of the AU
  // carries its properties, among them the session id) and the registration. `defined` adds the
  // cmi5 category, `moveOn` the moveon category of statements the LMS judges moveOn by.
  function statement(verb, object, result, defined, moveOn) {
    var context = copy(launchData.contextTemplate || {});
    context.registration = launch.registration;
    var activities = context.contextActivities || (context.contextActivities = {});
    if (defined) {
      var category = activities.category || (activities.category = []);
      category.push({ objectType: "Activity", id: CATEGORY_CMI5 });
      if (moveOn) category.push({ objectType: "Activity", id: CATEGORY_MOVEON });
    } else {
      activities.parent = (activities.parent || []).concat([{ objectType: "Activity", id: launch.activityId }]);
    }
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

  function au() {
    return { objectType: "Activity", id: launch.activityId };
  }

  function enqueue(s) {
    if (finished) return;
    client.enqueue(s);
  }

  // The definition of a question as an interaction: from the package's activities.xml, which
  // the xAPI package's tincan.xml writer produces, else from what the course says of the answer.
  function question(record) {
    var id = baseId + "/questions/" + record.id;
    var definition = defs[id];
    if (!definition) {
      definition = { type: TYPE_INTERACTION, interactionType: record.type || "choice" };
      if (Array.isArray(record.patterns)) definition.correctResponsesPattern = record.patterns;
      if (record.description) {
        definition.description = {};
        definition.description[document.documentElement.lang || "und"] = record.description;
      }
    }
    return { objectType: "Activity", id: id, definition: definition };
  }

  // Learner preferences (cmi5 11): the audio preference mutes the course's media; the language
  // is the package's own, which holds one language, so a preference for another one changes
  // nothing.
  function applyPreferences(preferences) {
    if (!preferences || preferences.audioPreference !== "off") return;
    [].forEach.call(document.querySelectorAll("audio, video"), function (media) { media.muted = true; });
  }

  // The session ends: `terminated`, then the returnURL when the LMS gave one. Idempotent.
  function terminate() {
    if (finished) return;
    client.enqueueQuietly(statement("terminated", au(), { duration: duration(Date.now() - startedAt) }, true));
    finished = true;
    client.stop();
    client.sendOnClose();
  }

  // With a returnURL the learner leaves the course through an Exit button: the session ends,
  // and once the LRS has the statements (or after two seconds) the LMS page takes over.
  function offerExit() {
    if (!launchData.returnURL) return;
    var pager = document.querySelector("[data-pager]");
    var exit = document.createElement("button");
    exit.type = "button";
    exit.setAttribute("data-cmi5-exit", "");
    var words = {};
    try { words = JSON.parse(document.body.getAttribute("data-strings") || "{}"); } catch (e) { words = {}; }
    exit.textContent = words.exit || "Exit";
    exit.addEventListener("click", function () {
      terminate();
      var leaving = Date.now();
      (function wait() {
        if (client.drained() || Date.now() - leaving > 2000) window.location.href = launchData.returnURL;
        else setTimeout(wait, 100);
      })();
    });
    (pager || document.body).appendChild(exit);
  }

  window.scormpackAdapter = {
    name: "cmi5",
    // As in the xAPI adapter: the bookmark goes out with keepalive on close.
    maxStateLength: 16000,

    // Reads the launch, fetches the token, reads LaunchData, the learner's preferences and the
    // saved bookmark, and opens the session with `initialized`. Null without a cmi5 launch or
    // when the token or LaunchData cannot be had (the learner is told), otherwise a promise of
    // what earlier sessions saved.
    connect: function () {
      launch = readLaunch();
      if (!launch) return null;
      startedAt = Date.now();
      return fetchToken(launch.fetchUrl).then(function (token) {
        client = lrs.client({
          endpoint: launch.endpoint,
          auth: "Basic " + token,
          actor: launch.actor,
          registration: launch.registration,
          activityId: launch.activityId,
          stateId: STATE_ID,
          prefix: "scormpack.cmi5",
          document: function () { return saved; },
        });
        return client.getJson(client.stateUrl("LMS.LaunchData"));
      }).then(function (data) {
        if (!data || typeof data !== "object" || !data.contextTemplate) {
          throw new Error("the LMS left no LMS.LaunchData for this launch");
        }
        launchData = data;
        var profile = new URLSearchParams();
        profile.set("agent", JSON.stringify(launch.actor));
        profile.set("profileId", "cmi5LearnerPreferences");
        return Promise.all([
          client.getJson(launch.endpoint + "agents/profile?" + profile.toString()).catch(function () { return null; }),
          lrs.loadDefinitions("scormpack/activities.xml"),
          client.loadState(),
        ]);
      }).then(function (all) {
        applyPreferences(all[0]);
        defs = all[1].defs;
        baseId = all[1].courseId || launch.activityId;
        var state = all[2];
        if (state && typeof state === "object") {
          saved.location = String(state.location || "");
          saved.state = String(state.state || "");
          saved.status = String(state.status || "incomplete");
          saved.score = typeof state.score === "number" ? state.score : null;
          saved.passed = state.passed === true;
          saved.completed = state.completed === true;
        }
        client.enqueue(statement("initialized", au(), null, true));
        offerExit();
        return { status: saved.status, location: saved.location, state: saved.state, score: saved.score };
      }, function (error) {
        launch = null;
        showError("This course could not connect to your learning platform, so your progress " +
          "will not be recorded (" + error.message + "). Close it and launch it again from the platform.");
        return null;
      });
    },

    bookmark: function (location, state) {
      if (!launch || finished) return;
      saved.location = location;
      saved.state = state;
      client.saveState(false);
    },

    // One verified answer: `answered`, a cmi5 allowed statement (no cmi5 category), with the
    // question as a cmi.interaction activity.
    answer: function (record) {
      if (!launch || finished) return;
      var success = !!record.correct;
      enqueue(statement("answered", question(record), {
        response: String(record.response),
        success: success,
        duration: duration(record.latencyMs || 0),
      }, false));
    },

    // The outcome, by cmi5's rules: `passed` at or above the mastery score (LaunchData's, else the
    // package's), `failed` below it, each once and never `failed` after `passed`; `completed`
    // once when the learner is done. Browse and Review launches judge nothing (cmi5 10.2.2).
    result: function (r) {
      if (!launch || finished) return;
      saved.status = r.status;
      if (r.score !== null) saved.score = r.score;
      if (judging()) {
        var elapsed = duration(Date.now() - startedAt);
        var mastery = masteryScore();
        if (r.score !== null && mastery !== null && !saved.passed) {
          var exact = typeof r.ratio === "number" && isFinite(r.ratio) ? r.ratio : r.score / 100;
          var scaled = Math.round(exact * 1e4) / 1e4;
          var passed = exact >= mastery;
          if (passed || !failedThisSession) {
            var s = statement(passed ? "passed" : "failed", au(), {
              score: { scaled: scaled, raw: r.score, min: 0, max: 100 },
              success: passed,
              duration: elapsed,
            }, true, true);
            if (typeof launchData.masteryScore === "number") {
              s.context.extensions = s.context.extensions || {};
              s.context.extensions[EXT_MASTERY] = launchData.masteryScore;
            }
            enqueue(s);
            if (passed) saved.passed = true;
            else failedThisSession = true;
          }
        }
        if (r.done && !saved.completed) {
          enqueue(statement("completed", au(), { completion: true, duration: elapsed }, true, true));
          saved.completed = true;
        }
      }
      client.saveState(false);
    },

    // Ends the session once with `terminated`: cmi5 has no suspended session, and the next
    // launch is a new session that resumes from the bookmark.
    finish: function () {
      if (!launch) return;
      terminate();
    },

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
