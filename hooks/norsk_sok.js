/* Norwegian search that understands inflection (appended to lunr.no.min.js by hooks/norsk_sok.py).
 *
 * Runs in Material's search worker. Every word, indexed or typed, goes to its lemma (the map is
 * made from simplemma's dictionary at build time), then through the Norwegian stemmer:
 * «journalført» -> journalføre -> journalfør. Indexed words also carry the editors' synonyms
 * («personangrep» is found by «trakassering»). Material appends "*" to every typed term, and lunr
 * skips the pipeline for such terms, so typed terms are normalised here, in Query#clause. Only
 * the last word of a query stays a prefix (it may still be being typed); stop words before it
 * are left out. A query that finds nothing gets the nearest indexed words, for «Mente du …?». */
(function (lunr, data) {
  if (!lunr || !lunr.no || lunr.no.norsk) return
  var snowball = lunr.no.stemmer
  var lemmas = Object.create(null)
  data.lemma.split("|").filter(Boolean).forEach(function (group) {
    var parts = group.split(":")
    parts[1].split(",").forEach(function (form) { lemmas[form] = parts[0] })
  })
  var base = function (word) {
    return snowball(new lunr.Token(lemmas[word] || word)).toString()
  }
  var synonyms = Object.create(null)
  // Each extra term once, and never the term itself: two tokens at one position would make
  // Material's highlighter mark the same word twice and break the result's markup.
  Object.keys(data.synonymer).forEach(function (target) {
    var key = base(target)
    var extra = synonyms[key] || (synonyms[key] = [])
    data.synonymer[target].map(base).forEach(function (term) {
      if (term !== key && extra.indexOf(term) < 0) extra.push(term)
    })
  })
  var surface = Object.create(null)  // indexed term -> a word as written, for «Mente du …?»
  Object.keys(data.synonymer).forEach(function (target) {
    data.synonymer[target].forEach(function (word) { surface[base(word)] = word })
  })

  // The stemmer of both pipelines: lemma, stem, and the synonyms as extra tokens.
  lunr.no.stemmer = function (token) {
    var word = token.toString()
    var term = base(word)
    if (!(term in surface)) surface[term] = word
    token.update(function () { return term })
    var extra = synonyms[term]
    if (!extra) return token
    return [token].concat(extra.map(function (s) { return token.clone(function () { return s }) }))
  }
  lunr.Pipeline.registerFunction(lunr.no.stemmer, "stemmer-no-lemma")

  // Typed terms are normalised like indexed words, here rather than by the search pipeline
  // (which lunr skips for wildcard terms), so that Material's analysis sees the same terms.
  var clause = lunr.Query.prototype.clause
  lunr.Query.prototype.clause = function (options) {
    var match = /^([^*]+)(\*?)$/.exec(options.term || "")
    if (match && (match[2] ? options.usePipeline === false : options.usePipeline !== false)) {
      var term = base(match[1])
      if (term) {
        options.term = term + match[2]
        options.usePipeline = false
      }
    }
    return clause.call(this, options)
  }

  // Words before the last are complete: match them as words, not as prefixes (Material makes
  // every term a prefix, so «kommunen» found «kommunestyrevedtak»). Leave out stop words that
  // stand alone and are not the query's last word.
  var type = lunr.QueryLexer
  var isStopWord = function (lexemes, i) {
    var before = lexemes[i - 1], after = lexemes[i + 1]
    if (before && (before.type === type.PRESENCE || before.type === type.FIELD)) return false
    if (after && (after.type === type.EDIT_DISTANCE || after.type === type.BOOST)) return false
    var word = lexemes[i].str.replace(/\*$/, "").toLowerCase()
    return !lunr.no.stopWordFilter(new lunr.Token(word))
  }
  // The last word stays a prefix while it is not yet a word of at least five pages of the
  // index: «facebook» is the word, not also «facebookside» and «facebookgruppe» (as many pages
  // again), while «personvern», in few pages, still finds «personvernforordningen».
  var isWord = function (word) {
    var index = current.index
    var posting = index && index.invertedIndex[base(word.toLowerCase())]
    if (!posting) return false
    var pages = Object.create(null)
    index.fields.forEach(function (field) {
      Object.keys(posting[field] || {}).forEach(function (ref) { pages[ref.split("#")[0]] = true })
    })
    return Object.keys(pages).length >= 5
  }
  var TOPIC = Object.create(null)
  ;["sosiale", "medier", "facebook", "kommunen", "hattfjelldal", "retningslinjer"].forEach(function (w) { TOPIC[base(w)] = true })
  lunr.QueryParser.prototype.parse = function () {
    this.lexer.run()
    var lexemes = this.lexer.lexemes
    var last = -1
    lexemes.forEach(function (lexeme, i) { if (lexeme.type === type.TERM) last = i })
    var kept = lexemes.filter(function (lexeme, i) {
      if (lexeme.type !== type.TERM) return true
      if (!/[\p{L}\p{N}]/u.test(lexeme.str)) return false  // a dash or other sign alone
      return i === last || !isStopWord(lexemes, i)
    })
    var topical = function (lexeme) { return lexeme.type === type.TERM && TOPIC[base(lexeme.str.replace(/\*$/, "").toLowerCase())] }
    if (kept.some(function (lexeme) { return lexeme.type === type.TERM && !topical(lexeme) })) {
      kept = kept.filter(function (lexeme) { return !topical(lexeme) })
    }
    this.lexemes = kept.map(function (lexeme) {
      if (lexeme.type !== type.TERM || !/^[^*]+\*$/.test(lexeme.str)) return lexeme
      if (lexeme === lexemes[last] && !isWord(lexeme.str.slice(0, -1))) return lexeme
      return { type: lexeme.type, str: lexeme.str.slice(0, -1), start: lexeme.start, end: lexeme.end }
    })
    var state = lunr.QueryParser.parseClause
    while (state) state = state(this)
    return this.query
  }

  // Remember the index and the query, to suggest words when a query finds nothing.
  var current = { index: null, query: "" }
  var search = lunr.Index.prototype.search
  lunr.Index.prototype.search = function (query) {
    current.index = this
    current.query = query
    return search.call(this, query)
  }
  // Edit distance with swapped neighbours counted once (lunr counts a swap as two edits).
  var distance = function (a, b) {
    var d = []
    for (var i = 0; i <= a.length; i++) { d[i] = [i]; for (var j = 1; j <= b.length; j++) d[i][j] = i ? 0 : j }
    for (i = 1; i <= a.length; i++) for (j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
    return d[a.length][b.length]
  }
  // «Mente du …?» does a bounded amount of work, so every query answers at once: lunr's fuzzy
  // search grows steeply with a word's length (a pasted 400-character address never answered),
  // and no word in the handbook is longer than LONGEST; only the first MOST_WORDS words get suggestions.
  var LONGEST = 32, MOST_WORDS = 6
  // The indexed word nearest to a typed one: lunr finds the candidates within two edits.
  var nearest = function (index, word) {
    var term = base(word)
    if (term.length < 3 || word.length > LONGEST || term.length > LONGEST) return null
    var found = Object.create(null)
    index.query(function (q) {
      q.term(term, { usePipeline: false, editDistance: term.length > 5 ? 2 : 1 })
    }).forEach(function (result) {
      Object.keys(result.matchData.metadata).forEach(function (t) { found[t] = (found[t] || 0) + result.score })
    })
    var words = Object.keys(found).map(function (t) { return { word: surface[t] || t, score: found[t] } })
    words.sort(function (a, b) { return distance(word, a.word) - distance(word, b.word) || b.score - a.score })
    return words.length ? words[0].word : null
  }
  var suggest = function () {
    if (!current.index) return null
    var changed = false
    var typed = current.query.split(/\s+/).map(function (part) {
      return part.replace(/[*+\-~^]/g, "").toLowerCase()
    }).filter(function (word) { return word && lunr.no.stopWordFilter(new lunr.Token(word)) })
    var words = typed.map(function (word, i) {
      var found = i < MOST_WORDS ? nearest(current.index, word) : null
      if (found && found !== word) { changed = true; return found }
      return word
    })
    return changed ? words.join(" ") : null
  }
  var post = self.postMessage
  self.postMessage = function (message) {
    if (message && message.data && Array.isArray(message.data.items) && !message.data.items.length) {
      message.data.norsk = { mente: suggest() }
    }
    return post.apply(self, arguments)
  }

  // Results a reader can use. Handbook pages and guides that match come before practice
  // cases («Øvelse»), which are labelled; «Mangler» names the words as the reader typed them,
  // not their stems. Wraps the worker's answer (runs before the wrapper above).
  var typedQuery = ""
  var searchTyped = lunr.Index.prototype.search
  lunr.Index.prototype.search = function (query) {
    typedQuery = query
    return searchTyped.call(this, query)
  }
  // Material multiplies a hit's score by (1 + b²), b = 1 for a page's top + the share of the
  // query's words it matched: a chapter whose text is all in sections (chapter 6) lost to any
  // short page. Ranked here by the plain score of a page's best hit and the share of the
  // query's words the page matches anywhere in it.
  var share = function (terms) {
    var keys = Object.keys(terms || {})
    return keys.length ? keys.filter(function (t) { return terms[t] }).length / keys.length : 0
  }
  var plain = function (item) {
    var b = (item.location.indexOf("#") < 0 ? 1 : 0) + share(item.terms)
    return item.score / (1 + b * b)
  }
  var pageScore = function (group) {
    var words = {}, best = 0
    group.forEach(function (item) {
      Object.keys(item.terms || {}).forEach(function (t) { words[t] = words[t] || item.terms[t] })
      best = Math.max(best, plain(item))
    })
    var b = share(words)
    return best * (1 + b * b)
  }
  var isCase = function (group) { return group.some(function (item) { return item.label }) }
  var rerank = function (groups) {
    var scored = groups.map(function (group, i) { return { group: group, score: pageScore(group), kind: +isCase(group), i: i } })
    scored.sort(function (a, b) { return a.kind - b.kind || b.score - a.score || a.i - b.i })
    return scored.map(function (s) { return s.group })
  }
  var typedWords = function () {
    var words = Object.create(null)
    typedQuery.split(/\s+/).forEach(function (part) {
      var word = part.replace(/[*+\-~^:\d]+$|^[+\-]/g, "").toLowerCase()
      if (word) words[base(word)] = word
    })
    return words
  }
  var label = function (item) {
    if (item.label) item.title = '<span class="sok-etikett">' + item.label + "</span> " + item.title
  }
  var answer = self.postMessage
  self.postMessage = function (message) {
    var items = message && message.data && message.data.items
    if (Array.isArray(items) && items.length) {
      var typed = typedWords()
      items = rerank(items)
      items.forEach(function (group) {
        group.forEach(function (item) {
          var terms = {}
          Object.keys(item.terms || {}).forEach(function (t) {
            if (item.terms[t]) terms[t] = true
            else if (typed[t]) terms[typed[t]] = false
          })
          item.terms = terms
          label(item)
        })
      })
      message.data.items = items
    }
    return answer.apply(self, arguments)
  }

  lunr.no.norsk = true
})(self.lunr, /*DATA*/null)
