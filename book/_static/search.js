// Search that finds the chapter a reader means (book/_ext/nnprimer_site.py adds this file
// to search.html only, in every language, before Sphinx's searchtools.js).
//
// searchtools.js defines `splitQuery` and `Scorer` only where a page has not defined them,
// so this file replaces both:
//
// * splitQuery: the Chinese index is segmented by jieba at build time (梯度消失 is stored
//   as 梯度 and 消失), so each run of Chinese characters in a query is cut the same way:
//   longest match against the index's own vocabulary (its terms and title terms), one
//   character where nothing longer matches. A single character the index lacks is left
//   out (the index keeps no one-character words: 学习率 is 学习 there). Latin words stay as
//   they are, except a word the index lacks altogether: its British spelling
//   (initialization -> initialisation), or two words the index has (backpropagation ->
//   back propagation).
// * Scorer.score: the page whose title holds the query comes first, then pages with a
//   heading that does (the heading results Sphinx finds, and the page itself), then
//   Sphinx's own order (title words above body words).
// * Search.htmlToText: the summary under each result is read from the article alone (the
//   theme's main element also holds the download buttons and the page's contents).
"use strict";

const NNPrimerSearch = (() => {
  const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
  const RUNS = new RegExp(`[${HAN}]+|[^${HAN}]+`, "gu");
  const IS_HAN = new RegExp(`^[${HAN}]`, "u");
  // what Sphinx's default splitQuery splits on
  const SEPARATORS = /[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu;
  const MAX_WORD = 16;

  let cached = null;  // {index, words: Set, longest}

  /** The index's words (terms and title terms), once per loaded index. */
  const vocabulary = (index) => {
    if (!index) return null;
    if (cached && cached.index === index) return cached;
    const words = new Set([...Object.keys(index.terms || {}), ...Object.keys(index.titleterms || {})]);
    let longest = 1;
    words.forEach((w) => { if (IS_HAN.test(w)) longest = Math.max(longest, Math.min(w.length, MAX_WORD)); });
    cached = {index, words, longest};
    return cached;
  };

  /** Longest match of a run of Chinese characters against `words`, falling back to
   *  single characters. */
  const segment = (run, words, longest = MAX_WORD) => {
    const out = [];
    for (let i = 0; i < run.length;) {
      let n = Math.min(longest, run.length - i);
      while (n > 1 && !words.has(run.substr(i, n))) n--;
      out.push(run.substr(i, n));
      i += n;
    }
    return out;
  };

  const stem = (word) => (typeof Stemmer === "function" ? new Stemmer().stemWord(word) : word);

  /** A Latin word the index has no trace of, as words it has (or as it is). */
  const latinWords = (word, words) => {
    const lower = word.toLowerCase();
    const known = (w) => words.has(stem(w));
    if (known(lower) || [...words].some((w) => w.includes(stem(lower)))) return [word];
    const british = lower.replace(/iz(e|es|ed|ing|ation|ations)$/, "is$1");
    if (british !== lower && known(british)) return [british];
    for (let i = lower.length - 3; i >= 3; i--) {  // longest first part first
      const [a, b] = [lower.slice(0, i), lower.slice(i)];
      if (known(a) && known(b)) return [a, b];
    }
    return [word];
  };

  /** The words of a query: Chinese runs segmented, Latin words kept. Without a
   *  vocabulary (no index yet) Chinese runs are cut into characters. */
  const split = (query, vocab) => {
    const words = vocab ? vocab.words : new Set();
    const longest = vocab ? vocab.longest : 1;
    const out = [];
    query.split(SEPARATORS).filter((t) => t).forEach((token) => {
      token.match(RUNS).forEach((run) => {
        if (!IS_HAN.test(run)) {
          out.push(...(vocab ? latinWords(run, words) : [run]));
          return;
        }
        segment(run, words, longest).forEach((piece) => {
          // the index keeps no single characters: one it lacks would match nothing
          if (piece.length > 1 || words.has(piece) || !vocab) out.push(piece);
        });
      });
    });
    // a query of nothing but unknown single characters: keep them (and find nothing)
    if (!out.length && vocab) return query.split(SEPARATORS).filter((t) => t);
    return out;
  };

  // ---------------------------------------------------------------------------------
  // Ranking
  // ---------------------------------------------------------------------------------
  /** Added to Sphinx's score (title word 15, body word 5, index entry up to 100). */
  const BOOST = {titlePhrase: 200, titleWords: 100, headingPhrase: 60, headingWords: 30};

  let current = null;  // the query being searched: {phrase, words}
  const squeeze = (text) => text.toLowerCase().replace(SEPARATORS, "");

  const remember = (query, words) => {
    current = {phrase: squeeze(query), words: words.map((w) => (IS_HAN.test(w) ? w : stem(w.toLowerCase())))};
  };

  /** 2: `text` holds the query as typed, 1: all its words, 0: not. */
  const holds = (text) => {
    const t = squeeze(text);
    if (!current || !t) return 0;
    if (current.phrase && t.includes(current.phrase)) return 2;
    return current.words.length && current.words.every((w) => t.includes(squeeze(w))) ? 1 : 0;
  };

  /** Headings of each page (file number -> titles), from the index. */
  let headings = null;
  const pageHeadings = (index) => {
    if (headings && headings.index === index) return headings.byFile;
    const byFile = new Map();
    Object.entries(index.alltitles || {}).forEach(([title, places]) =>
      places.forEach(([file]) => {
        if (!byFile.has(file)) byFile.set(file, []);
        byFile.get(file).push(title);
      }));
    headings = {index, byFile};
    return byFile;
  };

  const score = (result) => {
    const [docName, title, anchor, , base] = result;
    const index = typeof Search !== "undefined" ? Search._index : null;
    if (!index || !current) return base;
    const file = index.docnames.indexOf(docName);
    const pageTitle = index.titles[file] || "";
    if (anchor === "") {  // the page itself
      const inTitle = holds(pageTitle);
      if (inTitle) return base + (inTitle === 2 ? BOOST.titlePhrase : BOOST.titleWords);
      const found = (pageHeadings(index).get(file) || []).map(holds);
      const best = Math.max(0, ...found);
      if (!best) return base;
      return base + (best === 2 ? BOOST.headingPhrase : BOOST.headingWords)
        + Math.min(found.filter((h) => h === best).length, 5);  // more such headings, a little higher
    }
    if (title.startsWith(`${pageTitle} > `)) {  // a heading of the page
      const inHeading = holds(title.slice(pageTitle.length + 3));
      if (inHeading) return base + (inHeading === 2 ? BOOST.headingPhrase : BOOST.headingWords);
    }
    return base;  // an index entry (a glossary term): Sphinx's score
  };

  return {segment, split, vocabulary, remember, score, BOOST};
})();

/** Sphinx's searchtools.js calls this with the query (after the index has loaded). */
var splitQuery = (query) => {
  const index = typeof Search !== "undefined" ? Search._index : null;
  const words = NNPrimerSearch.split(query, NNPrimerSearch.vocabulary(index));
  NNPrimerSearch.remember(query, words);
  return words;
};

/** Sphinx's default scores, and a score function that puts title and heading matches first. */
var Scorer = {
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: {0: 15, 1: 5, 2: -5},
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
  score: (result) => NNPrimerSearch.score(result),
};

// Sphinx's summaries read [role=main], which in this theme also holds the download buttons
// and the page's contents ("....pdf 梯度消失与梯度爆炸 目录 ..."): read the article alone.
// This listener runs before searchtools.js's own (it is added first), so before any search.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined") return;
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const article = new DOMParser().parseFromString(htmlString, "text/html").querySelector("article.bd-article");
    if (!article) return htmlToText(htmlString, anchor);
    article.querySelectorAll(".prev-next-area, .bd-footer-article").forEach((el) => el.remove());
    return htmlToText(`<div role="main">${article.outerHTML}</div>`, anchor);
  };
});
