// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/ShellScriptLexer.h"

#include <utility>

namespace Cachelab {

namespace {

struct PendingHeredoc
{
    QString delimiter;
    bool stripTabs = false; // <<- strips leading tabs from the body and the delimiter line
};

// What the next word is for: an argument, the target of a redirection (not an
// argument), or the delimiter of a heredoc.
enum class WordRole
{
    Argument,
    RedirectionTarget,
    HeredocDelimiter
};

class Lexer
{
public:
    explicit Lexer(const QString &text)
        : m_text(text)
    { }

    ShellScript run()
    {
        while (m_pos < m_text.size())
            step();
        endWord();
        endCommand();
        if (m_crlfContinuations > 0) {
            ShellSyntaxProblem problem;
            problem.kind = ShellSyntaxProblem::Kind::CrlfContinuation;
            problem.line = m_firstCrlfContinuation;
            problem.count = m_crlfContinuations;
            m_problems.append(problem);
        }
        return { m_commands, m_problems };
    }

private:
    QChar at(qsizetype pos) const { return pos < m_text.size() ? m_text.at(pos) : QChar(); }
    QChar peek(qsizetype offset = 0) const { return at(m_pos + offset); }

    void step()
    {
        const QChar c = peek();
        const QChar next = peek(1);
        if (c == QLatin1Char('\\')) {
            if (next == QLatin1Char('\r') && peek(2) == QLatin1Char('\n')) {
                // A script saved with CRLF: bash escapes the CR and ends the command at
                // the LF, so the next line runs on its own (read so here too).
                if (m_crlfContinuations++ == 0)
                    m_firstCrlfContinuation = m_line;
            }
            if (next == QLatin1Char('\n')) { // continuation: bash removes both characters
                m_pos += 2;
                ++m_line;
            } else if (next.isNull()) {
                ++m_pos;
            } else {
                startWord(true);
                m_word.append(next);
                m_pos += 2;
            }
        } else if (c == QLatin1Char('\n')) {
            endWord();
            endCommand();
            ++m_pos;
            ++m_line;
            skipHeredocBodies();
        } else if (c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\r')) {
            endWord();
            ++m_pos;
        } else if (c == QLatin1Char('#') && !m_inWord) {
            while (m_pos < m_text.size() && peek() != QLatin1Char('\n'))
                ++m_pos;
        } else if (c == QLatin1Char('\'')) {
            startWord(true);
            const int opened = m_line;
            ++m_pos;
            if (!copyUntil(QLatin1Char('\''), &m_word))
                unterminated(ShellSyntaxProblem::Kind::UnterminatedQuote, opened, c);
        } else if (c == QLatin1Char('"')) {
            startWord(true);
            const int opened = m_line;
            ++m_pos;
            if (!readDoubleQuoted())
                unterminated(ShellSyntaxProblem::Kind::UnterminatedQuote, opened, c);
        } else if ((c == QLatin1Char('$') && (next == QLatin1Char('(') || next == QLatin1Char('{')))
                   || c == QLatin1Char('`')) {
            startWord(false);
            const int opened = m_line;
            if (!copyExpansion(&m_word))
                unterminated(ShellSyntaxProblem::Kind::UnterminatedExpansion, opened, c);
        } else if (c == QLatin1Char('<') || c == QLatin1Char('>')
                   || (c == QLatin1Char('&') && next == QLatin1Char('>'))) {
            readRedirection();
        } else if (c == QLatin1Char(';') || c == QLatin1Char('&') || c == QLatin1Char('|')
                   || c == QLatin1Char('(') || c == QLatin1Char(')')) {
            endWord();
            endCommand();
            ++m_pos;
        } else {
            startWord(false);
            m_word.append(c);
            ++m_pos;
        }
    }

    void startWord(bool quoted)
    {
        if (!m_inWord) {
            m_inWord = true;
            m_wordLine = m_line;
        }
        m_wordQuoted = m_wordQuoted || quoted;
    }

