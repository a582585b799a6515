/* scormpack preview: the simulated LMS page. It creates the strict SCORM 1.2 API of api12.js as
   window.API for each launch (or, with SCORM 2004 chosen, the strict API_1484_11 of api2004.js
   for the course's SCORM 2004 package), loads the SCO in the frame, logs every call on one line, shows the
   cmi data, keeps the data saved at the last commit in sessionStorage (so a relaunch or a rebuild
   resumes the learner where they were), and asks the server for rebuilds (long-poll). With the
   cmi5 standard chosen it plays a cmi5 LMS instead: it writes LMS.LaunchData and the `launched`
   statement to the preview's LRS (/__lrs/), launches the cmi5 package with a one-time fetch URL,
   and lists the statements of the registration, each rule it breaks flagged (cmi5.js). */
(function () {
  "use strict";

  var STORE = "scormpack-preview";
  var frame = document.getElementById("sco");
  var logList = document.getElementById("log");
  var cmiView = document.getElementById("cmi");
  var statusLine = document.getElementById("status");
  var errorBox = document.getElementById("errors");
  var errorText = document.getElementById("error-text");
  var profileSelect = document.getElementById("profile");
  var standardSelect = document.getElementById("standard");
  var modeSelect = document.getElementById("mode");
  var statementList = document.getElementById("statements");
  var lms = null;
  var launches = 0;
  // The standard of the LMS now running: "scorm12" or "scorm2004" (cmi5 has no API object).
  var running = "scorm12";
  var STANDARDS = {
    scorm12: { name: "SCORM 1.2", module: function () { return ScormpackLms12; }, folder: "/sco/", store: "committed" },
    scorm2004: { name: "SCORM 2004", module: function () { return ScormpackLms2004; }, folder: "/scorm2004/", store: "committed2004" },
  };

  function saved() {
    try { return JSON.parse(sessionStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }
  function save(patch) {
    var s = saved();
    Object.keys(patch).forEach(function (k) { s[k] = patch[k]; });
    sessionStorage.setItem(STORE, JSON.stringify(s));
  }

  // The learner an LMS launches, and on a relaunch what it carries over from the last commit
  // (as Moodle does): location, suspend data, status, score, total time; "resume" after a
  // suspend. Interactions are write-only in SCORM 1.2 and are not given back.
  function launchCmi() {
    var cmi = {
      "cmi.core.student_id": "preview-learner",
      "cmi.core.student_name": "Learner, Preview",
      "cmi.core.entry": "ab-initio"
    };
    var data = saved().committed;
    if (data) {
      ["cmi.core.lesson_location", "cmi.core.lesson_status", "cmi.core.score.raw", "cmi.core.score.min",
        "cmi.core.score.max", "cmi.core.total_time", "cmi.suspend_data"].forEach(function (k) {
        if (data[k] !== undefined) cmi[k] = data[k];
      });
      cmi["cmi.core.entry"] = data["cmi.core.exit"] === "suspend" ? "resume" : "";
    }
    return cmi;
  }

  // The SCORM 2004 learner: on a relaunch after a suspend, the attempt goes on with everything
  // the LMS stored (SCORM 2004 keeps interactions readable); after a normal exit a new attempt
  // starts with nothing carried over (RTE 4.2.8, cmi.exit).
  function launchCmi2004() {
    var cmi = {
      "cmi.learner_id": "preview-learner",
      "cmi.learner_name": "Learner, Preview",
      "cmi.entry": "ab-initio"
    };
    var data = saved().committed2004;
    if (data && data["cmi.exit"] === "suspend") {
      Object.keys(data).forEach(function (k) {
        if (/^cmi\.(location|suspend_data|completion_status|success_status|progress_measure|total_time|score\.|interactions\.|objectives\.|comments_from_learner\.)/.test(k)) {
          cmi[k] = data[k];
        }
      });
      cmi["cmi.entry"] = "resume";
    }
    return cmi;
  }

  function line(entry) {
    var args = entry.args.filter(function (a, i) { return i === 0 || a !== undefined; })
      .map(function (a) { return a === undefined ? "" : JSON.stringify(a); }).join(", ");
    return entry.name + "(" + args + ") \u2192 " + JSON.stringify(entry.result) + "  [" + entry.errorCode + "]";
  }

  function addLog(text, cls, reason) {
    var li = document.createElement("li");
    li.textContent = text;
    if (cls) li.className = cls;
    if (reason) {
      var span = document.createElement("span");
      span.className = "reason";
      span.textContent = reason;
      li.appendChild(span);
    }
    logList.appendChild(li);
    li.scrollIntoView({ block: "nearest" });
  }

  function showData() {
    if (!lms) return;
    var data = lms.data();
    cmiView.textContent = Object.keys(data).sort().map(function (k) { return k + " = " + JSON.stringify(data[k]); }).join("\n");
  }

  function onCall(entry) {
    if (entry.inquiry) {
      // What the SCO asked about the last call: shown, never counted as a violation.
      addLog(line(entry), "inquiry");
      return;
    }
    var error = entry.errorCode !== "0";
    var reason = error
      ? "error " + entry.errorCode + " (" + STANDARDS[running].module().ERRORS[entry.errorCode] + "): " +
        (entry.args[0] === undefined ? "" : entry.args[0] + " ") + entry.reason
      : entry.warning || "";
    addLog(line(entry), error ? "violation" : entry.warning ? "warning" : "", reason);
    var storing = ["LMSCommit", "LMSFinish", "Commit", "Terminate"].indexOf(entry.name) >= 0;
    if (storing && entry.result === "true") {
      var patch = {};
      patch[STANDARDS[running].store] = lms.commits[lms.commits.length - 1].cmi;
      save(patch);
    }
    showData();
  }

  // The adlcp:masteryscore of the package being previewed, or "" when it has none.
  function masteryScore() {
    return fetch("/sco/imsmanifest.xml", { cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (xml) {
        var doc = new DOMParser().parseFromString(xml, "application/xml");
        var element = doc.getElementsByTagNameNS("*", "masteryscore")[0];
        return element ? element.textContent.trim() : "";
      }, function () { return ""; });
  }

  // The pass mark of the SCORM 2004 package: the primary objective's minNormalizedMeasure when
  // it is satisfied by measure, or "" (the LMS then gives no cmi.scaled_passing_score).
  function scaledPassingScore() {
    return fetch("/scorm2004/imsmanifest.xml", { cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (xml) {
        var doc = new DOMParser().parseFromString(xml, "application/xml");
        var primary = doc.getElementsByTagNameNS("*", "primaryObjective")[0];
        if (!primary || primary.getAttribute("satisfiedByMeasure") !== "true") return "";
        var measure = primary.getElementsByTagNameNS("*", "minNormalizedMeasure")[0];
        return measure ? measure.textContent.trim() : "";
      }, function () { return ""; });
  }

  // ---- cmi5 ----------------------------------------------------------------------------------

  var SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
  var LEARNER = {
    objectType: "Agent",
    name: "Preview Learner",
    account: { homePage: window.location.origin, name: "preview-learner" },
  };
  var cmi5 = null; // { au, course, moveOn, masteryScore } from cmi5.xml
  var shown = -1;

  function uuid() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = [].map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function lrs(method, resource, params, body) {
    var q = new URLSearchParams(params);
    return fetch("/__lrs/" + resource + "?" + q.toString(), {
      method: method,
      headers: { "Content-Type": "application/json", "X-Experience-API-Version": "1.0.3" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  }

  function readCourseStructure() {
    return fetch("/cmi5/cmi5.xml", { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (xml) {
      var doc = new DOMParser().parseFromString(xml, "application/xml");
      var au = doc.getElementsByTagNameNS("*", "au")[0];
      var course = doc.getElementsByTagNameNS("*", "course")[0];
      var mastery = au.getAttribute("masteryScore");
      return {
        au: au.getAttribute("id"),
        course: course.getAttribute("id"),
        moveOn: au.getAttribute("moveOn") || "NotApplicable",
        masteryScore: mastery === null ? undefined : Number(mastery),
      };
    });
  }

  // What a cmi5 LMS does before it opens an AU (cmi5 10, 11, 9.3.1), then the launch itself.
  function launchCmi5(why, seq) {
    var s = saved();
    var registration = s.registration;
    var sessionId = uuid();
    var mode = modeSelect.value;
    readCourseStructure().then(function (structure) {
      if (!current(seq)) return;
      cmi5 = structure;
      var contextTemplate = {
        contextActivities: { grouping: [{ objectType: "Activity", id: structure.course }] },
        extensions: {},
      };
      contextTemplate.extensions[SESSION] = sessionId;
      var launchData = { contextTemplate: contextTemplate, launchMode: mode, launchMethod: "AnyWindow", moveOn: structure.moveOn };
      if (structure.masteryScore !== undefined) launchData.masteryScore = structure.masteryScore;
      var sessions = s.sessions || {};
      sessions[sessionId] = { launchMode: mode, masteryScore: structure.masteryScore };
      save({ sessions: sessions });
      var agent = JSON.stringify(LEARNER);
      var launched = {
        id: uuid(),
        actor: LEARNER,
        verb: { id: "http://adlnet.gov/expapi/verbs/launched", display: { "en-US": "launched" } },
        object: { objectType: "Activity", id: structure.au },
        context: {
          registration: registration,
          contextActivities: {
            grouping: contextTemplate.contextActivities.grouping,
            category: [{ objectType: "Activity", id: "https://w3id.org/xapi/cmi5/context/categories/cmi5" }],
          },
          extensions: contextTemplate.extensions,
        },
        timestamp: new Date().toISOString(),
      };
      return Promise.all([
        lrs("PUT", "activities/state", { activityId: structure.au, agent: agent, registration: registration, stateId: "LMS.LaunchData" }, launchData),
        lrs("PUT", "agents/profile", { agent: agent, profileId: "cmi5LearnerPreferences" }, { languagePreference: document.documentElement.lang || "en", audioPreference: "on" }),
        lrs("POST", "statements", {}, launched),
      ]).then(function () {
        // The list shows each launch as the LMS's own `launched` statement.
        statusLine.value = "cmi5 launch (" + why + ", " + mode + ")";
        var origin = window.location.origin;
        var q = new URLSearchParams({
          endpoint: origin + "/__lrs/",
          fetch: origin + "/__lms/fetch?launch=" + sessionId,
          actor: agent,
          registration: registration,
          activityId: structure.au,
        });
        if (current(seq)) frame.src = "/cmi5/index.html?" + q.toString();
      });
    });
  }

  function summary(st) {
    var verb = ScormpackCmi5.verbOf(st);
    var r = st.result || {};
    var parts = [verb, st.object && st.object.id];
    if (r.response !== undefined) parts.push("response " + JSON.stringify(r.response));
    if (r.success !== undefined) parts.push("success " + r.success);
    if (r.completion !== undefined) parts.push("completion " + r.completion);
    if (r.score && r.score.scaled !== undefined) parts.push("scaled " + r.score.scaled);
    if (r.duration) parts.push(r.duration);
    return parts.join("  ");
  }

  // The statements of this registration, each with the rules it breaks, shown as they arrive.
  function showStatements() {
    if (standardSelect.value !== "cmi5" || !cmi5) return;
    var s = saved();
    lrs("GET", "statements", { registration: s.registration }).then(function (r) { return r.json(); }).then(function (page) {
      var all = page.statements;
      if (all.length === shown) return;
      shown = all.length;
      var problems = ScormpackCmi5.check(all, { au: cmi5.au, sessions: s.sessions || {} });
      [].slice.call(statementList.querySelectorAll("li[data-statement]")).forEach(function (li) { li.remove(); });
      all.forEach(function (st) {
        var li = document.createElement("li");
        li.setAttribute("data-statement", st.id);
        li.setAttribute("data-verb", ScormpackCmi5.verbOf(st));
        li.textContent = summary(st);
        var reasons = problems.filter(function (p) { return p.id === st.id; });
        if (reasons.length) {
          li.className = "violation";
          reasons.forEach(function (p) {
            var span = document.createElement("span");
            span.className = "reason";
            span.textContent = p.reason;
            li.appendChild(span);
          });
        }
        statementList.appendChild(li);
      });
    }, function () {});
  }
  setInterval(showStatements, 500);

  function showStandard() {
    var isCmi5 = standardSelect.value === "cmi5";
    document.getElementById("standard-name").textContent = isCmi5 ? "cmi5" : STANDARDS[standardSelect.value].name;
    [].forEach.call(document.querySelectorAll("[data-cmi5-only]"), function (el) { el.hidden = !isCmi5; });
    [].forEach.call(document.querySelectorAll("[data-scorm-only]"), function (el) { el.hidden = isCmi5; });
  }

  // Unloads the SCO (its unload handler may still call LMSFinish on the old API), then launches
  // it again with a new API holding the saved data.
  // Each launch has a number; the slow parts of a launch (reading the manifest, writing the
  // cmi5 launch data) give way when a later launch began meanwhile, so a quick switch of the
  // standard never ends with the earlier standard's SCO in the frame.
  var launchSeq = 0;
  function current(seq) { return seq === launchSeq; }

  function launch(why, forget) {
    var seq = ++launchSeq;
    // The old SCO's window closes now: a SCORM 2004 LMS refuses a Commit from its unload path
    // (391, as Cornerstone does), where Terminate alone must store the data.
    if (lms && lms.unloading) lms.unloading();
    frame.onload = function () {
      frame.onload = null;
      // After the old SCO's unload (and its last commit): that data is what a reset forgets.
      if (forget) save({ committed: null, committed2004: null });
      if (forget || !saved().registration) save({ registration: uuid(), sessions: {} });
      showStandard();
      if (standardSelect.value === "cmi5") {
        shown = -1;
        launchCmi5(why, seq);
        return;
      }
      launches += 1;
      var profile = saved().profile || "strict";
      profileSelect.value = profile;
      if (standardSelect.value === "scorm2004") {
        launchScorm2004(why, profile, seq);
        return;
      }
      masteryScore().then(function (score) {
        if (!current(seq)) return;
        running = "scorm12";
        var cmi = launchCmi();
        // An LMS hands the manifest's adlcp:masteryscore to the SCO (SCORM 1.2 RTE 3.4.4).
        cmi["cmi.student_data.mastery_score"] = score;
        lms = ScormpackLms12.createLms({ cmi: cmi, profile: profile, onCall: onCall });
        window.API = lms.api;
        window.API_1484_11 = undefined;
        addLog("\u2500\u2500 launch " + launches + " (" + why + ", " + profile + " profile, entry " +
          JSON.stringify(lms.data()["cmi.core.entry"]) + ")", "launch");
        showData();
        frame.src = "/sco/index.html";
      });
    };
    frame.src = "about:blank";
  }

  function launchScorm2004(why, profile, seq) {
    scaledPassingScore().then(function (score) {
      if (!current(seq)) return;
      var cmi = launchCmi2004();
      // An LMS hands the manifest's pass mark to the SCO (SCORM 2004 RTE 4.2.18).
      if (score !== "") cmi["cmi.scaled_passing_score"] = score;
      running = "scorm2004";
      lms = ScormpackLms2004.createLms({ cmi: cmi, profile: profile, onCall: onCall });
      window.API_1484_11 = lms.api;
      window.API = undefined;
      addLog("\u2500\u2500 launch " + launches + " (SCORM 2004, " + why + ", " + profile + " profile, entry " +
        JSON.stringify(lms.data()["cmi.entry"]) + ")", "launch");
      showData();
      frame.src = "/scorm2004/index.html";
    });
  }

  document.getElementById("reset").addEventListener("click", function () {
    launch("reset", true);
  });
  document.getElementById("resume").addEventListener("click", function () { launch("relaunch"); });
  standardSelect.value = saved().standard || "scorm12";
  modeSelect.value = saved().mode || "Normal";
  standardSelect.addEventListener("change", function () {
    save({ standard: standardSelect.value });
    launch("standard switched");
  });
  modeSelect.addEventListener("change", function () {
    save({ mode: modeSelect.value });
    launch("launch mode switched");
  });
  profileSelect.addEventListener("change", function () {
    save({ profile: profileSelect.value });
    launch("profile switched");
  });

  // Waits for the next build; relaunches on a good one, shows the errors of a bad one.
  function poll(generation) {
    var url = "/__preview/status" + (generation === null ? "" : "?since=" + generation);
    fetch(url, { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (status) {
      // Without [xapi] activity_id there is no cmi5 package to launch.
      var cmi5Option = standardSelect.querySelector('option[value="cmi5"]');
      cmi5Option.disabled = !status.cmi5;
      cmi5Option.title = status.cmi5 ? "" : "add [xapi] activity_id to course.toml";
      errorBox.hidden = status.errors.length === 0;
      errorText.textContent = status.errors.join("\n");
      if (generation !== null && status.generation !== generation) {
        statusLine.value = "rebuilt (build " + status.generation + ")" + (status.errors.length ? " with errors" : "");
        if (status.errors.length === 0) launch("rebuilt");
      }
      poll(status.generation);
    }, function () {
      statusLine.value = "the preview server stopped; start it again and reload this page";
      setTimeout(function () { poll(generation); }, 1000);
    });
  }

  launch(saved().committed ? "resume" : "first launch");
  poll(null);
})();
