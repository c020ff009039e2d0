/* Veivisere: one question at a time on a guide's page (progressive enhancement).
 *
 * Without this script every step is its own page with plain links. With it, the guide page
 * shows one question as a form, keeps the answers in the address (#svar=0.2.u), so Back,
 * Forward and shared links work, moves focus to each new question and announces it.
 * All text is inserted with textContent or cloned from server-rendered <template>s. The first
 * question is in the page as a form, shown by veiviser.css when scripting is on, so the page does
 * not move when this script takes over. On a guide's first page the other steps come from the file
 * named in data-steg-fil (hooks/veiviser_steg.py), loaded after the page or as soon as a later step is wanted. */
(function () {
  "use strict"

  var SITE = " – Sosiale medier-håndboka"

  /* Copy buttons (also on the one-step pages). */
  function setupCopyButtons(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-kopier]"), function (button) {
      button.hidden = false
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-kopier"))
        var text = source ? source.textContent.trim() : ""
        var done = function () { announce(button, "Teksten er kopiert.") }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () { selectText(source); })
        } else {
          selectText(source)
          try { document.execCommand("copy"); done() } catch (e) { /* text stays selected */ }
        }
      })
    })
  }

  function selectText(element) {
    var range = document.createRange()
    range.selectNodeContents(element)
    var selection = window.getSelection()
    selection.removeAllRanges()
    selection.addRange(range)
  }

  /* Scroll so the element sits below the sticky header and Material's «Tilbake til toppen» button
     (shown while scrolling up, so counted whether it shows now or not), unless it is already in view there. */
  function reveal(element) {
    var limit = 0
    Array.prototype.forEach.call(document.querySelectorAll(".md-header, .md-top"), function (bar) {
      if (window.getComputedStyle(bar).display !== "none") limit = Math.max(limit, bar.getBoundingClientRect().bottom)
    })
    var box = element.getBoundingClientRect()
    var gap = 12
    if (box.top < limit + gap || box.bottom > window.innerHeight) {
      window.scrollTo({ top: window.scrollY + box.top - limit - gap, behavior: "instant" })
    }
  }

  var liveRegion = null
  function announce(_origin, message) {
    if (!liveRegion) {
      liveRegion = document.querySelector("[data-kunngjoring]")
      if (!liveRegion) {
        liveRegion = document.createElement("div")
        liveRegion.className = "visuelt-skjult"
        liveRegion.setAttribute("role", "status")
        document.body.appendChild(liveRegion)
      }
    }
    liveRegion.textContent = ""
    window.setTimeout(function () { liveRegion.textContent = message }, 50)
  }

  /* ---------------------------------------------------------------------- */

  function Guide(root) {
    this.root = root
    this.data = JSON.parse(root.querySelector("[data-veiviser-data]").textContent)
    this.app = root.querySelector("[data-app]")
    this.place = root.querySelector("[data-steg-plass]")
    this.summary = root.querySelector("[data-oppsummering]")
    this.summaryList = root.querySelector("[data-oppsummering-liste]")
    this.documentation = root.querySelector("[data-dokumentasjon]")
    this.documentationText = root.querySelector("[data-dokumentasjon-tekst]")
    this.progressText = root.querySelector("[data-fremdrift-tekst]")
    this.progressBar = root.querySelector("[data-fremdrift-fyll]")
    this.back = root.querySelector("[data-tilbake]")
    this.fasit = root.querySelector("[data-fasit]")
    this.answers = []
    this.pushed = 0
    this.stepsFile = root.getAttribute("data-steg-fil")
    this.laterSteps = null
    this.waiting = null
    /* The first question is in the page as a form already (app.html): its template is a copy taken
       before the form is used, and the first render keeps the form itself (a choice made before the
       script ran stays). */
    this.served = this.place.querySelector("form[data-sporsmal]")
    if (this.served) {
      var template = document.createElement("template")
      template.setAttribute("data-steg", this.served.getAttribute("data-sporsmal"))
      template.content.appendChild(this.served.cloneNode(true))
      /* A clone keeps what was ticked before the script ran; the template starts blank. */
      Array.prototype.forEach.call(template.content.querySelectorAll("input"), function (input) { input.checked = false })
      this.templates().appendChild(template)
    }
  }

  Guide.prototype.templates = function () {
    return this.root.querySelector("[data-veiviser-data]").parentNode
  }

  /* A step's template: in the page, or made from the steps file's markup when first wanted (the
     sanitised markup of the page's own templates; a template's content is inert). */
  Guide.prototype.template = function (stepId) {
    var template = this.root.querySelector('template[data-steg="' + stepId + '"]')
    var markup = this.laterSteps && this.laterSteps[stepId]
    if (template || typeof markup !== "string") return template
    template = document.createElement("template")
    template.setAttribute("data-steg", stepId)
    template.innerHTML = markup
    this.templates().appendChild(template)
    return template
  }

  /* Then, with every step's data (the first page holds the first step's only). */
  Guide.prototype.whenReady = function (callback) {
    if (this.stepsFile) this.loadSteps(callback)
    else callback()
  }

  /* The later steps' templates and data from their file (a script: a page opened from disk may not fetch),
     then the callback. Without the file the guide goes on as links, to the step's own page. */
  Guide.prototype.loadSteps = function (callback) {
    var self = this
    if (!this.stepsFile) { callback(); return }
    if (this.waiting) { this.waiting.push(callback); return }
    this.waiting = [callback]
    var script = document.createElement("script")
    script.src = this.stepsFile
    script.onload = script.onerror = function () {
      var file = (window.veiviserSteg || {})[self.data.id] || {}
      self.laterSteps = file.steg || {}
      Object.keys(file.data || {}).forEach(function (id) {
        if (!self.data.steps[id]) self.data.steps[id] = file.data[id]
      })
      fillOverview(file.oversikt)
      self.stepsFile = null
      var waiting = self.waiting
      self.waiting = null
      waiting.forEach(function (call) { call() })
    }
    document.head.appendChild(script)
  }

  /* The answers in the address: "#svar=0.2.u" (answer numbers from 0, u = the unsure answer, whose label is data.unsure_label). */
  Guide.prototype.readAddress = function () {
    var match = /(?:^#|&)svar=([0-9u.]*)/.exec(window.location.hash)
    var tokens = match && match[1] ? match[1].split(".") : []
    var answers = []
    var step = this.data.start
    for (var i = 0; i < tokens.length; i++) {
      var next = this.target(step, tokens[i])
      if (!next) break
      answers.push({ step: step, choice: tokens[i] })
      step = next
    }
    return answers
  }

  Guide.prototype.address = function (answers) {
    var path = window.location.pathname + window.location.search
    return answers.length ? path + "#svar=" + answers.map(function (a) { return a.choice }).join(".") : path
  }

  Guide.prototype.target = function (stepId, choice) {
    var step = this.data.steps[stepId]
    if (!step || step.type !== "question") return null
    if (choice === "u") return step.unsure || null
    var answer = step.answers[Number(choice)]
    return /^\d+$/.test(choice) && answer ? answer.target : null
  }

  Guide.prototype.current = function () {
    var last = this.answers[this.answers.length - 1]
    return last ? this.target(last.step, last.choice) : this.data.start
  }

  Guide.prototype.answerText = function (answer) {
    var step = this.data.steps[answer.step]
    return answer.choice === "u" ? this.data.unsure_label : step.answers[Number(answer.choice)].text
  }

  Guide.prototype.go = function (answers, options) {
    this.answers = answers
    if (options.push) {
      window.history.pushState({ veiviser: true }, "", this.address(answers))
      this.pushed++
    }
    this.render(options)
  }

  Guide.prototype.render = function (options) {
    var self = this
    var stepId = this.current()
    var step = this.data.steps[stepId]
    var template = this.template(stepId)
    if (!template && this.stepsFile) {
      /* Busy till the file comes. */
      this.place.setAttribute("aria-busy", "true")
      this.loadSteps(function () { self.place.removeAttribute("aria-busy"); self.render(options) })
      return
    }
    if (!template) { window.location.href = stepId + ".html"; return }
    /* The links without JavaScript stay until the guide can show its step. */
    this.root.querySelector("[data-uten-js]").hidden = true
    this.app.hidden = false
    var served = this.served
    this.served = null
    if (!served || served.getAttribute("data-sporsmal") !== stepId) {
      this.place.replaceChildren(template.content.cloneNode(true))
      setupCopyButtons(this.place)
    }

    var done = step.type === "outcome"
    var number = this.answers.length + 1
    if (done) {
      this.progressText.textContent = "Ferdig – " + this.answers.length + " av " + this.answers.length + " spørsmål besvart"
      this.progressBar.style.width = "100%"
    } else {
      var total = this.answers.length + step.remaining
      this.progressText.textContent = "Spørsmål " + number + " av " + (total === number ? "" : "høyst ") + total
      this.progressBar.style.width = Math.round(100 * this.answers.length / total) + "%"
    }

    var form = this.place.querySelector("form")
    if (form) {
      var previous = options.preselect
      if (previous !== undefined) {
        var radio = form.querySelector('input[value="' + previous + '"]')
        if (radio) radio.checked = true
      }
      form.addEventListener("submit", function (event) {
        event.preventDefault()
        /* Spent once answered. */
        if (self.current() !== stepId) return
        var checked = form.querySelector("input[name=svar]:checked")
        var error = form.querySelector("[data-feil]")
        if (!checked) {
          error.hidden = false
          form.querySelector("fieldset").setAttribute("aria-invalid", "true")
          form.querySelector("input[name=svar]").focus()
          announce(form, error.textContent)
          return
        }
        self.go(self.answers.concat([{ step: stepId, choice: checked.value }]), { push: true, focus: true })
      })
    }

    if (this.fasit) this.showFasit(done ? stepId : null)
    this.renderSummary(done)
    this.documentation.hidden = !done
    if (done) {
      this.documentationText.textContent = this.documentationFor(stepId)
      this.fillInReport(this.place.querySelector("a[data-meld-fra]"), this.documentationText.textContent)
    }
    this.back.hidden = this.answers.length === 0

    /* In a practice case the verdict comes first, then the guide's result. */
    var heading = done && this.fasit ? this.fasit.querySelector("h2") : this.place.querySelector("h2")
    document.title = step.text + " – " + this.data.title + SITE
    if (options.focus) {
      heading.focus({ preventScroll: true })
      reveal(heading)
      announce(this.app, (done ? "Resultat: " : "Spørsmål " + number + ": ") + step.text)
    }
  }

  Guide.prototype.renderSummary = function (done) {
    var self = this
    var items = []
    this.answers.forEach(function (answer, index) {
      var term = document.createElement("dt")
      term.textContent = self.data.steps[answer.step].text
      var value = document.createElement("dd")
      var text = document.createElement("span")
      text.textContent = self.answerText(answer)
      var change = document.createElement("button")
      change.type = "button"
      change.className = "veiviser-endre"
      change.textContent = "Endre"
      var hidden = document.createElement("span")
      hidden.className = "visuelt-skjult"
      hidden.textContent = " svaret på «" + term.textContent + "»"
      change.appendChild(hidden)
      change.addEventListener("click", function () {
        self.go(self.answers.slice(0, index), { push: true, focus: true, preselect: answer.choice })
      })
      value.append(text, " ", change)
      items.push(term, value)
    })
    this.summaryList.replaceChildren.apply(this.summaryList, items)
    this.summary.hidden = items.length === 0
    this.summary.querySelector("h2").textContent = done ? "Svarene dine" : "Svarene dine så langt"
  }

  /* Practice cases: after the outcome, say whether it matches the fasit. */
  Guide.prototype.showFasit = function (outcomeId) {
    this.fasit.hidden = outcomeId === null
    if (outcomeId === null) return
    var expected = this.root.getAttribute("data-forventet")
    var verdict = this.fasit.querySelector("[data-fasit-dom]")
    verdict.classList.toggle("veiviser-fasit__dom--riktig", outcomeId === expected)
    verdict.textContent = outcomeId === expected
      ? "Riktig! Du kom fram til det samme som fasiten."
      : "Ikke helt. Du kom fram til «" + this.data.steps[outcomeId].text + "», men fasiten er «"
        + this.data.steps[expected].text + "». Se hvorfor rett under."
  }

  Guide.prototype.documentationFor = function (outcomeId) {
    var self = this
    var outcome = this.data.steps[outcomeId]
    var today = new Date()
    var pad = function (n) { return (n < 10 ? "0" : "") + n }
    var lines = [
      "Veiviser: " + this.data.title + " (versjon " + this.data.version + ", " + this.data.date + ")",
      "Vurdert: " + pad(today.getDate()) + "." + pad(today.getMonth() + 1) + "." + today.getFullYear(),
      "Adresse: " + window.location.href,
      "",
      "Spørsmål og svar:"
    ]
    this.answers.forEach(function (answer, index) {
      lines.push((index + 1) + ". " + self.data.steps[answer.step].text, "   Svar: " + self.answerText(answer))
    })
    lines.push("", "Resultat: " + outcome.text)
    outcome.sources.forEach(function (source) { lines.push("Grunnlag i håndboka: " + source) })
    return lines.join("\n")
  }

  /* «Meld fra om feil» on an outcome: the mail holds the same text as «Dokumenter vurderingen». */
  Guide.prototype.fillInReport = function (link, documentation) {
    if (!link) return
    link.setAttribute("data-meld-fra-ferdig", "")
    link.href = "mailto:" + link.getAttribute("data-epost") + "?subject=" + encodeURIComponent(link.getAttribute("data-emne"))
      + "&body=" + encodeURIComponent(documentation + "\n\nHva er feil eller uklart?\n")
  }

  Guide.prototype.start = function () {
    var self = this
    this.back.addEventListener("click", function () {
      if (self.pushed > 0) {
        window.history.back()
      } else {
        var last = self.answers[self.answers.length - 1]
        self.go(self.answers.slice(0, -1), { push: true, focus: true, preselect: last && last.choice })
      }
    })
    this.root.querySelector("[data-start]").addEventListener("click", function () {
      self.go([], { push: true, focus: true })
    })
    this.root.querySelector("[data-skriv-ut]").addEventListener("click", function () { window.print() })
    /* The guide places the focused question itself; the browser's restored scroll would move it away. */
    if ("scrollRestoration" in window.history) window.history.scrollRestoration = "manual"
    window.addEventListener("popstate", function () {
      self.pushed = Math.max(0, self.pushed - 1)
      self.whenReady(function () {
        var answers = self.readAddress()
        var undone = self.answers[answers.length]
        self.answers = answers
        self.render({ focus: true, preselect: undone && undone.step === self.current() ? undone.choice : undefined })
      })
    })
    var begin = function () {
      self.answers = self.readAddress()
      self.render({ focus: self.answers.length > 0 })
    }
    /* Answers in the address need the later steps' data; the first question shows meanwhile. */
    if (/(?:^#|&)svar=[0-9u]/.test(window.location.hash)) this.whenReady(begin)
    else begin()
    if (this.stepsFile) {
      if (document.readyState === "complete") window.setTimeout(function () { self.loadSteps(function () {}) }, 0)
      else window.addEventListener("load", function () { self.loadSteps(function () {}) })
    }
  }

  /* The overview's diagram and table, from the steps file, where the page leaves room for them. */
  function fillOverview(markup) {
    var place = document.querySelector("[data-oversikt]")
    if (!place || typeof markup !== "string" || place.firstElementChild) return
    place.innerHTML = markup
    var details = place.closest("details")
    if (details && details.open) Array.prototype.forEach.call(place.querySelectorAll(".veiviser-diagram"), showStart)
  }

  /* A diagram wider than its box opens with the start question in view (it may be drawn far right). */
  function showStart(figure) {
    var box = figure.querySelector(".veiviser-diagram__rulle")
    var start = figure.querySelector(".boks--start")
    if (!box || !start || box.scrollWidth <= box.clientWidth) return
    var outer = box.getBoundingClientRect()
    var inner = start.getBoundingClientRect()
    box.scrollLeft += inner.left + inner.width / 2 - (outer.left + outer.width / 2)
  }
  Array.prototype.forEach.call(document.querySelectorAll("details.veiviser-oversikt"), function (details) {
    details.addEventListener("toggle", function () {
      if (details.open) Array.prototype.forEach.call(details.querySelectorAll(".veiviser-diagram"), showStart)
    })
  })

  /* On the page «Hele veiviseren på én gang» the diagram is open from the start. */
  Array.prototype.forEach.call(document.querySelectorAll(".veiviser-diagram"), function (figure) {
    if (!figure.closest("details")) showStart(figure)
  })

  /* The overview is always printed, even when it is folded up on screen. */
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.veiviser-oversikt"), function (d) {
      d.setAttribute("data-var-lukket", d.open ? "" : "ja")
      d.open = true
    })
  })
  window.addEventListener("afterprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-var-lukket=ja]"), function (d) {
      d.open = false
    })
  })

  setupCopyButtons(document)
  Array.prototype.forEach.call(document.querySelectorAll("[data-veiviser]"), function (root) {
    new Guide(root).start()
  })
})()