    void endWord()
    {
        if (!m_inWord)
            return;
        switch (m_role) {
        case WordRole::Argument:
            m_command.words.append({ m_word, m_wordLine, m_wordQuoted });
            break;
        case WordRole::RedirectionTarget:
            break;
        case WordRole::HeredocDelimiter:
            m_heredocs.append({ m_word, m_heredocStripTabs });
            break;
        }
        m_role = WordRole::Argument;
        m_inWord = false;
        m_wordQuoted = false;
        m_word.clear();
    }

    void endCommand()
    {
        if (!m_command.words.isEmpty())
            m_commands.append(m_command);
        m_command = ShellCommand();
        m_role = WordRole::Argument;
    }

    void unterminated(ShellSyntaxProblem::Kind kind, int line, QChar quote)
    {
        ShellSyntaxProblem problem;
        problem.kind = kind;
        problem.line = line;
        problem.quote = quote;
        m_problems.append(problem);
    }

    // Copies up to the closing character (consumed, not copied), counting lines. False
    // when the text ends first.
    bool copyUntil(QChar close, QString *out)
    {
        while (m_pos < m_text.size()) {
            const QChar c = peek();
            ++m_pos;
            if (c == close)
                return true;
            if (c == QLatin1Char('\n'))
                ++m_line;
            out->append(c);
        }
        return false;
    }

    // False when the text ends before the closing quote.
    bool readDoubleQuoted()
    {
        while (m_pos < m_text.size()) {
            const QChar c = peek();
            const QChar next = peek(1);
            if (c == QLatin1Char('"')) {
                ++m_pos;
                return true;
            }
            if (c == QLatin1Char('\\')) {
                if (next == QLatin1Char('\n')) {
                    ++m_line;
                } else if (next == QLatin1Char('$') || next == QLatin1Char('`')
                           || next == QLatin1Char('"') || next == QLatin1Char('\\')) {
                    m_word.append(next);
                } else {
                    m_word.append(c);
                    if (!next.isNull())
                        m_word.append(next);
                    if (next == QLatin1Char('\n'))
                        ++m_line;
                }
                m_pos += 2;
            } else if ((c == QLatin1Char('$')
                        && (next == QLatin1Char('(') || next == QLatin1Char('{')))
                       || c == QLatin1Char('`')) {
                copyExpansion(&m_word);
            } else {
                if (c == QLatin1Char('\n'))
                    ++m_line;
                m_word.append(c);
                ++m_pos;
            }
        }
        return false;
    }

    // $(...), $((...)), ${...} or `...`, copied as written with what is nested in it:
    // its quotes and parentheses must not end the word or the command. False when the
    // text ends before it closes.
    bool copyExpansion(QString *out)
    {
        if (peek() == QLatin1Char('`')) {
            out->append(peek());
            ++m_pos;
            while (m_pos < m_text.size()) {
                const QChar c = peek();
                out->append(c);
                ++m_pos;
                if (c == QLatin1Char('\n'))
                    ++m_line;
                if (c == QLatin1Char('\\') && m_pos < m_text.size()) {
                    out->append(peek());
                    ++m_pos;
                } else if (c == QLatin1Char('`')) {
                    return true;
                }
            }
            return false;
        }
        const QChar open = peek(1);
        const QChar close = open == QLatin1Char('(') ? QLatin1Char(')') : QLatin1Char('}');
        out->append(peek());
        out->append(open);
        m_pos += 2;
        int depth = 1;
        while (m_pos < m_text.size() && depth > 0) {
            const QChar c = peek();
            if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
                out->append(c);
                ++m_pos;
                copyQuotedVerbatim(c, out);
                continue;
            }
            if (c == QLatin1Char('\\')) {
                out->append(c);
                ++m_pos;
                if (m_pos < m_text.size()) {
                    if (peek() == QLatin1Char('\n'))
                        ++m_line;
                    out->append(peek());
                    ++m_pos;
                }
                continue;
            }
            if (c == open)
                ++depth;
            else if (c == close)
                --depth;
            if (c == QLatin1Char('\n'))
                ++m_line;
            out->append(c);
            ++m_pos;
        }
        return depth == 0;
    }

