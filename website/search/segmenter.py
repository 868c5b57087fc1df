"""Chinese word segmentation for the database search backends.

One segmenter per process, loaded on first use with the domain words in ``userdict.txt``. The
index side and the query side segment differently, on purpose (measured in
``docs/search.md``):

- index: search-engine mode (``cut_for_search``: a word and its dictionary sub-words, so
  知识产权保护 → 知识 产权 知识产权 保护; jieba only adds sub-words of 2 and 3 characters, we add
  the longer ones), HMM off so no word is invented from context that a query
  could not reproduce, punctuation dropped, letters and digits glued together also indexed apart
  (``T19001`` → ``T19001 T 19001``);
- query: precise mode (``cut``), each word widened to "the word, or all of its sub-words" when the
  sub-words cover every character (``ISO9001`` → ``ISO9001`` or ``ISO`` + ``9001`` too), a lone
  Chinese character also matching words that start with it, and a few function words
  (的, 如何 …) dropped.

Text is NFKC-normalised on both sides, so full-width ``ＣＮＡＳ１７７号`` matches ``CNAS177号``.

The engine is ``rjieba`` (a Rust port of jieba, ~10x faster with identical output) unless
``SEARCH_SEGMENTER=jieba`` is set; both read the same user dictionary.
"""

import os
import re
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

USERDICT_PATH = Path(__file__).with_name("userdict.txt")
ENGINES = ("rjieba", "jieba")

