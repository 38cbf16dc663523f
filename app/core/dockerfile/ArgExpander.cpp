// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dockerfile/ArgExpander.h"

#include <algorithm>
#include <QRegularExpression>

namespace Cachelab {

namespace {

constexpr int Eof = -1;

// Go's %q for the error messages, so that they read like BuildKit's.
QString goQuote(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (const QChar ch : text) {
        switch (ch.unicode()) {
        case '"':
            out += QLatin1String("\\\"");
            break;
        case '\\':
            out += QLatin1String("\\\\");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\t':
            out += QLatin1String("\\t");
            break;
        case '\r':
            out += QLatin1String("\\r");
            break;
        default:
            if (ch.unicode() < 0x20)
                out += QStringLiteral("\\x%1").arg(ch.unicode(), 2, 16, QLatin1Char('0'));
            else
                out += ch;
        }
    }
    return out + QLatin1Char('"');
}

bool isSpecialParam(int ch)
{
    switch (ch) {
    case '@':
    case '*':
    case '#':
    case '?':
    case '-':
    case '$':
    case '!':
    case '0':
        return true;
    default:
        return false;
    }
}

bool isHeredocSpace(int ch)
{
    return ch == '\t' || ch == '\r' || ch == ' ';
}

// The words of one expansion: shell word splitting that respects quotes.
struct Words
{
    QString word;
    QStringList words;
    bool inWord = false;
    bool enabled = true; // off when only the text is wanted

    void addChar(QChar ch)
    {
        if (!enabled)
            return;
        if (ch.isSpace() && inWord) {
            if (!word.isEmpty()) {
                words.append(word);
                word.clear();
                inWord = false;
            }
        } else if (!ch.isSpace()) {
            addRawChar(ch);
        }
    }
    void addRawChar(QChar ch)
    {
        if (!enabled)
            return;
        word += ch;
        inWord = true;
    }
    void addString(const QString &text)
    {
        if (!enabled)
            return;
        for (const QChar ch : text)
            addChar(ch);
    }
    void addRawString(const QString &text)
    {
        if (!enabled)
            return;
        word += text;
        inWord = true;
    }
    QStringList take()
    {
        if (!word.isEmpty()) {
            words.append(word);
            word.clear();
            inWord = false;
        }
        return words;
    }
};

// Shell pattern (? one character, * shortest or longest run) to a regular expression, as
// BuildKit's convertShellPatternToRegex: no bracket expressions.
bool patternToRegex(const QString &pattern, bool greedy, bool anchored, QRegularExpression *re,
                    QString *error)
{
    QString out;
    if (anchored)
        out += QLatin1Char('^');
    const QString star = greedy ? QStringLiteral(".*") : QStringLiteral(".*?");
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        QChar tok = pattern.at(i);
        switch (tok.unicode()) {
        case '*':
            out += star;
            continue;
        case '?':
            out += QLatin1Char('.');
            continue;
        case '\\': {
            const QChar peek = i + 1 < pattern.size() ? pattern.at(i + 1) : QChar();
            // } and / inside ${} have to be escaped, but the escape is not part of the pattern
            if (peek == QLatin1Char('}') || peek == QLatin1Char('/'))
                continue;
            out += QLatin1Char('\\');
            ++i;
            if (peek != QLatin1Char('*') && peek != QLatin1Char('?') && peek != QLatin1Char('\\')) {
                *error = QStringLiteral("invalid escape '\\%1'").arg(peek);
                return false;
            }
            tok = peek;
            break;
        }
        case '[':
        case ']':
        case '{':
        case '}':
        case '.':
        case '+':
        case '(':
        case ')':
        case '|':
        case '^':
        case '$':
            out += QLatin1Char('\\');
            break;
        default:
            break;
        }
        out += tok;
    }
    *re = QRegularExpression(out, QRegularExpression::DotMatchesEverythingOption);
    if (!re->isValid()) {
        *error = re->errorString();
        return false;
    }
    return true;
}

// The escape stays with the character it escapes: a\*c -> c\*a.
QString reversePattern(const QString &pattern)
{
    QString out(pattern.size(), QChar());
    const qsizetype last = pattern.size() - 1;
    for (qsizetype i = 0; i <= last;) {
        const QChar tok = pattern.at(i);
        const qsizetype outIndex = last - i;
        if (tok == QLatin1Char('\\') && i != last) {
            out[outIndex - 1] = tok;
            out[outIndex] = pattern.at(i + 1);
            i += 2;
        } else {
            out[outIndex] = tok;
            ++i;
        }
    }
    return out;
}

QString reversed(QString text)
{
    std::reverse(text.begin(), text.end());
    return text;
}

class ShellWord
{
public:
    ShellWord(const ArgExpander::Options &options, const QString &input,
              const ArgExpander::Environment &env, bool splitWords)
        : m_options(options)
        , m_input(input)
        , m_env(env)
        , m_rawEscapes(options.rawEscapes)
        , m_splitWords(splitWords)
    { }

