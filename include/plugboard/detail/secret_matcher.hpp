// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

// The matcher behind plugboard::secret_set (core/redact.hpp): finds known
// secrets in text from the wire, as they were sent and as a server may echo
// them: JSON-escaped (\" \/ \\ \n \uXXXX, also escaped twice),
// percent-encoded (%XX in either case, + for a space) or HTML-escaped
// (&quot; &#34; &#x22;).
//
// The text is read through one decoding view per encoding; each decoded byte
// keeps the range of original bytes it came from, so a match in any view
// hides exactly those bytes. A secret of 8 bytes or more is matched by any 8
// consecutive bytes of it (an excerpt that cuts a secret still shows none of
// it); a shorter one only whole. An 8-byte gram is a 64-bit word, looked up
// in a hash table once per decoded byte: the cost is linear in the text.
// Views other than the raw one run only around their escape characters.

namespace plugboard::detail {

inline constexpr std::size_t secret_gram = 8;

// One byte of a decoded view, from original bytes [begin, end).
struct decoded_byte {
  unsigned char value = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
};

// A decoder reads a source with look-ahead: at(k) is the byte k places
// ahead (-1 past the end), begin(k) and end(k) its original range (once
// at(k) has been read), drop(k) moves on by k bytes.

// The text itself, whose first byte is at `offset` in the original.
class raw_source {
 public:
  raw_source(std::string_view text, std::size_t offset) noexcept : text_(text), offset_(offset) {}

  int at(std::size_t k) const noexcept {
    return pos_ + k < text_.size() ? static_cast<unsigned char>(text_[pos_ + k]) : -1;
  }
  std::size_t begin(std::size_t k) const noexcept { return offset_ + pos_ + k; }
  std::size_t end(std::size_t k) const noexcept { return offset_ + pos_ + k + 1; }
  void drop(std::size_t k) noexcept { pos_ += k; }

 private:
  std::string_view text_;
  std::size_t offset_;
  std::size_t pos_ = 0;
};

// The output of a decoder as a source for another (an escape escaped again).
template <class View>
class buffered_source {
 public:
  // The longest look-ahead a decoder uses.
  static constexpr std::size_t capacity = 32;

  explicit buffered_source(View view) : view_(std::move(view)) {}

  int at(std::size_t k) {
    while (count_ <= k) {
      if (!view_.next(ring_[(head_ + count_) % capacity])) return -1;
      ++count_;
    }
    return ring_[(head_ + k) % capacity].value;
  }
  std::size_t begin(std::size_t k) const noexcept { return ring_[(head_ + k) % capacity].begin; }
  std::size_t end(std::size_t k) const noexcept { return ring_[(head_ + k) % capacity].end; }
  void drop(std::size_t k) noexcept {
    head_ = (head_ + k) % capacity;
    count_ -= k;
  }

