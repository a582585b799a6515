/* scormpack runtime core: page navigation, the knowledge checks, bookmarks and resume. It knows
   nothing of SCORM or xAPI: it reports through window.scormpackAdapter (scorm12.js, …) and finds
   everything it needs through the data-* attributes of the theme's markup (docs/theming.md).

   Each page with questions is a check ([data-quiz]) with its own Verify / Next question /
   result / Retry flow. The course's score is the weighted share of right answers over the
   graded questions of every check; the course has a result once every check is answered. */
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

  var passingScore = Number(body.getAttribute("data-passing-score") || 100);
  var attemptsAllowed = Number(body.getAttribute("data-attempts") || 0);
  // The package's words in the course's language (strings/<language>.toml, docs/theming.md).
  var words = {};
  try { words = JSON.parse(body.getAttribute("data-strings") || "{}"); } catch (e) { words = {}; }
  var numbers = window.Intl ? new Intl.NumberFormat(document.documentElement.lang || undefined) : null;
  function num(n) { return numbers && typeof n === "number" ? numbers.format(n) : String(n); }
  // words[key] with {name} filled in from vars (numbers formatted for the language).
  function say(key, vars) {
    return String(words[key] || key).replace(/\{(\w+)\}/g, function (all, name) {
      return vars && name in vars ? num(vars[name]) : all;
    });
  }
  var passStatus = body.getAttribute("data-pass-status") || "passed";
  var failStatus = body.getAttribute("data-fail-status") || "failed";

  var status = "";
  // The best score reported to the LMS in this session or an earlier one; null before any.
  var best = null;
  var currentPage = 0;

  function all(root, selector) {
    return [].slice.call(root.querySelectorAll(selector));
  }

  function announce(text) {
    if (!live) return;
    live.textContent = "";
    // A fresh text node after a tick makes screen readers announce repeated messages too.
    setTimeout(function () { live.textContent = text; }, 50);
  }

  function isDone() {
    return status === "passed" || status === "completed";
  }

  // ---- chance ------------------------------------------------------------------------------

  // A small seeded generator (mulberry32): an attempt's draw and orders follow from its seed,
  // so a relaunch that restores the seed shows the same questions in the same order.
  function random(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function shuffled(list, next) {
    var out = list.slice();
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(next() * (i + 1));
      var t = out[i]; out[i] = out[j]; out[j] = t;
    }
    return out;
  }

  function newSeed() {
    return Math.floor(Math.random() * 2147483647) + 1;
  }

  // ---- questions: reading, judging and showing an answer ------------------------------------

  // An answer is kept compact (it is saved in suspend_data, 4096 characters in SCORM 1.2):
  // choice `b`, multiple `ac`, true-false `t`/`f`, fill-in and numeric the text, matching the
  // right item chosen for each left item in order (`acb`, `-` for none), sequencing the steps
  // in the learner's order (`cab`).
  function typeOf(q) { return q.getAttribute("data-type"); }
  function patternsOf(q) {
    try { return JSON.parse(q.getAttribute("data-patterns") || "[]"); } catch (e) { return []; }
  }

  function readAnswer(q) {
    var type = typeOf(q);
    if (type === "choice" || type === "multiple" || type === "true-false") {
      return all(q, "input:checked").map(function (input) { return input.value.charAt(0); }).sort().join("");
    }
    if (type === "fill-in") return q.querySelector("[data-answer]").value.replace(/\s+/g, " ").trim();
    if (type === "numeric") {
      var text = q.querySelector("[data-answer]").value.replace(/\s+/g, "");
      // The decimal comma of many languages: `4,5` is 4.5.
      if (text.indexOf(".") < 0) text = text.replace(",", ".");
      return /^[-\u2212]?\d+(\.\d+)?$/.test(text) ? text.replace("\u2212", "-") : "";
    }
    if (type === "matching") {
      var picks = all(q, "select[data-source]").map(function (select) { return select.value || "-"; });
      return picks.indexOf("-") >= 0 ? "" : picks.join("");
    }
    if (type === "sequencing") return all(q, "[data-step]").map(function (li) { return li.getAttribute("data-step"); }).join("");
    return "";
  }

  // The answer in the SCORM 2004 / xAPI response format (`a[,]c`, `true`, `1[.]a[,]2[.]c`).
  function response(q, answer) {
    var type = typeOf(q);
    if (type === "choice" || type === "multiple" || type === "sequencing") return answer.split("").join("[,]");
    if (type === "true-false") return answer === "t" ? "true" : "false";
    if (type === "matching") {
      return all(q, "select[data-source]").map(function (select, i) {
        return select.getAttribute("data-source") + "[.]" + answer.charAt(i);
      }).join("[,]");
    }
    return answer;
  }

  function normalise(text, caseSensitive) {
    text = String(text).replace(/\s+/g, " ").trim();
    return caseSensitive ? text : text.toLowerCase();
  }

  function isRight(q, answer) {
    var type = typeOf(q);
    var patterns = patternsOf(q);
    if (type === "fill-in") {
      var exact = q.hasAttribute("data-case-sensitive");
      return patterns.some(function (p) {
        return normalise(p.replace(/^\{case_matters=(true|false)\}/, ""), exact) === normalise(answer, exact);
      });
    }
    if (type === "numeric") {
      var n = Number(answer);
      return answer !== "" && n >= Number(q.getAttribute("data-min")) && n <= Number(q.getAttribute("data-max"));
    }
    return patterns.indexOf(response(q, answer)) >= 0;
  }

  function weightOf(q) {
    return q.getAttribute("data-graded") === "false" ? 0 : Number(q.getAttribute("data-weight") || 1);
  }

  // Puts an answer back into the controls (a resumed or verified question).
  function showAnswer(q, answer) {
    var type = typeOf(q);
    if (type === "choice" || type === "multiple" || type === "true-false") {
      all(q, "input").forEach(function (input) { input.checked = answer.indexOf(input.value.charAt(0)) >= 0; });
    } else if (type === "fill-in" || type === "numeric") {
      q.querySelector("[data-answer]").value = answer;
    } else if (type === "matching") {
      all(q, "select[data-source]").forEach(function (select, i) {
        select.value = answer.charAt(i) === "-" ? "" : answer.charAt(i);
      });
    } else if (type === "sequencing") {
      var list = q.querySelector("[data-steps]");
      answer.split("").forEach(function (key) {
        var li = list.querySelector('[data-step="' + key + '"]');
        if (li) list.appendChild(li);
      });
    }
  }

  function lock(q, locked) {
    all(q, "input, select, [data-move]").forEach(function (control) { control.disabled = locked; });
  }

  // Shows a verified answer: controls locked, marks, the feedback that applies, the right
  // answer when the course reveals it, the explanation. Returns what a sighted learner now
  // reads there, for the live region (never the hidden feedback of other options).
  function markVerified(q, answer) {
    var right = isRight(q, answer);
    showAnswer(q, answer);
    lock(q, true);
    all(q, "input").forEach(function (input) {
      input.parentNode.classList.toggle("sp-correct", input.checked && right);
      input.parentNode.classList.toggle("sp-wrong", input.checked && !right);
    });
    all(q, "[data-answer], select[data-source], [data-steps]").forEach(function (control) {
      control.classList.toggle("sp-correct", right);
      control.classList.toggle("sp-wrong", !right);
    });
    var feedback = q.querySelector("[data-feedback]");
    feedback.hidden = false;
    feedback.classList.toggle("sp-correct", right);
    feedback.classList.toggle("sp-wrong", !right);
    feedback.querySelector("[data-verdict]").textContent = say(right ? "correct" : "not_quite");
    all(feedback, "[data-feedback-for]").forEach(function (el) {
      el.hidden = answer.indexOf(el.getAttribute("data-feedback-for")) < 0 || typeOf(q) === "sequencing";
    });
    all(feedback, "[data-feedback-right]").forEach(function (el) { el.hidden = !right; });
    all(feedback, "[data-feedback-wrong]").forEach(function (el) { el.hidden = right; });
    all(feedback, "[data-reveal]").forEach(function (el) { el.hidden = right; });
    var parts = [].filter.call(feedback.children, function (el) { return !el.hidden; });
    return parts.map(function (el) { return el.textContent; }).join(" ").replace(/\s+/g, " ").trim();
  }

  function unmark(q) {
    lock(q, false);
    all(q, "input").forEach(function (input) {
      input.checked = false;
      input.parentNode.classList.remove("sp-correct", "sp-wrong");
    });
    all(q, "[data-answer]").forEach(function (input) { input.value = ""; });
    all(q, "select[data-source]").forEach(function (select) { select.value = ""; });
    all(q, "[data-answer], select[data-source], [data-steps]").forEach(function (control) {
      control.classList.remove("sp-correct", "sp-wrong");
    });
    q.querySelector("[data-feedback]").hidden = true;
  }

  // The order of options, right items and steps for an attempt. Steps and right items are
  // always shuffled (in the written order they would give the answer away); options only with
  // `shuffle_options`.
  function arrange(q, next, shuffleOptions) {
    var type = typeOf(q);
    if (type === "matching") {
      all(q, "select[data-source]").forEach(function (select) {
        var options = all(select, "option").filter(function (o) { return o.value; });
        shuffled(options, next).forEach(function (o) { select.appendChild(o); });
      });
      return;
    }
    if (type === "sequencing") {
      var list = q.querySelector("[data-steps]");
      var steps = all(list, "[data-step]").sort(function (a, b) {
        return a.getAttribute("data-step") < b.getAttribute("data-step") ? -1 : 1;
      });
      var order = shuffled(steps, next);
      var inOrder = order.every(function (li, i) { return li === steps[i]; });
      if (inOrder && order.length > 1) order.push(order.shift());
      order.forEach(function (li) { list.appendChild(li); });
      return;
    }
    if (!shuffleOptions) return;
    if (type === "choice" || type === "multiple") {
      var box = q.querySelector(".sp-options");
      shuffled(all(box, ".sp-option"), next).forEach(function (el) { box.appendChild(el); });
    }
  }

  // ---- checks ------------------------------------------------------------------------------

  function Check(el) {
    this.el = el;
    this.id = el.getAttribute("data-quiz");
    this.all = all(el, "[data-question]");
    this.draw = Math.min(Number(el.getAttribute("data-draw") || this.all.length), this.all.length);
    this.shuffleOptions = el.hasAttribute("data-shuffle");
    this.graded = this.all.some(function (q) { return weightOf(q) > 0; });
    // Saved: seed, current question, answers by drawn position, attempts begun.
    this.state = { s: 0, i: 0, a: [], n: 0 };
    this.drawn = [];
    this.shownAt = Date.now();
  }

  Check.prototype.button = function (action) {
    return this.el.querySelector('[data-action="' + action + '"]');
  };

  // Begins an attempt: draws the questions, orders them and their options from the seed.
  Check.prototype.begin = function (saved) {
    var self = this;
    if (saved) {
      this.state = { s: saved.s | 0, i: saved.i | 0, a: Array.isArray(saved.a) ? saved.a.map(String) : [], n: Math.max(1, saved.n | 0) };
    } else {
      this.state = { s: newSeed(), i: 0, a: [], n: this.state.n + 1 };
    }
    var next = random(this.state.s);
    var pool = this.draw < this.all.length ? shuffled(this.all, next).slice(0, this.draw) : this.all.slice();
    this.drawn = pool;
    var actions = this.el.querySelector(".sp-actions");
    this.all.forEach(function (q) {
      unmark(q);
      q.hidden = true;
      q.setAttribute("data-drawn", pool.indexOf(q) >= 0 ? "true" : "false");
    });
    pool.forEach(function (q, i) {
      self.el.insertBefore(q, actions);
      arrange(q, next, self.shuffleOptions);
      q.querySelector("[data-qpos]").textContent = say("question_position", { n: i + 1, total: pool.length });
    });
    this.state.a.length = pool.length;
    for (var i = 0; i < pool.length; i++) {
      var answer = this.state.a[i];
      this.state.a[i] = typeof answer === "string" ? answer : "";
      if (this.state.a[i]) markVerified(pool[i], this.state.a[i]);
    }
    this.el.querySelector("[data-result]").hidden = true;
    this.el.querySelector("[data-attempts]").hidden = true;
    this.button("retry").hidden = true;
    this.state.i = Math.max(0, Math.min(pool.length - 1, this.state.i));
    this.show(this.state.i);
    if (this.finished()) this.finish(false);
  };

  Check.prototype.finished = function () {
    return this.drawn.length > 0 && this.state.a.every(function (a) { return a !== ""; });
  };

  Check.prototype.show = function (index) {
    this.state.i = index;
    this.drawn.forEach(function (q, i) { q.hidden = i !== index; });
    var verified = this.state.a[index] !== "";
    this.button("verify").hidden = verified;
    this.button("next-question").hidden = !verified || index === this.drawn.length - 1;
    this.shownAt = Date.now();
    fitBoxes();
  };

  Check.prototype.focusQuestion = function () {
    var q = this.drawn[this.state.i];
    var control = q && q.querySelector("input, select, [data-move]");
    if (control) control.focus();
  };

  Check.prototype.verify = function () {
    var q = this.drawn[this.state.i];
    var answer = readAnswer(q);
    if (!answer) {
      announce(say(typeOf(q) === "choice" ? "pick_first" : "answer_first"));
      this.focusQuestion();
      return;
    }
    this.state.a[this.state.i] = answer;
    var message = markVerified(q, answer);
    if (adapter) {
      adapter.answer({
        id: q.getAttribute("data-question"),
        type: q.getAttribute("data-interaction"),
        response: response(q, answer),
        patterns: patternsOf(q),
        correct: isRight(q, answer),
        weight: weightOf(q),
        description: q.getAttribute("data-description") || "",
        at: new Date(),
        latencyMs: Date.now() - this.shownAt,
      });
    }
    this.show(this.state.i);
    if (this.finished()) {
      // One announcement for both, so the result does not cut off the feedback.
      message += " " + this.finish(true);
    } else {
      this.button("next-question").focus();
    }
    announce(message);
    save();
  };

  // Weighted right and total of the graded questions drawn in this attempt.
  Check.prototype.tally = function () {
    var self = this;
    var right = 0;
    var total = 0;
    this.drawn.forEach(function (q, i) {
      var weight = weightOf(q);
      total += weight;
      if (self.state.a[i] && isRight(q, self.state.a[i])) right += weight;
    });
    return { right: right, total: total };
  };

  Check.prototype.attemptsLeft = function () {
    return attemptsAllowed > 0 ? Math.max(0, attemptsAllowed - this.state.n) : Infinity;
  };

  // Shows the check's result and, when every check has one, reports the course's.
  Check.prototype.finish = function (fresh) {
    var tally = this.tally();
    var result = this.el.querySelector("[data-result]");
    if (tally.total > 0) {
      var exact = (100 * tally.right) / tally.total;
      var passed = tally.right * 100 >= passingScore * tally.total;
      var score = passed ? Math.round(exact) : Math.floor(exact);
      result.hidden = false;
      result.setAttribute("data-score", String(score));
      result.setAttribute("data-status", passed ? passStatus : failStatus);
      result.textContent = passed ? say("score_passed", { score: score }) : say("score_failed", { score: score, needed: passingScore });
    }
    var left = this.attemptsLeft();
    var attempts = this.el.querySelector("[data-attempts]");
    if (left !== Infinity) {
      attempts.hidden = false;
      attempts.textContent = left > 0 ? say("attempts_left", { n: left }) : say("no_attempts_left");
    }
    this.button("retry").hidden = left === 0;
    this.button("verify").hidden = true;
    this.button("next-question").hidden = true;
    var text = [result, attempts].filter(function (el) { return !el.hidden; })
      .map(function (el) { return el.textContent; }).join(" ");
    var extra = fresh ? reportCourse() : "";
    if (extra) {
      result.textContent += " " + extra;
      text += " " + extra;
    }
    if (fresh) {
      // Verify is gone now: keep keyboard focus in the check rather than losing it to the page.
      var target = left === 0 || tally.total === 0 ? result : this.button("retry");
      if (target.hidden) target = this.button("retry");
      target.focus();
      if (result.scrollIntoView && !result.hidden) result.scrollIntoView({ block: "nearest" });
    }
    return text;
  };

  Check.prototype.retry = function () {
    this.begin(null);
    this.focusQuestion();
    save();
  };

  var checks = all(document, "[data-quiz]").map(function (el) { return new Check(el); });
  var gradedChecks = checks.filter(function (c) { return c.graded; });

  // The course's outcome over every graded check. The exact ratio decides (right × 100 ≥
  // passing score × total): 2 of 3 right is 66.7 %, short of a passing score of 67 though it
  // rounds to 67. The score shown and reported is a whole percentage, rounded for a pass and
  // rounded down for a fail, so a learner below the mark never gets a score that reaches it.
  function outcome() {
    var right = 0;
    var total = 0;
    gradedChecks.forEach(function (c) {
      var t = c.tally();
      right += t.right;
      total += t.total;
    });
    if (!total) return null;
    var passed = right * 100 >= passingScore * total;
    var exact = (100 * right) / total;
    return { score: passed ? Math.round(exact) : Math.floor(exact), passed: passed, ratio: right / total };
  }

  // Reports the course's result once every graded check is answered. Once passed, a later
  // attempt never reports a worse status, and no attempt a lower score than one reported before
  // (docs/authoring.md). Returns a note for the learner when an earlier result stands.
  function reportCourse() {
    if (!gradedChecks.every(function (c) { return c.finished(); })) return "";
    var attempt = outcome();
    if (!attempt) return "";
    if ((best === null || attempt.score > best) && (attempt.passed || !isDone())) {
      best = attempt.score;
      report(attempt.score, attempt.passed ? passStatus : failStatus, attempt.ratio);
      return "";
    }
    return best !== null ? say(isDone() ? "best_result_passed" : "best_result", { score: best }) : "";
  }

  // `ratio` is the exact share of right answers (2 of 3: 0.666…), for a standard that records
  // the score as a fraction (SCORM 2004's cmi.score.scaled); `raw` is the whole percentage.
  function report(raw, newStatus, ratio) {
    status = newStatus;
    if (adapter) adapter.result({ score: raw, ratio: ratio === undefined ? null : ratio, status: newStatus, done: isDone() });
  }

  // ---- saved state -------------------------------------------------------------------------

  // What a relaunch restores, kept small: SCORM 1.2 allows 4096 characters of suspend_data.
  function serialize() {
    var data = { v: 2, c: {} };
    checks.forEach(function (c) { if (c.state.n) data.c[c.id] = c.state; });
    var text = JSON.stringify(data);
    var max = adapter && adapter.maxStateLength ? adapter.maxStateLength : 4096;
    // Never send more than the LMS stores: without the answers, the bookmark still works.
    return text.length <= max ? text : JSON.stringify({ v: 2, c: {} });
  }

  function restore(text) {
    try {
      var data = JSON.parse(text);
      // Saved data of another version of the runtime: start fresh rather than fail.
      return data && data.v === 2 && data.c && typeof data.c === "object" ? data.c : {};
    } catch (e) {
      return {};
    }
  }

  function save() {
    if (adapter) adapter.bookmark(pages[currentPage].getAttribute("data-page"), serialize());
  }

  // ---- wide tables and code ----------------------------------------------------------------

  // A table (in its `.sp-table` box) or a code block wider than the page scrolls sideways inside
  // its box (theme.css). A box that does is made focusable, so a keyboard can scroll it; a
  // table's box is also named and gets a visible hint above it. Judged whenever a box changes
  // size: when its page or question is shown, when the window narrows or turns.
  var boxes = all(document, ".sp-table, .sp-main pre");

  function fitBox(box) {
    var table = box.className === "sp-table";
    var hint = box.previousElementSibling;
    if (!hint || hint.className !== "sp-scroll-hint") hint = null;
    if (box.scrollWidth > box.clientWidth) {
      box.setAttribute("tabindex", "0");
      if (!table) return;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", say("table_scroll"));
      if (!hint) {
        hint = document.createElement("p");
        hint.className = "sp-scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = say("table_scroll");
        box.parentNode.insertBefore(hint, box);
      }
      hint.hidden = false;
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
      if (hint) hint.hidden = true;
    }
  }

  function fitBoxes() { boxes.forEach(fitBox); }

  if (window.ResizeObserver) {
    // In the next frame: a hint shown now may change the page's width (a scroll bar appears).
    var resized = new ResizeObserver(function () { window.requestAnimationFrame(fitBoxes); });
    boxes.forEach(function (box) { resized.observe(box); });
  } else {
    window.addEventListener("resize", fitBoxes);
    window.addEventListener("load", fitBoxes);
  }

  // ---- pages -------------------------------------------------------------------------------

  function showPage(index, moveFocus) {
    currentPage = Math.max(0, Math.min(pages.length - 1, index));
    pages.forEach(function (page, i) { page.hidden = i !== currentPage; });
    position.textContent = say("page_position", { n: currentPage + 1, total: pages.length });
    prevButton.disabled = currentPage === 0;
    nextButton.disabled = currentPage === pages.length - 1;
    fitBoxes();
    if (moveFocus) {
      var title = pages[currentPage].querySelector("h2");
      if (title) title.focus();
      window.scrollTo(0, 0);
    }
    save();
    // A course without graded questions is complete when the learner reaches its last page.
    if (!gradedChecks.length && currentPage === pages.length - 1 && !isDone()) report(null, "completed");
  }

  // A sequencing step moved with its buttons; focus stays on the pressed button.
  function move(button) {
    var li = button.closest("[data-step]");
    var list = li.parentNode;
    if (button.getAttribute("data-move") === "up" && li.previousElementSibling) {
      list.insertBefore(li, li.previousElementSibling);
    } else if (button.getAttribute("data-move") === "down" && li.nextElementSibling) {
      list.insertBefore(li.nextElementSibling, li);
    }
    button.focus();
    var steps = all(list, "[data-step]");
    announce(say("moved", { item: li.querySelector(".sp-step-label").textContent.trim(), n: steps.indexOf(li) + 1, total: steps.length }));
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
    var restored = {};
    if (!saved) {
      adapter = null;
      var note = document.querySelector("[data-standalone-note]");
      if (note) note.hidden = false;
    } else {
      status = saved.status;
      best = typeof saved.score === "number" && isFinite(saved.score) ? saved.score : null;
      restored = restore(saved.state);
    }
    var startPage = 0;
    if (saved && saved.location) {
      pages.forEach(function (page, i) {
        if (page.getAttribute("data-page") === saved.location) startPage = i;
      });
    }
    pager.hidden = false;
    prevButton.addEventListener("click", function () { showPage(currentPage - 1, true); });
    nextButton.addEventListener("click", function () { showPage(currentPage + 1, true); });
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
    checks.forEach(function (check) {
      check.button("verify").addEventListener("click", function () { check.verify(); });
      check.button("next-question").addEventListener("click", function () {
        check.show(check.state.i + 1);
        check.focusQuestion();
        save();
      });
      check.button("retry").addEventListener("click", function () { check.retry(); });
      check.el.addEventListener("click", function (event) {
        var button = event.target.closest && event.target.closest("[data-move]");
        if (button && !button.disabled) move(button);
      });
      var earlier = restored[check.id];
      check.begin(earlier && typeof earlier === "object" && earlier.s ? earlier : null);
    });
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
