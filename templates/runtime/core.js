/* scormpack runtime core: page navigation, the knowledge check, bookmarks and resume. It knows
   nothing of SCORM or xAPI: it reports through window.scormpackAdapter (scorm12.js, …) and finds
   everything it needs through the data-* attributes of the theme's markup (docs/theming.md). */
(function () {
  "use strict";

  var body = document.body;
  var adapter = window.scormpackAdapter || null;
  var pages = [].slice.call(document.querySelectorAll("[data-page]"));
  var pager = document.querySelector("[data-pager]");
  var position = document.querySelector("[data-page-position]");
  var prevButton = document.querySelector('[data-nav="prev"]');
  var nextButton = document.querySelector('[data-nav="next"]');
  var live = document.querySelector("[data-live]");
  var quiz = document.querySelector("[data-quiz]");
  var questions = quiz ? [].slice.call(quiz.querySelectorAll("[data-question]")) : [];

  var passingScore = Number(body.getAttribute("data-passing-score") || 100);
  // The package's words in the course's language (strings/<language>.toml, docs/theming.md).
  var words = {};
  try { words = JSON.parse(body.getAttribute("data-strings") || "{}"); } catch (e) { words = {}; }
  var numbers = window.Intl ? new Intl.NumberFormat(document.documentElement.lang || undefined) : null;
  function num(n) { return numbers ? numbers.format(n) : String(n); }
  // words[key] with {name} filled in from vars (numbers formatted for the language).
  function say(key, vars) {
    return String(words[key] || key).replace(/\{(\w+)\}/g, function (all, name) {
      return vars && name in vars ? num(vars[name]) : all;
    });
  }
  var passStatus = body.getAttribute("data-pass-status") || "passed";
  var failStatus = body.getAttribute("data-fail-status") || "failed";

  // What a relaunch restores. Kept small: SCORM 1.2 allows 4096 characters of suspend_data.
  var state = { page: 0, current: 0, answers: {}, verified: [] };
  var status = "";
  // The best score reported to the LMS in this session or an earlier one; null before any.
  var best = null;
  var shownAt = Date.now();

  function announce(text) {
    if (!live) return;
    live.textContent = "";
    // A fresh text node after a tick makes screen readers announce repeated messages too.
    setTimeout(function () { live.textContent = text; }, 50);
  }

  function isDone() {
    return status === "passed" || status === "completed";
  }

  function serialize() {
    var data = { v: 1, q: state.current, a: state.answers, d: state.verified };
    var text = JSON.stringify(data);
    var max = adapter && adapter.maxStateLength ? adapter.maxStateLength : 4096;
    // Never send more than the LMS stores: without the answers, the bookmark still works.
    return text.length <= max ? text : JSON.stringify({ v: 1, q: 0, a: {}, d: [] });
  }

  function restore(text) {
    try {
      var data = JSON.parse(text);
      if (!data || data.v !== 1) return;
      state.current = Math.max(0, Math.min(questions.length - 1, data.q | 0));
      state.answers = data.a && typeof data.a === "object" ? data.a : {};
      state.verified = Array.isArray(data.d) ? data.d : [];
    } catch (e) {
      // Saved data from another version of the course: start fresh rather than fail.
    }
  }

  function save() {
    if (adapter) adapter.bookmark(pages[state.page].getAttribute("data-page"), serialize());
  }

  // ---- pages -------------------------------------------------------------------------------

  function showPage(index, moveFocus) {
    state.page = Math.max(0, Math.min(pages.length - 1, index));
    pages.forEach(function (page, i) { page.hidden = i !== state.page; });
    position.textContent = say("page_position", { n: state.page + 1, total: pages.length });
    prevButton.disabled = state.page === 0;
    nextButton.disabled = state.page === pages.length - 1;
    if (moveFocus) {
      var title = pages[state.page].querySelector("h2");
      if (title) title.focus();
      window.scrollTo(0, 0);
    }
    save();
    // A course without a knowledge check is complete when the learner reaches its last page.
    if (!quiz && state.page === pages.length - 1 && !isDone()) report(null, "completed");
  }

  // ---- knowledge check ---------------------------------------------------------------------

  function button(action) {
    return quiz.querySelector('[data-action="' + action + '"]');
  }

  function chosen(fieldset) {
    var input = fieldset.querySelector("input[type=radio]:checked");
    return input ? input.value : "";
  }

  function showQuestion(index) {
    state.current = index;
    questions.forEach(function (q, i) { q.hidden = i !== index; });
    var verified = state.verified.indexOf(questions[index].getAttribute("data-question")) >= 0;
    button("verify").hidden = verified;
    button("next-question").hidden = !verified || index === questions.length - 1;
    shownAt = Date.now();
  }

  // Shows a verified answer: options locked, the chosen option's feedback, the explanation.
  function markVerified(fieldset, response) {
    var correct = fieldset.getAttribute("data-correct");
    var right = response === correct;
    [].forEach.call(fieldset.querySelectorAll("input[type=radio]"), function (input) {
      input.checked = input.value === response;
      input.disabled = true;
      input.parentNode.classList.toggle("sp-correct", input.value === response && right);
      input.parentNode.classList.toggle("sp-wrong", input.value === response && !right);
    });
    var feedback = fieldset.querySelector("[data-feedback]");
    feedback.hidden = false;
    feedback.classList.toggle("sp-correct", right);
    feedback.classList.toggle("sp-wrong", !right);
    feedback.querySelector("[data-verdict]").textContent = say(right ? "correct" : "not_quite");
    [].forEach.call(feedback.querySelectorAll("[data-feedback-for]"), function (el) {
      el.hidden = el.getAttribute("data-feedback-for") !== response;
    });
    // What a sighted learner now reads: the verdict, the chosen option's feedback, the
    // explanation; never the hidden feedback of the other options.
    var parts = [].filter.call(feedback.children, function (el) { return !el.hidden; });
    return parts.map(function (el) { return el.textContent; }).join(" ").replace(/\s+/g, " ").trim();
  }

  function verify() {
    var fieldset = questions[state.current];
    var id = fieldset.getAttribute("data-question");
    var response = chosen(fieldset);
    if (!response) {
      announce(say("pick_first"));
      var first = fieldset.querySelector("input[type=radio]");
      if (first) first.focus();
      return;
    }
    state.answers[id] = response;
    if (state.verified.indexOf(id) < 0) state.verified.push(id);
    var message = markVerified(fieldset, response);
    if (adapter) {
      adapter.answer({
        id: id,
        response: response,
        correct: fieldset.getAttribute("data-correct"),
        at: new Date(),
        latencyMs: Date.now() - shownAt,
      });
    }
    showQuestion(state.current);
    if (state.verified.length === questions.length) {
      // One announcement for both, so the result does not cut off the feedback.
      message += " " + finishQuiz(true);
      // Verify is gone now; keep keyboard focus on the quiz rather than losing it to the page.
      button("retry").focus();
    } else {
      button("next-question").focus();
    }
    announce(message);
    save();
  }

  // The exact ratio decides (right × 100 ≥ passing score × questions): 2 of 3 right is 66.7 %,
  // short of a passing score of 67 though it rounds to 67. The score shown and reported is a
  // whole percentage, rounded for a pass and rounded down for a fail, so a learner below the
  // mark never gets a score that reaches it (an LMS may compare it with the mastery score).
  function outcome() {
    var right = questions.filter(function (q) {
      return state.answers[q.getAttribute("data-question")] === q.getAttribute("data-correct");
    }).length;
    var passed = right * 100 >= passingScore * questions.length;
    var exact = (100 * right) / questions.length;
    return { score: passed ? Math.round(exact) : Math.floor(exact), passed: passed, ratio: right / questions.length };
  }

  function finishQuiz(fresh) {
    var attempt = outcome();
    var raw = attempt.score;
    var passed = attempt.passed;
    var result = quiz.querySelector("[data-result]");
    result.hidden = false;
    result.setAttribute("data-score", String(raw));
    result.setAttribute("data-status", passed ? passStatus : failStatus);
    result.textContent = passed ? say("score_passed", { score: raw }) : say("score_failed", { score: raw, needed: passingScore });
    button("retry").hidden = false;
    button("verify").hidden = true;
    button("next-question").hidden = true;
    if (fresh) {
      // The best result stands: once passed, a later attempt never reports a worse status, and
      // no attempt reports a lower score than one reported before (docs/authoring.md).
      if ((best === null || raw > best) && (passed || !isDone())) {
        best = raw;
        report(raw, passed ? passStatus : failStatus, attempt.ratio);
      } else if (best !== null) {
        result.textContent += " " + say(isDone() ? "best_result_passed" : "best_result", { score: best });
      }
    }
    return result.textContent;
  }

  // `ratio` is the exact share of right answers (2 of 3: 0.666…), for a standard that records
  // the score as a fraction (SCORM 2004's cmi.score.scaled); `raw` is the whole percentage.
  function report(raw, newStatus, ratio) {
    status = newStatus;
    if (adapter) adapter.result({ score: raw, ratio: ratio === undefined ? null : ratio, status: newStatus, done: isDone() });
  }

  function retry() {
    state.answers = {};
    state.verified = [];
    questions.forEach(function (fieldset) {
      [].forEach.call(fieldset.querySelectorAll("input[type=radio]"), function (input) {
        input.checked = false;
        input.disabled = false;
        input.parentNode.classList.remove("sp-correct", "sp-wrong");
      });
      fieldset.querySelector("[data-feedback]").hidden = true;
    });
    quiz.querySelector("[data-result]").hidden = true;
    button("retry").hidden = true;
    showQuestion(0);
    var first = questions[0].querySelector("input[type=radio]");
    if (first) first.focus();
    save();
  }

  // ---- start -------------------------------------------------------------------------------

  // connect() answers at once (SCORM: the API is in a parent frame) or with a promise (xAPI:
  // the saved state comes over HTTP); the course starts when the answer is there.
  function start() {
    var saved = adapter ? adapter.connect() : null;
    if (saved && typeof saved.then === "function") {
      saved.then(begin, function () { begin(null); });
    } else {
      begin(saved);
    }
  }

  function begin(saved) {
    if (!saved) {
      adapter = null;
      var note = document.querySelector("[data-standalone-note]");
      if (note) note.hidden = false;
    } else {
      status = saved.status;
      best = typeof saved.score === "number" && isFinite(saved.score) ? saved.score : null;
      restore(saved.state);
    }
    var startPage = 0;
    if (saved && saved.location) {
      pages.forEach(function (page, i) {
        if (page.getAttribute("data-page") === saved.location) startPage = i;
      });
    }
    pager.hidden = false;
    prevButton.addEventListener("click", function () { showPage(state.page - 1, true); });
    nextButton.addEventListener("click", function () { showPage(state.page + 1, true); });
    // A link to another page of the course (`[see](pages/x.md)` becomes `#page-x`) turns the
    // page inside the SCO instead of following the anchor into a hidden section.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest('a[href^="#page-"]');
      if (!link) return;
      var id = link.getAttribute("href").slice("#page-".length);
      pages.forEach(function (page, i) {
        if (page.getAttribute("data-page") === id) {
          event.preventDefault();
          showPage(i, true);
        }
      });
    });
    if (quiz) {
      button("verify").addEventListener("click", verify);
      button("next-question").addEventListener("click", function () {
        showQuestion(state.current + 1);
        questions[state.current].querySelector("input[type=radio]").focus();
        save();
      });
      button("retry").addEventListener("click", retry);
      questions.forEach(function (fieldset) {
        var id = fieldset.getAttribute("data-question");
        if (state.verified.indexOf(id) >= 0 && state.answers[id]) markVerified(fieldset, state.answers[id]);
      });
      showQuestion(state.current);
      if (questions.length && state.verified.length === questions.length) finishQuiz(false);
    }
    showPage(startPage, false);
  }

  // pagehide fires on close, reload and navigation, also where unload no longer does (mobile,
  // back-forward cache); the adapter makes sure the session ends once. Not beforeunload: an
  // unload the learner (or another handler) cancels would end the session of a page that stays.
  // A page that goes into the back-forward cache (persisted) may come back with pageshow: its
  // data is stored, and the session goes on (or starts again) when it does.
  window.addEventListener("pagehide", function (event) {
    if (!adapter) return;
    if (event.persisted && adapter.pause) adapter.pause(isDone());
    else adapter.finish(isDone());
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted || !adapter || !adapter.resume) return;
    if (adapter.resume(isDone())) save();
  });

  start();
})();