    bool process(QString *result, QStringList *words, QString *error)
    {
        return processStopOn(Eof, m_rawEscapes, false, result, words, error);
    }

private:
    int peek() const { return m_pos < m_input.size() ? m_input.at(m_pos).unicode() : Eof; }
    int next() { return m_pos < m_input.size() ? m_input.at(m_pos++).unicode() : Eof; }
    int escape() const { return m_options.escapeToken.unicode(); }

    bool getEnv(const QString &name, QString *value) const
    {
        const auto it = m_env.constFind(name);
        if (it == m_env.constEnd())
            return false;
        *value = it.value();
        return true;
    }

    bool processStopOn(int stopChar, bool rawEscapes, bool preservePatternEscapes,
                       QString *resultOut, QStringList *wordsOut, QString *error)
    {
        QString result;
        Words words;
        words.enabled = m_splitWords && wordsOut;
        // BuildKit switches the escape mode for the span of this call only.
        const bool savedRawEscapes = m_rawEscapes;
        m_rawEscapes = rawEscapes;
        struct Restore
        {
            bool &target;
            bool value;
            ~Restore() { target = value; }
        } restore { m_rawEscapes, savedRawEscapes };

        while (peek() != Eof) {
            int ch = peek();
            if (stopChar != Eof && ch == stopChar) {
                next();
                *resultOut = result;
                if (wordsOut)
                    *wordsOut = words.take();
                return true;
            }
            QString special;
            bool handled = true;
            bool ok = true;
            if (ch == '$') {
                ok = processDollar(&special, error);
            } else if (ch == '<') {
                special = processPossibleHeredoc();
            } else if (!m_options.skipProcessQuotes && ch == '\'') {
                ok = processSingleQuote(preservePatternEscapes, &special, error);
            } else if (!m_options.skipProcessQuotes && ch == '"') {
                ok = processDoubleQuote(preservePatternEscapes, &special, error);
            } else {
                handled = false;
            }
            if (!ok)
                return false;
            if (handled) {
                result += special;
                if (!withinLimit(result, error))
                    return false;
                if (ch == '$')
                    words.addString(special);
                else
                    words.addRawString(special);
                continue;
            }

            ch = next();
            if (ch == escape()) {
                if (m_rawEscapes) {
                    words.addRawChar(QChar(ch));
                    result += QChar(ch);
                }
                // the escape character escapes the next one, except at the very end
                ch = next();
                if (ch == Eof)
                    break;
                words.addRawChar(QChar(ch));
            } else {
                words.addChar(QChar(ch));
            }
            result += QChar(ch);
        }
        if (stopChar != Eof) {
            *error = QStringLiteral("unexpected end of statement while looking for matching %1")
                         .arg(QChar(stopChar));
            return false;
        }
        *resultOut = result;
        if (wordsOut)
            *wordsOut = words.take();
        return true;
    }

    bool processSingleQuote(bool preservePatternEscapes, QString *out, QString *error)
    {
        // Everything up to the next ' is literal; a ' cannot be escaped.
        QString result;
        int ch = next();
        if (m_options.rawQuotes)
            result += QChar(ch);
        for (;;) {
            ch = next();
            if (ch == Eof) {
                *error = QStringLiteral(
                    "unexpected end of statement while looking for matching single-quote");
                return false;
            }
            if (ch == '\'') {
                if (m_options.rawQuotes)
                    result += QChar(ch);
                *out = result;
                return true;
            }
            if (preservePatternEscapes && ch == escape())
                result += QChar(ch);
            result += QChar(ch);
        }
    }

    bool processDoubleQuote(bool preservePatternEscapes, QString *out, QString *error)
    {
        // Literal up to the next ", except $ and the escape character, which escapes only
        // ", $ and itself (as in sh).
        QString result;
        int ch = next();
        if (m_options.rawQuotes)
            result += QChar(ch);
        for (;;) {
            switch (peek()) {
            case Eof:
                *error = QStringLiteral(
                    "unexpected end of statement while looking for matching double-quote");
                return false;
            case '"':
                ch = next();
                if (m_options.rawQuotes)
                    result += QChar(ch);
                *out = result;
                return true;
            case '$': {
                QString value;
                if (!processDollar(&value, error))
                    return false;
                result += value;
                if (!withinLimit(result, error))
                    return false;
                break;
            }
            default:
                ch = next();
                if (ch == escape()) {
                    const int following = peek();
                    if (following == Eof)
                        continue; // an escape at the very end is dropped
                    if (following == '"' || following == '$' || following == escape()) {
                        if (m_rawEscapes)
                            result += QChar(ch);
                        ch = next();
                    } else if (m_rawEscapes && (!m_options.rawQuotes || preservePatternEscapes)) {
                        result += QChar(ch);
                    }
                }
                result += QChar(ch);
            }
        }
    }

