#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
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

// The identity view of `text`, whose first byte is at `offset` in the original.
class raw_view {
 public:
  raw_view(std::string_view text, std::size_t offset) noexcept : text_(text), offset_(offset) {}

  bool next(decoded_byte& out) noexcept {
    if (pos_ == text_.size()) return false;
    out.value = static_cast<unsigned char>(text_[pos_]);
    out.begin = offset_ + pos_;
    out.end = out.begin + 1;
    ++pos_;
    return true;
  }

 private:
  std::string_view text_;
  std::size_t offset_;
  std::size_t pos_ = 0;
};

// A view with a window of upcoming bytes, for decoders that must look ahead.
template <class View>
class lookahead {
 public:
  // Longest escape a decoder may look at, in bytes of the view below.
  static constexpr std::size_t capacity = 32;

  explicit lookahead(View view) : view_(std::move(view)) {}

  // The byte `k` places ahead (k < capacity), or nullptr past the end.
  const decoded_byte* peek(std::size_t k) {
    while (count_ <= k) {
      if (!view_.next(ring_[(head_ + count_) % capacity])) return nullptr;
      ++count_;
    }
    return &ring_[(head_ + k) % capacity];
  }
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

constexpr int hex_value(unsigned char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The UTF-8 bytes of one decoded code point, all from the same escape.
class pending_bytes {
 public:
  void set_utf8(std::uint32_t cp, std::size_t begin, std::size_t end) noexcept {
    size_ = 0;
    next_ = 0;
    const auto push = [&](std::uint32_t byte) {
      bytes_[size_++] = decoded_byte{static_cast<unsigned char>(byte), begin, end};
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
  }
  bool pop(decoded_byte& out) noexcept {
    if (next_ == size_) return false;
    out = bytes_[next_++];
    return true;
  }

 private:
  decoded_byte bytes_[4];
  std::size_t size_ = 0;
  std::size_t next_ = 0;
};

// JSON string escapes decoded; anything else (a lone surrogate, a bad
// escape) passes through as it is.
template <class View>
class json_unescaped {
 public:
  explicit json_unescaped(View view) : in_(std::move(view)) {}

  bool next(decoded_byte& out) {
    if (pending_.pop(out)) return true;
    const decoded_byte* c = in_.peek(0);
    if (c == nullptr) return false;
    out = *c;
    if (c->value == '\\') {
      if (const decoded_byte* e = in_.peek(1)) {
        if (const unsigned char simple = simple_escape(e->value)) {
          out = decoded_byte{simple, c->begin, e->end};
          in_.drop(2);
          return true;
        }
        std::uint32_t cp = 0;
        if (const std::size_t used = e->value == 'u' ? unicode_escape(cp) : 0) {
          pending_.set_utf8(cp, c->begin, in_.peek(used - 1)->end);
          in_.drop(used);
          return pending_.pop(out);
        }
      }
    }
    in_.drop(1);
    return true;
  }

 private:
  static constexpr unsigned char simple_escape(unsigned char c) noexcept {
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

  // Four hex digits at `at`, or -1.
  long hex4(std::size_t at) {
    long value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const decoded_byte* d = in_.peek(at + i);
      const int digit = d == nullptr ? -1 : hex_value(d->value);
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
    if (high > 0xDBFF) return 0;
    const decoded_byte* slash = in_.peek(6);
    const decoded_byte* u = in_.peek(7);
    if (slash == nullptr || slash->value != '\\' || u == nullptr || u->value != 'u') return 0;
    const long low = hex4(8);
    if (low < 0xDC00 || low > 0xDFFF) return 0;
    cp = static_cast<std::uint32_t>(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
    return 12;
  }

  lookahead<View> in_;
  pending_bytes pending_;
};

// %XX decoded (either case) and + read as a space.
template <class View>
class percent_decoded {
 public:
  explicit percent_decoded(View view) : in_(std::move(view)) {}

  bool next(decoded_byte& out) {
    const decoded_byte* c = in_.peek(0);
    if (c == nullptr) return false;
    out = *c;
    if (c->value == '+') {
      out.value = ' ';
    } else if (c->value == '%') {
      const decoded_byte* h = in_.peek(1);
      const decoded_byte* l = h == nullptr ? nullptr : in_.peek(2);
      const int high = h == nullptr ? -1 : hex_value(h->value);
      const int low = l == nullptr ? -1 : hex_value(l->value);
      if (high >= 0 && low >= 0) {
        out = decoded_byte{static_cast<unsigned char>(high * 16 + low), c->begin, l->end};
        in_.drop(3);
        return true;
      }
    }
    in_.drop(1);
    return true;
  }

 private:
  lookahead<View> in_;
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
template <class View>
class html_unescaped {
 public:
  explicit html_unescaped(View view) : in_(std::move(view)) {}

  bool next(decoded_byte& out) {
    if (pending_.pop(out)) return true;
    const decoded_byte* c = in_.peek(0);
    if (c == nullptr) return false;
    out = *c;
    if (c->value == '&') {
      std::uint32_t cp = 0;
      if (const std::size_t used = reference(cp)) {
        pending_.set_utf8(cp, c->begin, in_.peek(used - 1)->end);
        in_.drop(used);
        return pending_.pop(out);
      }
    }
    in_.drop(1);
    return true;
  }

 private:
  static constexpr std::size_t longest = lookahead<View>::capacity;

  // The reference starting at the '&': the bytes it uses, 0 if none.
  std::size_t reference(std::uint32_t& cp) {
    const decoded_byte* d = in_.peek(1);
    if (d == nullptr) return 0;
    if (d->value == '#') return numeric(cp);
    char name[8];
    std::size_t length = 0;
    for (std::size_t at = 1; at < longest; ++at) {
      d = in_.peek(at);
      if (d == nullptr) return 0;
      if (d->value == ';') {
        cp = html_entity(std::string_view(name, length));
        return cp != 0 ? at + 1 : 0;
      }
      const bool alnum = (d->value >= 'a' && d->value <= 'z') ||
                         (d->value >= 'A' && d->value <= 'Z') ||
                         (d->value >= '0' && d->value <= '9');
      if (!alnum || length == sizeof name) return 0;
      name[length++] = static_cast<char>(d->value);
    }
    return 0;
  }

  std::size_t numeric(std::uint32_t& cp) {
    std::size_t at = 2;
    const decoded_byte* d = in_.peek(at);
    const bool hex = d != nullptr && (d->value == 'x' || d->value == 'X');
    if (hex) ++at;
    const std::size_t first_digit = at;
    std::uint32_t value = 0;
    for (; at < longest; ++at) {
      d = in_.peek(at);
      const int digit = d == nullptr                         ? -1
                        : hex                                ? hex_value(d->value)
                        : d->value >= '0' && d->value <= '9' ? d->value - '0'
                                                             : -1;
      if (digit < 0) break;
      value = value * (hex ? 16u : 10u) + static_cast<std::uint32_t>(digit);
      if (value > 0x10FFFF) return 0;
    }
    if (at == first_digit || at == longest || value == 0 || (value >= 0xD800 && value <= 0xDFFF)) {
      return 0;
    }
    cp = value;
    return d != nullptr && d->value == ';' ? at + 1 : at;
  }

  lookahead<View> in_;
  pending_bytes pending_;
};

// Grams (up to 8 bytes, packed big-endian into a word) in an open-addressing
// hash table.
class gram_table {
 public:
  // Replaces the contents with `grams` (pairs of gram and length in bytes).
  void assign(std::vector<std::pair<std::uint64_t, unsigned>> grams) {
    std::sort(grams.begin(), grams.end());
    grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
    std::size_t bits = 4;
    while ((std::size_t{1} << bits) < 2 * grams.size()) ++bits;
    shift_ = 64 - static_cast<unsigned>(bits);
    slots_.assign(std::size_t{1} << bits, slot{});
    lengths_.clear();
    for (const auto& g : grams) {
      std::size_t i = index(g.first, g.second);
      while (slots_[i].length != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = slot{g.first, static_cast<unsigned char>(g.second)};
      if (std::find(lengths_.begin(), lengths_.end(), g.second) == lengths_.end()) {
        lengths_.push_back(g.second);
      }
    }
    if (grams.empty()) slots_.clear();
  }

  bool empty() const noexcept { return slots_.empty(); }
  // The distinct gram lengths held.
  const std::vector<unsigned>& lengths() const noexcept { return lengths_; }

  bool contains(std::uint64_t gram, unsigned length) const noexcept {
    for (std::size_t i = index(gram, length);; i = (i + 1) & (slots_.size() - 1)) {
      const slot& s = slots_[i];
      if (s.length == 0) return false;
      if (s.gram == gram && s.length == length) return true;
    }
  }

 private:
  struct slot {
    std::uint64_t gram = 0;
    unsigned char length = 0;  // 0: empty
  };

  std::size_t index(std::uint64_t gram, unsigned length) const noexcept {
    return static_cast<std::size_t>(((gram + length) * 0x9E3779B97F4A7C15ull) >> shift_);
  }

  std::vector<slot> slots_;
  std::vector<unsigned> lengths_;
  unsigned shift_ = 60;
};

// Calls f(begin, end) for each range of `text` around its `triggers` (the
// characters that start an escape), outside which a decoding view reads the
// same bytes as the raw one: a gram that uses an escape starts at most 7
// plain bytes before its trigger and ends at most `reach` bytes after the
// last trigger (the rest of an escape, then 7 bytes).
template <class F>
void for_each_escaped_range(std::string_view text, std::string_view triggers, F&& f) {
  constexpr std::size_t reach = lookahead<raw_view>::capacity + secret_gram;
  std::size_t at = text.find_first_of(triggers);
  while (at != std::string_view::npos) {
    const std::size_t begin = at >= secret_gram - 1 ? at - (secret_gram - 1) : 0;
    std::size_t end = at + reach;
    for (;;) {
      at = end < text.size() ? text.find_first_of(triggers, at + 1) : std::string_view::npos;
      if (at == std::string_view::npos || at >= end) break;
      end = at + reach;
    }
    end = std::min(end, text.size());
    f(begin, end);
    if (end == text.size()) break;
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
      std::uint64_t gram = 0;
      for (std::size_t j = 0; j < length; ++j) {
        gram = (gram << 8) | static_cast<unsigned char>(secret[i + j]);
      }
      grams_.emplace_back(gram, static_cast<unsigned>(length));
    }
    table_.assign(grams_);
  }

  bool empty() const noexcept { return table_.empty(); }

  // Calls on_match(begin, end) for the original range of each match, in
  // each view; stops early when it returns true. Within one view, the ends
  // never decrease. Returns whether it stopped early.
  template <class OnMatch>
  bool scan(std::string_view text, OnMatch&& on_match) const {
    if (table_.empty()) return false;
    if (scan_view(raw_view(text, 0), on_match)) return true;
    bool stopped = false;
    const auto views = [&](std::string_view triggers, auto make_view) {
      for_each_escaped_range(text, triggers, [&](std::size_t begin, std::size_t end) {
        if (!stopped)
          stopped = scan_view(make_view(text.substr(begin, end - begin), begin), on_match);
      });
    };
    views("\\", [](std::string_view t, std::size_t at) {
      return json_unescaped<raw_view>(raw_view(t, at));
    });
    views("\\", [](std::string_view t, std::size_t at) {
      return json_unescaped<json_unescaped<raw_view>>(json_unescaped<raw_view>(raw_view(t, at)));
    });
    views("%+", [](std::string_view t, std::size_t at) {
      return percent_decoded<raw_view>(raw_view(t, at));
    });
    views("&", [](std::string_view t, std::size_t at) {
      return html_unescaped<raw_view>(raw_view(t, at));
    });
    return stopped;
  }

 private:
  template <class View, class OnMatch>
  bool scan_view(View view, OnMatch& on_match) const {
    const std::vector<unsigned>& lengths = table_.lengths();
    std::uint64_t window = 0;
    std::size_t begins[secret_gram] = {};
    std::size_t count = 0;
    decoded_byte b;
    while (view.next(b)) {
      window = (window << 8) | b.value;
      begins[count % secret_gram] = b.begin;
      ++count;
      for (const unsigned length : lengths) {
        if (count < length) continue;
        const std::uint64_t gram =
            length == secret_gram ? window : window & ((std::uint64_t{1} << (8 * length)) - 1);
        if (table_.contains(gram, length) &&
            on_match(begins[(count - length) % secret_gram], b.end)) {
          return true;
        }
      }
    }
    return false;
  }

  std::vector<std::pair<std::uint64_t, unsigned>> grams_;
  gram_table table_;
};

}  // namespace plugboard::detail