# Tokens made only of punctuation, symbols or spaces never reach the index or a query.
_WORD_CHAR = re.compile(r"\w")
_LETTER_DIGIT_BOUNDARY = re.compile(r"[^\W\d_]+|\d+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Words that only carry the grammar of a question. Dropped from queries (never from the index)
# unless nothing else is left: "如何申请CNAS认可" searches for 申请 CNAS 认可.
QUERY_STOPWORDS = frozenset(
    "的 地 得 了 着 过 和 与 及 或 以及 并 在 于 对 为 把 被 之 其 是 也 都 就 还 而 吗 呢 吧 啊 "
    "我 我们 你 你们 他 她 它 请问 如何 怎么 怎样 怎么样 什么 哪里 哪些 哪个 哪家 多少 能否 "
    "可以 是否 需要 想 要 去 做 办 有 有没有 一下 关于 相关".split()
)


# "…号文", "…号文件": the way people refer to a document by its number.
DOCUMENT_SUFFIXES = frozenset({"文", "文件"})


@dataclass(frozen=True)
class QueryWord:
    """One word of a query and the sub-words that may stand in for it in the index.

    ``parts`` is empty when the word has no sub-words covering all of its characters. ``prefix``
    marks a lone Chinese character, which also matches indexed words starting with it: the
    文 of "177号文" finds 文件.
    """

    word: str
    parts: tuple[str, ...] = ()
    prefix: bool = False

    @property
    def terms(self):
        return (self.word, *self.parts)


def normalize(text):
    return unicodedata.normalize("NFKC", text or "")


def is_word(token):
    return bool(_WORD_CHAR.search(token))


class Segmenter:
    """Wraps one engine instance with the project's user dictionary."""

    def __init__(self, engine="rjieba", userdict=USERDICT_PATH):
        if engine not in ENGINES:
            raise ValueError(f"Unknown segmenter {engine!r}; use one of {', '.join(ENGINES)}.")
        self.engine = engine
        self.userdict = Path(userdict) if userdict else None
        if engine == "rjieba":
            import rjieba

            self._impl = rjieba.Jieba()
            self._cut = lambda text: self._impl.cut(text, hmm=False)
            self._cut_for_search = lambda text: self._impl.cut_for_search(text, hmm=False)
            self._has_word = self._impl.has_word
            add_word = lambda word, freq: self._impl.add_word(word, freq, None)  # noqa: E731
        else:
            import jieba

            jieba.setLogLevel(60)
            self._impl = jieba.Tokenizer()
            # jieba caches its parsed dictionary in the temp folder; keep it in one known file.
            self._impl.tmp_dir = os.environ.get("JIEBA_CACHE_DIR") or tempfile.gettempdir()
            self._impl.initialize()
            self._cut = lambda text: list(self._impl.cut(text, HMM=False))
            self._cut_for_search = lambda text: list(self._impl.cut_for_search(text, HMM=False))
            self._has_word = lambda word: self._impl.FREQ.get(word, 0) > 0
            add_word = lambda word, freq: self._impl.add_word(word, freq)  # noqa: E731
        for word, freq in self.user_words():
            add_word(word, freq)

    def user_words(self):
        """Yield ``(word, frequency or None)`` from the user dictionary."""
        if not self.userdict:
            return
        for line in self.userdict.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            word, *rest = line.split()
            freq = int(rest[0]) if rest and rest[0].isdigit() else None
            yield word, freq

    # --- raw engine calls -------------------------------------------------------------------
    def cut(self, text):
        """Precise mode, HMM off, on NFKC-normalised text; punctuation kept."""
        return self._cut(normalize(text))

    def cut_for_search(self, text):
        """Search-engine mode, HMM off, on NFKC-normalised text; punctuation kept."""
        return self._cut_for_search(normalize(text))

    # --- index side -------------------------------------------------------------------------
    def index_tokens(self, text):
        tokens = []
        for token in self.cut_for_search(text):
            if not is_word(token):
                continue
            tokens.append(token)
            if len(token) > 4 and _HAN.search(token):
                # Search mode only adds 2- and 3-character sub-words; add the longer ones too, so
                # 知识产权保护 also yields 知识产权.
                tokens.extend(self._long_sub_words(token))
            elif not _HAN.search(token):
                parts = _LETTER_DIGIT_BOUNDARY.findall(token)
                if len(parts) > 1:
                    tokens.extend(parts)
        return tokens

    def _long_sub_words(self, word):
        return [
            word[start : start + size]
            for size in range(4, len(word))
            for start in range(len(word) - size + 1)
            if self._has_word(word[start : start + size])
        ]

    def index_text(self, text):
        """The text as the index stores it: words separated by spaces."""
        if not text:
            return text or ""
        return " ".join(self.index_tokens(text))

    # --- query side -------------------------------------------------------------------------
    def query_words(self, text):
        """Segment a query typed by a person into :class:`QueryWord` objects, in order, without
        duplicates. Function words are dropped unless they are all there is."""
        words = []
        seen = set()
        previous = ""
        for token in self.cut(text):
            after_number_sign, previous = previous == "号", token
            if after_number_sign and token in DOCUMENT_SUFFIXES:
                continue  # "177号文" is how people name document 177; the policy need not say 文
            if not is_word(token) or token.lower() in seen:
                continue
            seen.add(token.lower())
            lone_han = len(token) == 1 and bool(_HAN.match(token))
            words.append(QueryWord(token, self._covering_parts(token), prefix=lone_han))
        meaningful = [word for word in words if word.word not in QUERY_STOPWORDS]
        return meaningful or words

    def phrase_tokens(self, text):
        """A quoted phrase, segmented exactly as the index is, so its tokens line up."""
        return self.index_tokens(text)

    def highlight_terms(self, text):
        """Every string worth marking in a result for this query: words and their parts."""
        terms = []
        for word in self.query_words(text):
            terms.extend(word.terms)
        return sorted(set(terms), key=lambda term: (-len(term), term))

    def _covering_parts(self, word):
        if not _HAN.search(word):
            # ISO9001 → ISO + 9001, as the index splits letters from digits.
            parts = _LETTER_DIGIT_BOUNDARY.findall(word)
            return tuple(parts) if len(parts) > 1 else ()
        if len(word) < 3:
            return ()
        parts = []
        for part in self.cut_for_search(word):
            if part != word and is_word(part) and part not in parts:
                parts.append(part)
        return self._smallest_cover(word, parts)

    @staticmethod
    def _smallest_cover(word, parts):
        """The fewest sub-words (then the least overlap) that together cover every character of
        ``word``; ``()`` when they cannot. 检测报告 → 检测 + 报告, not 检测 + 测报 + 报告."""
        spans = {}
        for part in parts[:12]:
            positions = set()
            start = word.find(part)
            while start != -1:
                positions.update(range(start, start + len(part)))
                start = word.find(part, start + 1)
            spans[part] = positions
        everything = set(range(len(word)))
        for size in range(1, len(spans) + 1):
            covers = [
                combo
                for combo in combinations(spans, size)
                if set().union(*(spans[part] for part in combo)) == everything
            ]
            if covers:
                best = min(covers, key=lambda combo: sum(len(part) for part in combo))
                return tuple(part for part in parts if part in best)
        return ()


_lock = threading.Lock()
_segmenters = {}


def get_segmenter(engine=None):
    """The process-wide segmenter for ``engine`` (default: ``SEARCH_SEGMENTER`` or rjieba)."""
    if engine is None:
        from django.conf import settings

        engine = getattr(settings, "SEARCH_SEGMENTER", "rjieba")
    segmenter = _segmenters.get(engine)
    if segmenter is None:
        with _lock:
            segmenter = _segmenters.get(engine)
            if segmenter is None:
                segmenter = _segmenters[engine] = Segmenter(engine)
    return segmenter