    // Values that double at each ARG (A1=${A0}${A0}, …) grow exponentially: the result is
    // bounded by size, not only by nesting, so memory stays bounded by the input.
    static bool withinLimit(const QString &result, QString *error)
    {
        if (result.size() <= ArgExpander::MaxExpandedSize)
            return true;
        *error = QStringLiteral("the expansion is longer than %1 characters").arg(ArgExpander::MaxExpandedSize);
        return false;
    }

    QString processPossibleHeredoc()
    {
        next();
        if (peek() != '<')
            return QStringLiteral("<");
        next();
        // "<< EOF": the blanks stay with the word, so that the heredoc is one word
        QString result = QStringLiteral("<<");
        while (isHeredocSpace(peek()))
            result += QChar(next());
        return result;
    }

    QString processName()
    {
        QString name;
        while (peek() != Eof) {
            const QChar ch(peek());
            if (name.isEmpty() && ch.isDigit()) {
                while (peek() != Eof && QChar(peek()).isDigit())
                    name += QChar(next());
                return name;
            }
            if (name.isEmpty() && isSpecialParam(peek()))
                return QString(QChar(next()));
            if (!ch.isLetter() && !ch.isDigit() && ch != QLatin1Char('_'))
                break;
            name += QChar(next());
        }
        return name;
    }

    bool processDollar(QString *out, QString *error)
    {
        if (m_depth >= ArgExpander::MaxNesting) {
            *error = QStringLiteral("syntax error: variables nested more than %1 levels deep")
                         .arg(ArgExpander::MaxNesting);
            return false;
        }
        ++m_depth;
        const bool ok = processDollarUnguarded(out, error);
        --m_depth;
        return ok;
    }

    bool processDollarUnguarded(QString *out, QString *error)
    {
        next(); // $
        if (peek() != '{') {
            const QString name = processName();
            if (name.isEmpty()) {
                *out = QStringLiteral("$");
                return true;
            }
            QString value;
            if (!getEnv(name, &value) && m_options.skipUnsetEnv)
                value = QLatin1Char('$') + name;
            *out = value;
            return true;
        }

        next(); // {
        switch (peek()) {
        case Eof:
            *error = QStringLiteral("syntax error: missing '}'");
            return false;
        case '{':
        case '}':
        case ':':
            *error = QStringLiteral("syntax error: bad substitution");
            return false;
        default:
            break;
        }
        const QString name = processName();
        int ch = next();
        if (ch == Eof) {
            *error = QStringLiteral("syntax error: missing '}'");
            return false;
        }
        QString modifier { QChar(ch) };
        bool nullIsUnset = false;

        if (ch == '}') {
            QString value;
            if (!getEnv(name, &value) && m_options.skipUnsetEnv)
                value = QStringLiteral("${") + name + QLatin1Char('}');
            *out = value;
            return true;
        }
        if (ch == ':') {
            nullIsUnset = true;
            ch = next();
            if (ch == Eof) {
                *error = QStringLiteral("syntax error: missing '}'");
                return false;
            }
            modifier += QChar(ch);
        } else if (ch != '+' && ch != '-' && ch != '?' && ch != '#' && ch != '%' && ch != '/') {
            *error = QStringLiteral("unsupported modifier (%1) in substitution").arg(modifier);
            return false;
        }

        if (ch == '/' && !nullIsUnset)
            return processReplacement(name, out, error);

        const bool patternOperand = ch == '#' || ch == '%';
        if (nullIsUnset && patternOperand) {
            *error = QStringLiteral("unsupported modifier (%1) in substitution").arg(modifier);
            return false;
        }
        QString word;
        if (!processStopOn('}', patternOperand, patternOperand, &word, nullptr, error)) {
            if (peek() == Eof)
                *error = QStringLiteral("syntax error: missing '}'");
            return false;
        }

        QString value;
        const bool set = getEnv(name, &value);
        if (m_options.skipUnsetEnv && !set) {
            *out = QStringLiteral("${") + name + modifier + word + QLatin1Char('}');
            return true;
        }
        const bool empty = !set || (nullIsUnset && value.isEmpty());
        switch (ch) {
        case '-':
            *out = empty ? word : value;
            return true;
        case '+':
            *out = empty ? QString() : word;
            return true;
        case '?':
            if (!set || (nullIsUnset && value.isEmpty())) {
                const QString fallback = set ? QStringLiteral("is not allowed to be empty")
                                             : QStringLiteral("is not allowed to be unset");
                *error = name + QLatin1String(": ") + (word.isEmpty() ? fallback : word);
                return false;
            }
            *out = value;
            return true;
        case '#':
        case '%': {
            // # and % remove the shortest match, ## and %% the longest
            bool greedy = false;
            if (!word.isEmpty() && word.at(0) == QChar(ch)) {
                greedy = true;
                word.remove(0, 1);
            }
            if (ch == '%')
                return trimPrefix(reversePattern(word), reversed(value), greedy, true, out, error);
            return trimPrefix(word, value, greedy, false, out, error);
        }
        default:
            *error = QStringLiteral("unsupported modifier (%1) in substitution").arg(modifier);
            return false;
        }
    }