 private:
  View view_;
  decoded_byte ring_[capacity];
  std::size_t head_ = 0;
  std::size_t count_ = 0;
};

// The longest escape any decoder reads, in bytes of its source.
inline constexpr std::size_t longest_escape = buffered_source<raw_source>::capacity;

constexpr int hex_digit(int c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// What every decoder shares: its source, and the UTF-8 bytes of a decoded
// code point still to hand out (all from the same escape).
template <class Source>
class decoder_base {
 public:
  explicit decoder_base(Source in) : in_(std::move(in)) {}

 protected:
  // Hands out `value`, decoded from the next `used` bytes.
  bool emit(decoded_byte& out, int value, std::size_t used) {
    out.value = static_cast<unsigned char>(value);
    out.begin = in_.begin(0);
    out.end = in_.end(used - 1);
    in_.drop(used);
    return true;
  }
  // Hands out the UTF-8 bytes of `cp`, decoded from the next `used` bytes.
  bool emit_utf8(decoded_byte& out, std::uint32_t cp, std::size_t used) {
    const std::size_t begin = in_.begin(0);
    const std::size_t end = in_.end(used - 1);
    in_.drop(used);
    size_ = 0;
    next_ = 0;
    const auto push = [&](std::uint32_t byte) {
      pending_[size_++] = decoded_byte{static_cast<unsigned char>(byte), begin, end};
    };
    if (cp < 0x80) {
      push(cp);
    } else if (cp < 0x800) {
      push(0xC0 | (cp >> 6));
      push(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      push(0xE0 | (cp >> 12));
      push(0x80 | ((cp >> 6) & 0x3F));
      push(0x80 | (cp & 0x3F));
    } else {
      push(0xF0 | (cp >> 18));
      push(0x80 | ((cp >> 12) & 0x3F));
      push(0x80 | ((cp >> 6) & 0x3F));
      push(0x80 | (cp & 0x3F));
    }
    return pending(out);
  }
  bool pending(decoded_byte& out) noexcept {
    if (next_ == size_) return false;
    out = pending_[next_++];
    return true;
  }

  Source in_;

 private:
  decoded_byte pending_[4];
  std::size_t size_ = 0;
  std::size_t next_ = 0;
};

// JSON string escapes decoded; anything else (a lone surrogate, a bad
// escape) passes through as it is.
template <class Source>
class json_unescaped : decoder_base<Source> {
  using base = decoder_base<Source>;
  using base::in_;

 public:
  explicit json_unescaped(Source in) : base(std::move(in)) {}

  bool next(decoded_byte& out) {
    if (this->pending(out)) return true;
    const int c = in_.at(0);
    if (c < 0) return false;
    if (c == '\\') {
      const int e = in_.at(1);
      if (const int simple = simple_escape(e)) return this->emit(out, simple, 2);
      std::uint32_t cp = 0;
      if (const std::size_t used = e == 'u' ? unicode_escape(cp) : 0) {
        return this->emit_utf8(out, cp, used);
      }
    }
    return this->emit(out, c, 1);
  }

 private:
  static constexpr int simple_escape(int c) noexcept {
    switch (c) {
      case '"':
      case '\\':
      case '/': return c;
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      default: return 0;
    }
  }

  // Four hex digits from `k` on, or -1.
  long hex4(std::size_t k) {
    long value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const int digit = hex_digit(in_.at(k + i));
      if (digit < 0) return -1;
      value = value * 16 + digit;
    }
    return value;
  }

  // \uXXXX, or a surrogate pair \uD83D\uDE00: the bytes used, 0 if none.
  std::size_t unicode_escape(std::uint32_t& cp) {
    const long high = hex4(2);
    if (high < 0) return 0;
    if (high < 0xD800 || high > 0xDFFF) {
      cp = static_cast<std::uint32_t>(high);
      return 6;
    }
    if (high > 0xDBFF || in_.at(6) != '\\' || in_.at(7) != 'u') return 0;
    const long low = hex4(8);
    if (low < 0xDC00 || low > 0xDFFF) return 0;
    cp = static_cast<std::uint32_t>(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
    return 12;
  }
};

// %XX decoded (either case) and + read as a space.
template <class Source>
class percent_decoded : decoder_base<Source> {
  using base = decoder_base<Source>;
  using base::in_;

 public:
  explicit percent_decoded(Source in) : base(std::move(in)) {}

  bool next(decoded_byte& out) {
    const int c = in_.at(0);
    if (c < 0) return false;
    if (c == '+') return this->emit(out, ' ', 1);
    if (c == '%') {
      const int high = hex_digit(in_.at(1));
      const int low = high < 0 ? -1 : hex_digit(in_.at(2));
      if (low >= 0) return this->emit(out, high * 16 + low, 3);
    }
    return this->emit(out, c, 1);
  }
};

// The character of an HTML named reference: the ones HTML escapers emit for
// ASCII (&amp; &lt; &gt; &quot; &apos; and HTML5's names for punctuation)
// and &nbsp;. 0 when unknown.
inline std::uint32_t html_entity(std::string_view name) noexcept {
  struct entry {
    std::string_view name;
    std::uint32_t cp;
  };
  static constexpr entry table[] = {
      {"amp", '&'},    {"AMP", '&'},      {"lt", '<'},     {"LT", '<'},     {"gt", '>'},
      {"GT", '>'},     {"quot", '"'},     {"QUOT", '"'},   {"apos", '\''},  {"excl", '!'},
      {"num", '#'},    {"dollar", '$'},   {"percnt", '%'}, {"lpar", '('},   {"rpar", ')'},
      {"ast", '*'},    {"midast", '*'},   {"plus", '+'},   {"comma", ','},  {"period", '.'},
      {"sol", '/'},    {"colon", ':'},    {"semi", ';'},   {"equals", '='}, {"quest", '?'},
      {"commat", '@'}, {"lsqb", '['},     {"lbrack", '['}, {"bsol", '\\'},  {"rsqb", ']'},
      {"rbrack", ']'}, {"Hat", '^'},      {"lowbar", '_'}, {"grave", '`'},  {"lcub", '{'},
      {"lbrace", '{'}, {"verbar", '|'},   {"vert", '|'},   {"rcub", '}'},   {"rbrace", '}'},
      {"Tab", '\t'},   {"NewLine", '\n'}, {"nbsp", 0xA0},
  };
  for (const auto& e : table) {
    if (e.name == name) return e.cp;
  }
  return 0;
}

// HTML character references decoded: named (&quot;), decimal (&#34;) and
// hex (&#x22;), the numeric ones with or without the closing ';'.
template <class Source>
class html_unescaped : decoder_base<Source> {
  using base = decoder_base<Source>;
  using base::in_;

 public:
  explicit html_unescaped(Source in) : base(std::move(in)) {}

  bool next(decoded_byte& out) {
    if (this->pending(out)) return true;
    const int c = in_.at(0);
    if (c < 0) return false;
    std::uint32_t cp = 0;
    if (const std::size_t used = c == '&' ? reference(cp) : 0)
      return this->emit_utf8(out, cp, used);
    return this->emit(out, c, 1);
  }

 private:
  // The reference starting at the '&': the bytes it uses, 0 if none.
  std::size_t reference(std::uint32_t& cp) {
    if (in_.at(1) == '#') return numeric(cp);
    char name[8];
    std::size_t length = 0;
    for (std::size_t k = 1; k < longest_escape; ++k) {
      const int c = in_.at(k);
      if (c == ';') {
        cp = html_entity(std::string_view(name, length));
        return cp != 0 ? k + 1 : 0;
      }
      const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum || length == sizeof name) return 0;
      name[length++] = static_cast<char>(c);
    }
    return 0;
  }

  std::size_t numeric(std::uint32_t& cp) {
    std::size_t k = 2;
    const bool hex = in_.at(k) == 'x' || in_.at(k) == 'X';
    if (hex) ++k;
    const std::size_t first_digit = k;
    std::uint32_t value = 0;
    for (; k < longest_escape; ++k) {
      const int c = in_.at(k);
      const int digit = hex ? hex_digit(c) : c >= '0' && c <= '9' ? c - '0' : -1;
      if (digit < 0) break;
      value = value * (hex ? 16u : 10u) + static_cast<std::uint32_t>(digit);
      if (value > 0x10FFFF) return 0;
    }
    if (k == first_digit || k == longest_escape || value == 0 ||
        (value >= 0xD800 && value <= 0xDFFF)) {
      return 0;
    }
    cp = value;
    return in_.at(k) == ';' ? k + 1 : k;
  }
};

// A gram: up to 8 bytes of a secret, packed big-endian into a word.
struct gram {
  std::uint64_t bits = 0;
  unsigned length = 0;  // in bytes, 1 to 8
};

// Grams in an open-addressing hash table.
class gram_table {
 public:
  // Replaces the contents with `grams` (duplicates are stored once). The
  // table has at least twice as many slots as `grams` has entries.
  void assign(const std::vector<gram>& grams) {
    std::size_t bits = 4;
    while ((std::size_t{1} << bits) < 2 * grams.size()) ++bits;
    shift_ = 64 - static_cast<unsigned>(bits);
    slots_.assign(std::size_t{1} << bits, slot{});
    mask_ = slots_.size() - 1;
    lengths_.clear();
    for (const gram& g : grams) {
      std::size_t i = index(g.bits, g.length);
      while (slots_[i].length != 0 && !(slots_[i].bits == g.bits && slots_[i].length == g.length)) {
        i = (i + 1) & mask_;
      }
      slots_[i] = slot{g.bits, static_cast<unsigned char>(g.length)};
      if (std::find(lengths_.begin(), lengths_.end(), g.length) == lengths_.end()) {
        lengths_.push_back(g.length);
      }
    }
    if (grams.empty()) slots_.clear();
  }

  bool empty() const noexcept { return slots_.empty(); }
  // The distinct gram lengths held.
  const std::vector<unsigned>& lengths() const noexcept { return lengths_; }

  bool contains(std::uint64_t bits, unsigned length) const noexcept {
    for (std::size_t i = index(bits, length);; i = (i + 1) & mask_) {
      const slot& s = slots_[i];
      if (s.length == 0) return false;
      if (s.bits == bits && s.length == length) return true;
    }
  }

 private:
  struct slot {
    std::uint64_t bits = 0;
    unsigned char length = 0;  // 0: empty
  };

  std::size_t index(std::uint64_t bits, unsigned length) const noexcept {
    return static_cast<std::size_t>(((bits + length) * 0x9E3779B97F4A7C15ull) >> shift_);
  }

  std::vector<slot> slots_;
  std::vector<unsigned> lengths_;
  std::size_t mask_ = 0;
  unsigned shift_ = 60;
};

// Calls f(begin, end) for each range of `text` around its `triggers` (up to
// four characters that start an escape), outside which a decoding view reads
// the same bytes as the raw one: a gram that uses an escape starts at most 7
// plain bytes before its trigger and ends at most `reach` bytes after the
// last trigger (the rest of an escape, then 7 bytes).
template <class F>
void for_each_escaped_range(std::string_view text, std::string_view triggers, F&& f) {
  constexpr std::size_t reach = longest_escape + secret_gram;
  constexpr std::size_t none = std::string_view::npos;
  // The next occurrence of each trigger, searched (with memchr) only once
  // passed, so each character's occurrences are found in one pass.
  std::size_t next[4] = {};
  bool known[4] = {};
  const auto find_from = [&](std::size_t from) {
    std::size_t first = none;
    for (std::size_t k = 0; k < triggers.size() && k < 4; ++k) {
      if (!known[k] || next[k] < from) {
        const void* hit = from < text.size()
                              ? std::memchr(text.data() + from, triggers[k], text.size() - from)
                              : nullptr;
        next[k] = hit == nullptr
                      ? none
                      : static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
        known[k] = true;
      }
      first = std::min(first, next[k]);
    }
    return first;
  };
  for (std::size_t at = find_from(0); at != none;) {
    const std::size_t begin = at >= secret_gram - 1 ? at - (secret_gram - 1) : 0;
    std::size_t end = at + reach;
    for (at = find_from(at + 1); at != none && at < end; at = find_from(at + 1)) end = at + reach;
    end = std::min(end, text.size());
    f(begin, end);
  }
}

class secret_matcher {
 public:
  // Adds the grams of `secret`: every 8-byte run of it, or the whole of a
  // shorter one. An empty secret adds nothing.
  void add(std::string_view secret) {
    if (secret.empty()) return;
    const std::size_t length = std::min(secret.size(), secret_gram);
    for (std::size_t i = 0; i + length <= secret.size(); ++i) {
      gram g{0, static_cast<unsigned>(length)};
      for (std::size_t j = 0; j < length; ++j) {
        g.bits = (g.bits << 8) | static_cast<unsigned char>(secret[i + j]);
      }
      grams_.push_back(g);
    }
    table_.assign(grams_);
    only_full_grams_ = table_.lengths().size() == 1 && table_.lengths().front() == secret_gram;
  }

  bool empty() const noexcept { return table_.empty(); }

  // Calls on_match(begin, end) for the original range of each match, in
  // each view; stops early when it returns true. Within one view, the ends
  // never decrease. Returns whether it stopped early.
  template <class OnMatch>
  bool scan(std::string_view text, OnMatch&& on_match) const {
    if (table_.empty()) return false;
    if (scan_raw(text, on_match)) return true;
    bool stopped = false;
    const auto views = [&](std::string_view triggers, auto make_view) {
      for_each_escaped_range(text, triggers, [&](std::size_t begin, std::size_t end) {
        if (!stopped)
          stopped = scan_view(make_view(text.substr(begin, end - begin), begin), on_match);
      });
    };
    views("\\", [](std::string_view t, std::size_t at) {
      return json_unescaped<raw_source>(raw_source(t, at));
    });
    views("\\", [](std::string_view t, std::size_t at) {
      using once = json_unescaped<raw_source>;
      return json_unescaped<buffered_source<once>>(buffered_source<once>(once(raw_source(t, at))));
    });
    views("%+", [](std::string_view t, std::size_t at) {
      return percent_decoded<raw_source>(raw_source(t, at));
    });
    views("&", [](std::string_view t, std::size_t at) {
      return html_unescaped<raw_source>(raw_source(t, at));
    });
    return stopped;
  }

 private:
  // The raw text, where a byte's range is its own position: the common
  // case, kept to a shift and a table probe per byte.
  template <class OnMatch>
  bool scan_raw(std::string_view text, OnMatch& on_match) const {
    std::uint64_t window = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      window = (window << 8) | static_cast<unsigned char>(text[i]);
      const auto begin_of = [i](unsigned length) { return i + 1 - length; };
      if (probe(window, i + 1, i + 1, begin_of, on_match)) return true;
    }
    return false;
  }

  template <class View, class OnMatch>
  bool scan_view(View view, OnMatch& on_match) const {
    std::uint64_t window = 0;
    std::size_t begins[secret_gram] = {};
    std::size_t count = 0;
    decoded_byte b;
    while (view.next(b)) {
      window = (window << 8) | b.value;
      begins[count % secret_gram] = b.begin;
      ++count;
      const auto begin_of = [&](unsigned length) { return begins[(count - length) % secret_gram]; };
      if (probe(window, count, b.end, begin_of, on_match)) return true;
    }
    return false;
  }

  // Looks up the grams that end with the newest byte of `window` (`count`
  // bytes read, the newest ending at `end`); true when on_match says stop.
  template <class BeginOf, class OnMatch>
  bool probe(std::uint64_t window, std::size_t count, std::size_t end, const BeginOf& begin_of,
             OnMatch& on_match) const {
    if (only_full_grams_) {  // no secret shorter than 8 bytes: one probe
      return count >= secret_gram && table_.contains(window, secret_gram) &&
             on_match(begin_of(static_cast<unsigned>(secret_gram)), end);
    }
    for (const unsigned length : table_.lengths()) {
      if (count >= length && table_.contains(masked(window, length), length) &&
          on_match(begin_of(length), end)) {
        return true;
      }
    }
    return false;
  }

  static constexpr std::uint64_t masked(std::uint64_t window, unsigned length) noexcept {
    return length == secret_gram ? window : window & ((std::uint64_t{1} << (8 * length)) - 1);
  }

  std::vector<gram> grams_;
  gram_table table_;
  bool only_full_grams_ = false;
};

}  // namespace plugboard::detail
