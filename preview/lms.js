/* scormpack preview: the simulated LMS page. It creates the strict SCORM 1.2 API of api12.js as
   window.API for each launch, loads the SCO in the frame, logs every call on one line, shows the
   cmi data, keeps the data saved at the last commit in sessionStorage (so a relaunch or a rebuild
   resumes the learner where they were), and asks the server for rebuilds (long-poll). */
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
  var lms = null;
  var launches = 0;

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
      ? "error " + entry.errorCode + " (" + ScormpackLms12.ERRORS[entry.errorCode] + "): " +
        (entry.args[0] === undefined ? "" : entry.args[0] + " ") + entry.reason
      : entry.warning || "";
    addLog(line(entry), error ? "violation" : entry.warning ? "warning" : "", reason);
    if ((entry.name === "LMSCommit" || entry.name === "LMSFinish") && entry.result === "true") {
      save({ committed: lms.commits[lms.commits.length - 1].cmi });
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

  // Unloads the SCO (its unload handler may still call LMSFinish on the old API), then launches
  // it again with a new API holding the saved data.
  function launch(why, forget) {
    frame.onload = function () {
      frame.onload = null;
      // After the old SCO's unload (and its last commit): that data is what a reset forgets.
      if (forget) save({ committed: null });
      launches += 1;
      var profile = saved().profile || "strict";
      profileSelect.value = profile;
      masteryScore().then(function (score) {
        var cmi = launchCmi();
        // An LMS hands the manifest's adlcp:masteryscore to the SCO (SCORM 1.2 RTE 3.4.4).
        cmi["cmi.student_data.mastery_score"] = score;
        lms = ScormpackLms12.createLms({ cmi: cmi, profile: profile, onCall: onCall });
        window.API = lms.api;
        addLog("\u2500\u2500 launch " + launches + " (" + why + ", " + profile + " profile, entry " +
          JSON.stringify(lms.data()["cmi.core.entry"]) + ")", "launch");
        showData();
        frame.src = "/sco/index.html";
      });
    };
    frame.src = "about:blank";
  }

  document.getElementById("reset").addEventListener("click", function () {
    launch("reset", true);
  });
  document.getElementById("resume").addEventListener("click", function () { launch("relaunch"); });
  profileSelect.addEventListener("change", function () {
    save({ profile: profileSelect.value });
    launch("profile switched");
  });

  // Waits for the next build; relaunches on a good one, shows the errors of a bad one.
  function poll(generation) {
    var url = "/__preview/status" + (generation === null ? "" : "?since=" + generation);
    fetch(url, { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (status) {
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