    bool trimPrefix(const QString &pattern, const QString &value, bool greedy, bool reverse,
                    QString *out, QString *error)
    {
        QRegularExpression re;
        QString reError;
        if (!patternToRegex(pattern, greedy, true, &re, &reError)) {
            *error = QStringLiteral("invalid pattern (%1) in substitution: %2")
                         .arg(reverse ? reversePattern(pattern) : pattern, reError);
            return false;
        }
        const QRegularExpressionMatch match = re.match(value);
        QString trimmed = match.hasMatch() ? value.mid(match.capturedEnd()) : value;
        *out = reverse ? reversed(trimmed) : trimmed;
        return true;
    }

    bool processReplacement(const QString &name, QString *out, QString *error)
    {
        const bool replaceAll = peek() == '/';
        if (replaceAll)
            next();
        QString pattern;
        if (!processStopOn('/', true, true, &pattern, nullptr, error)) {
            if (peek() == Eof)
                *error = QStringLiteral("syntax error: missing '/' in ${}");
            return false;
        }
        QString replacement;
        if (!processStopOn('}', true, false, &replacement, nullptr, error)) {
            if (peek() == Eof)
                *error = QStringLiteral("syntax error: missing '}'");
            return false;
        }
        QString value;
        if (!getEnv(name, &value) && m_options.skipUnsetEnv) {
            *out = QStringLiteral("${%1/%2/%3}").arg(name, pattern, replacement);
            return true;
        }
        QRegularExpression re;
        QString reError;
        if (!patternToRegex(pattern, true, false, &re, &reError)) {
            *error
                = QStringLiteral("invalid pattern (%1) in substitution: %2").arg(pattern, reError);
            return false;
        }
        // The replacement is taken literally (Go would expand $1 in it; nobody writes that).
        QString result;
        qsizetype from = 0;
        auto it = re.globalMatch(value);
        while (it.hasNext()) {
            const QRegularExpressionMatch match = it.next();
            result += value.mid(from, match.capturedStart() - from) + replacement;
            from = match.capturedEnd();
            if (!replaceAll)
                break;
        }
        result += value.mid(from);
        *out = result;
        return true;
    }

    const ArgExpander::Options &m_options;
    const QString &m_input;
    const ArgExpander::Environment &m_env;
    qsizetype m_pos = 0;
    bool m_rawEscapes = false;
    bool m_splitWords = true;
    int m_depth = 0;
};

} // namespace

ArgExpander::ArgExpander(const Options &options)
    : m_options(options)
{ }

ArgExpander::Result ArgExpander::process(const QString &input, const Environment &env) const
{
    return run(input, env, true);
}

ArgExpander::Result ArgExpander::expand(const QString &input, const Environment &env) const
{
    return run(input, env, false);
}

ArgExpander::Result ArgExpander::run(const QString &input, const Environment &env,
                                     bool splitWords) const
{
    Result result;
    ShellWord word(m_options, input, env, splitWords);
    QString error;
    if (!word.process(&result.text, &result.words, &error)) {
        result.text.clear();
        result.words.clear();
        // The input quoted as BuildKit quotes it, but not a 30 KB line: its start is enough.
        constexpr qsizetype kQuoted = 200;
        result.error = input.size() <= kQuoted
            ? QStringLiteral("failed to process %1: %2").arg(goQuote(input), error)
            : QStringLiteral("failed to process %1… (%2 characters): %3")
                  .arg(goQuote(input.left(kQuoted)))
                  .arg(input.size())
                  .arg(error);
    }
    return result;
}

} // namespace Cachelab