    void copyQuotedVerbatim(QChar quote, QString *out)
    {
        while (m_pos < m_text.size()) {
            const QChar c = peek();
            if (quote == QLatin1Char('"') && c == QLatin1Char('\\') && m_pos + 1 < m_text.size()) {
                out->append(c);
                out->append(peek(1));
                if (peek(1) == QLatin1Char('\n'))
                    ++m_line;
                m_pos += 2;
                continue;
            }
            if (quote == QLatin1Char('"') && c == QLatin1Char('$')
                && (peek(1) == QLatin1Char('(') || peek(1) == QLatin1Char('{'))) {
                copyExpansion(out);
                continue;
            }
            out->append(c);
            ++m_pos;
            if (c == QLatin1Char('\n'))
                ++m_line;
            if (c == quote)
                return;
        }
    }

    // <, >, >>, >&2, 2>&1, &>, <<EOF, <<-EOF, <<<word. The target of a redirection is not
    // an argument of the command; a heredoc's delimiter opens a body to skip.
    void readRedirection()
    {
        bool digitsOnly = m_inWord && !m_wordQuoted && !m_word.isEmpty();
        for (const QChar c : std::as_const(m_word))
            digitsOnly = digitsOnly && c.isDigit();
        if (digitsOnly) { // `2>`: the number is the redirected descriptor
            m_inWord = false;
            m_word.clear();
        } else {
            endWord();
        }
        if (peek() == QLatin1Char('<') && peek(1) == QLatin1Char('<')) {
            if (peek(2) == QLatin1Char('<')) { // here-string: its word is input, not an argument
                m_pos += 3;
                m_role = WordRole::RedirectionTarget;
                return;
            }
            m_pos += 2;
            m_heredocStripTabs = peek() == QLatin1Char('-');
            if (m_heredocStripTabs)
                ++m_pos;
            m_role = WordRole::HeredocDelimiter;
            return;
        }
        QString op(peek());
        ++m_pos;
        while (op.size() < 3
               && (peek() == QLatin1Char('>') || peek() == QLatin1Char('&')
                   || peek() == QLatin1Char('|'))) {
            op.append(peek());
            ++m_pos;
        }
        if (op.endsWith(QLatin1Char('&')) && (peek().isDigit() || peek() == QLatin1Char('-'))) {
            while (peek().isDigit() || peek() == QLatin1Char('-'))
                ++m_pos;
            return;
        }
        m_role = WordRole::RedirectionTarget;
    }

    void skipHeredocBodies()
    {
        for (const PendingHeredoc &heredoc : std::as_const(m_heredocs)) {
            while (m_pos < m_text.size()) {
                qsizetype end = m_text.indexOf(QLatin1Char('\n'), m_pos);
                if (end < 0)
                    end = m_text.size();
                QString line = m_text.mid(m_pos, end - m_pos);
                m_pos = end + 1;
                ++m_line;
                if (line.endsWith(QLatin1Char('\r')))
                    line.chop(1);
                if (heredoc.stripTabs) {
                    while (line.startsWith(QLatin1Char('\t')))
                        line.remove(0, 1);
                }
                if (line == heredoc.delimiter)
                    break;
            }
        }
        m_heredocs.clear();
        if (m_pos > m_text.size())
            m_pos = m_text.size();
    }

    const QString &m_text;
    qsizetype m_pos = 0;
    int m_line = 1;

    QString m_word;
    bool m_inWord = false;
    bool m_wordQuoted = false;
    int m_wordLine = 0;
    WordRole m_role = WordRole::Argument;
    bool m_heredocStripTabs = false;
    QList<PendingHeredoc> m_heredocs;

    ShellCommand m_command;
    QList<ShellCommand> m_commands;
    QList<ShellSyntaxProblem> m_problems;
    int m_crlfContinuations = 0;
    int m_firstCrlfContinuation = 0;
};

} // namespace

QList<ShellCommand> ShellScriptLexer::commands(const QString &script)
{
    return Lexer(script).run().commands;
}

ShellScript ShellScriptLexer::lex(const QString &script)
{
    return Lexer(script).run();
}

} // namespace Cachelab
