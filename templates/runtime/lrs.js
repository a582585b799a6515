/* scormpack runtime: the LRS client the xAPI and cmi5 adapters share (window.scormpackLrs).
   It turns launch parameters into an xAPI 1.0.3 agent, reads the activity definitions the
   package ships (tincan.xml, or scormpack/activities.xml in a cmi5 package), keeps statements
   in a queue and delivers them, and keeps a document in the State API.

   Statements are queued in localStorage before they are sent and leave the queue only once the
   LRS has them, so a statement that could not be sent goes out, with the same id, on the next
   try or the next launch. A statement the LRS refuses (400) is found by splitting its batch and
   kept aside with the LRS's reason, never resent. */
(function () {
  "use strict";

  var XAPI_VERSION = "1.0.3";
  var TYPE_COURSE = "http://adlnet.gov/expapi/activities/course";
  // fetch() with keepalive may carry at most 64 KiB of bodies in flight (Fetch, 4.5).
  var KEEPALIVE_BUDGET = 60000;

  // ---- values ------------------------------------------------------------------------------

  function first(value) {
    return Array.isArray(value) ? value[0] : value;
  }

  // The actor as xAPI 1.0.3 wants it: an Agent with exactly one identifier. Tin Can 0.9 LMSs
  // send every property as an array (`"mbox": ["mailto:…"]`, `"account": [{accountName, …}]`);
  // those are reduced to their first value.
  function normaliseActor(text) {
    var raw;
    try { raw = JSON.parse(text); } catch (e) { return null; }
    if (!raw || typeof raw !== "object") return null;
    var agent = { objectType: "Agent" };
    var name = first(raw.name);
    if (typeof name === "string" && name) agent.name = name;
    var mbox = first(raw.mbox);
    var sha1 = first(raw.mbox_sha1sum);
    var openid = first(raw.openid);
    var account = first(raw.account);
    if (typeof mbox === "string" && mbox) {
      agent.mbox = /^mailto:/i.test(mbox) ? mbox : "mailto:" + mbox;
    } else if (typeof sha1 === "string" && sha1) {
      agent.mbox_sha1sum = sha1;
    } else if (typeof openid === "string" && openid) {
      agent.openid = openid;
    } else if (account && typeof account === "object") {
      var homePage = account.homePage || account.accountServiceHomePage;
      var accountName = account.name || account.accountName;
      if (!homePage || !accountName) return null;
      agent.account = { homePage: String(homePage), name: String(accountName) };
    } else {
      return null;
    }
    return agent;
  }

  // The LRS endpoint with the one trailing slash the resource names are appended to.
  function endpointOf(text) {
    return text.charAt(text.length - 1) === "/" ? text : text + "/";
  }

  // A version 4 UUID. crypto.randomUUID() exists only in secure contexts; an LMS may serve the
  // package over plain HTTP, where getRandomValues() still works.
  function uuid() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = [];
    for (var i = 0; i < 16; i++) hex.push((b[i] + 0x100).toString(16).slice(1));
    return hex.slice(0, 4).join("") + "-" + hex.slice(4, 6).join("") + "-" + hex.slice(6, 8).join("") +
      "-" + hex.slice(8, 10).join("") + "-" + hex.slice(10).join("");
  }

  // An ISO 8601 duration to the hundredth of a second, e.g. PT1H2M3.5S (xAPI 4.6).
  function duration(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000);
    var m = Math.floor(cs / 6000) % 60;
    var s = (cs % 6000) / 100;
    return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + s + "S";
  }

  // ---- activity definitions, from the package's own XML --------------------------------------

  function langMap(el, name) {
    var map = {};
    [].forEach.call(el.children, function (child) {
      if (child.localName === name) map[child.getAttribute("lang") || "und"] = child.textContent.trim();
    });
    return map;
  }

  function childText(el, name) {
    var found = [].filter.call(el.children, function (c) { return c.localName === name; })[0];
    return found ? found.textContent.trim() : "";
  }

  function parseTincan(text) {
    var doc = new DOMParser().parseFromString(text, "application/xml");
    var defs = {};
    var courseId = "";
    [].forEach.call(doc.getElementsByTagNameNS("*", "activity"), function (el) {
      var id = el.getAttribute("id");
      var def = { type: el.getAttribute("type"), name: langMap(el, "name"), description: langMap(el, "description") };
      if (def.type === TYPE_COURSE && !courseId) courseId = id;
      var interaction = childText(el, "interactionType");
      if (interaction) {
        def.interactionType = interaction;
        def.correctResponsesPattern = [].map.call(
          el.getElementsByTagNameNS("*", "correctResponsePattern"),
          function (p) { return p.textContent.trim(); });
        // The components lists the type needs: choices (choice, sequencing), source and
        // target (matching); none for true-false, fill-in and numeric.
        ["choices", "source", "target"].forEach(function (list) {
          var holder = [].filter.call(el.children, function (c) { return c.localName === list; })[0];
          if (!holder) return;
          def[list] = [].map.call(holder.children, function (c) {
            return { id: childText(c, "id"), description: langMap(c, "description") };
          });
        });
      }
      defs[id] = def;
    });
    return { courseId: courseId, defs: defs };
  }

  // The definitions in the package file `path`: { courseId, defs by activity id }.
  function loadDefinitions(path) {
    return window.fetch(path, { cache: "no-store" })
      .then(function (res) { return res.ok ? res.text() : ""; })
      .then(function (text) { return text ? parseTincan(text) : { courseId: "", defs: {} }; })
      .catch(function () { return { courseId: "", defs: {} }; });
  }

  // ---- the client ----------------------------------------------------------------------------

  // A client for one learner's launch. `config`: endpoint (with its trailing slash), auth (the
  // Authorization header), actor, registration, activityId (of the State API documents),
  // stateId (of the document `document()` returns), prefix (of the localStorage keys,
  // "scormpack.xapi"), which with the activity, registration and actor names the queue.
  function client(config) {
    var storageKey = config.activityId + "|" + config.registration + "|" + JSON.stringify(config.actor);
    var queueKey = config.prefix + ".queue|" + storageKey;
    var refusedKey = config.prefix + ".refused|" + storageKey;
    var memoryQueue = [];
    var sending = false;
    var inFlight = [];
    var retryDelay = 1000;
    var retryTimer = null;
    var stopped = false;

    function headers() {
      return {
        "Authorization": config.auth,
        "X-Experience-API-Version": XAPI_VERSION,
        "Content-Type": "application/json",
      };
    }

    // The queue lives in localStorage, so a statement survives a closed window; private modes
    // that refuse storage fall back to memory.
    function readList(key, fallback) {
      try {
        var text = window.localStorage.getItem(key);
        return text ? JSON.parse(text) : [];
      } catch (e) {
        return fallback;
      }
    }

    function readQueue() {
      return readList(queueKey, memoryQueue);
    }

    function writeQueue(queue) {
      memoryQueue = queue;
      try { window.localStorage.setItem(queueKey, JSON.stringify(queue)); } catch (e) { /* memory only */ }
    }

    function enqueueQuietly(s) {
      var queue = readQueue();
      queue.push(s);
      writeQueue(queue);
    }

    function enqueue(s) {
      enqueueQuietly(s);
      flush();
    }

    function idsOf(batch) {
      return batch.map(function (s) { return s.id; });
    }

    function forget(ids) {
      writeQueue(readQueue().filter(function (s) { return ids.indexOf(s.id) < 0; }));
    }

    // A statement the LRS refuses for good leaves the queue for a list of its own (in
    // localStorage, under "<prefix>.refused|…"), with the LRS's reason, so that it is neither
    // lost nor sent again and again.
    function setAside(s, status, reason) {
      var refused = readList(refusedKey, []);
      refused.push({ statement: s, status: status, reason: reason, at: new Date().toISOString() });
      try { window.localStorage.setItem(refusedKey, JSON.stringify(refused)); } catch (e) { /* logged below */ }
      forget([s.id]);
      console.warn("scormpack: the LRS refused statement " + s.id + " (" + s.verb.display["en-US"] + " " +
        s.object.id + "), kept aside: " + status + " " + reason);
    }

    function post(batch, keepalive) {
      return window.fetch(config.endpoint + "statements", {
        method: "POST",
        headers: headers(),
        body: JSON.stringify(batch),
        keepalive: !!keepalive,
      });
    }

    // Whether the LRS holds a statement: GET statements?statementId (xAPI 7.2.3). Anything but a
    // clear 200 or 404 is an error, and the batch waits for a later try.
    function held(s) {
      return window.fetch(config.endpoint + "statements?statementId=" + encodeURIComponent(s.id), {
        headers: headers(),
        cache: "no-store",
      }).then(function (res) {
        if (res.status === 200) return true;
        if (res.status === 404) return false;
        throw new Error("statement lookup answered " + res.status);
      });
    }

    function retryError(status) {
      var error = new Error("the LRS answered " + status);
      error.status = status;
      return error;
    }

    // Delivers one batch; resolves once each of its statements is stored or set aside, rejects
    // when the batch must wait for a later try. 400: the LRS refuses the whole batch for what
    // may be one statement, so the batch is halved until the refused ones stand alone. 409: the
    // LRS holds some of these ids already (an earlier send whose answer was lost); each is
    // looked up, and only those it lacks are sent again.
    function deliver(batch) {
      return post(batch, false).then(function (res) {
        if (res.ok) {
          forget(idsOf(batch));
          return null;
        }
        if (res.status === 400 || res.status === 409) {
          return res.text().then(function (reason) {
            return res.status === 400 ? refused(batch, reason) : conflicted(batch, reason);
          });
        }
        throw retryError(res.status);
      });
    }

    function split(batch, status, reason) {
      if (batch.length === 1) {
        setAside(batch[0], status, reason);
        return null;
      }
      var half = Math.ceil(batch.length / 2);
      return deliver(batch.slice(0, half)).then(function () { return deliver(batch.slice(half)); });
    }

    function refused(batch, reason) {
      return split(batch, 400, reason);
    }

    function conflicted(batch, reason) {
      return Promise.all(batch.map(held)).then(function (found) {
        forget(idsOf(batch.filter(function (s, i) { return found[i]; })));
        var missing = batch.filter(function (s, i) { return !found[i]; });
        if (!missing.length) return null;
        // A conflict over statements the LRS does not hold: another statement has our id, or
        // the LRS will not say. Halve as for 400, so that the one in question ends up set aside.
        if (missing.length === batch.length) return split(batch, 409, reason);
        return deliver(missing);
      });
    }

    // Sends the queue in order, one batch at a time. Network errors and other answers are
    // retried later with a growing delay (1 s, doubling up to 30 s); 401/403 wait for the next
    // launch, which may bring new credentials.
    function flush() {
      // While a retry is due, new statements wait for it and go out in its batch.
      if (sending || retryTimer || stopped) return;
      var batch = readQueue().slice(0, 50);
      if (!batch.length) return;
      sending = true;
      inFlight = idsOf(batch);
      deliver(batch).then(function () {
        sending = false;
        inFlight = [];
        retryDelay = 1000;
        flush();
      }, function (error) {
        sending = false;
        inFlight = [];
        if (error.status !== 401 && error.status !== 403) retryLater();
      });
    }

    function retryLater() {
      if (retryTimer || stopped) return;
      retryTimer = setTimeout(function () {
        retryTimer = null;
        flush();
      }, retryDelay);
      retryDelay = Math.min(30000, retryDelay * 2);
    }

    function cancelRetry() {
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
    }

    function utf8Length(text) {
      return new Blob([text]).size;
    }

    // The page is going away: the state document and as many queued statements as fit go out
    // with keepalive, which the browser finishes after the page is gone, within one budget for
    // all such requests (KEEPALIVE_BUDGET, shared by the state and the statements). The state
    // goes first: it is what the next launch resumes from. Statements that do not fit, and
    // those of a batch still on its way, stay queued for the next launch.
    function sendOnClose() {
      var stateBody = JSON.stringify(config.document());
      var budget = KEEPALIVE_BUDGET;
      var stateSize = utf8Length(stateBody);
      saveState(stateSize <= budget);
      if (stateSize <= budget) budget -= stateSize;
      var batch = [];
      var size = 2; // []
      readQueue().forEach(function (s) {
        if (inFlight.indexOf(s.id) >= 0 || batch.length >= 50 || size < 0) return;
        var grown = size + utf8Length(JSON.stringify(s)) + (batch.length ? 1 : 0);
        if (grown > budget) {
          size = -1; // keep the order: nothing after a statement that did not fit
          return;
        }
        batch.push(s);
        size = grown;
      });
      if (!batch.length) return;
      post(batch, true).then(function (res) {
        if (res.ok) forget(idsOf(batch));
      }, function () {});
    }

    // The State API address of document `stateId` of this learner and activity, or of the list
    // of their documents when `stateId` is false.
    function stateUrl(stateId) {
      var q = new URLSearchParams();
      q.set("activityId", config.activityId);
      q.set("agent", JSON.stringify(config.actor));
      if (config.registration) q.set("registration", config.registration);
      if (stateId !== false) q.set("stateId", stateId);
      return config.endpoint + "activities/state?" + q.toString();
    }

    // A JSON document of the LRS (state or profile) at `url`: null when there is none.
    function getJson(url) {
      return window.fetch(url, { headers: headers(), cache: "no-store" })
        .then(function (res) { return res.status === 200 ? res.json() : null; });
    }

    // The state document of earlier sessions, or null. The list of state ids first: a GET of a
    // document that does not exist yet answers 404, which browsers log as an error on every
    // first launch.
    function loadState() {
      return getJson(stateUrl(false))
        .then(function (ids) {
          if (!Array.isArray(ids) || ids.indexOf(config.stateId) < 0) return null;
          return getJson(stateUrl(config.stateId));
        })
        .catch(function () { return null; });
    }

    var stateSaving = false;
    var stateDirty = false;

    function saveState(keepalive) {
      if (stateSaving && !keepalive) {
        stateDirty = true;
        return;
      }
      stateSaving = true;
      stateDirty = false;
      window.fetch(stateUrl(config.stateId), {
        method: "PUT",
        headers: headers(),
        body: JSON.stringify(config.document()),
        keepalive: !!keepalive,
      }).then(function () {}, function () {}).then(function () {
        stateSaving = false;
        if (stateDirty) saveState(false);
      });
    }

    return {
      headers: headers,
      stateUrl: stateUrl,
      getJson: getJson,
      loadState: loadState,
      saveState: saveState,
      enqueue: enqueue,
      enqueueQuietly: enqueueQuietly,
      flush: flush,
      // Nothing more is sent in this session but what sendOnClose() sends now.
      stop: function () {
        stopped = true;
        cancelRetry();
      },
      cancelRetry: cancelRetry,
      sendOnClose: sendOnClose,
      // Whether every statement of the queue is stored (or set aside).
      drained: function () {
        return !readQueue().length;
      },
    };
  }

  window.scormpackLrs = {
    normaliseActor: normaliseActor,
    endpointOf: endpointOf,
    uuid: uuid,
    duration: duration,
    loadDefinitions: loadDefinitions,
    client: client,
  };
})();
