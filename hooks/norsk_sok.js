/* Norwegian search that understands inflection (appended to lunr.no.min.js by hooks/norsk_sok.py).
 *
 * The index is stemmed with the Norwegian stemmer. Material appends "*" to every typed term for
 * prefix search, and lunr skips the search pipeline for such terms, so "samtykke*" never met the
 * indexed stem "samtykk". Here a term with one trailing wildcard is stemmed before it is used:
 * "samtykket*" -> "samtykk*", which finds samtykke, samtykket and samtykker alike. */
(function (lunr) {
  if (!lunr || !lunr.no || lunr.Query.prototype.clause.norwegian) return
  var clause = lunr.Query.prototype.clause
  var stemmed = function (query, options) {
    var match = /^([^*]+)\*$/.exec(options.term || "")
    if (match && options.usePipeline === false) {
      var stem = lunr.no.stemmer(new lunr.Token(match[1])).toString()
      if (stem) options.term = stem + "*"
    }
    return clause.call(query, options)
  }
  lunr.Query.prototype.clause = function (options) { return stemmed(this, options) }
  lunr.Query.prototype.clause.norwegian = true
})(self.lunr)
